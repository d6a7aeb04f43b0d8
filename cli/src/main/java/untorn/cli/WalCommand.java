package untorn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.SplittableRandom;
import untorn.core.io.NioFileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.wal.BlockRef;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalEnd;
import untorn.core.wal.WalLayout;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalReader;
import untorn.core.wal.WalWriter;
import untorn.torture.wal.WalWorkload;

/** {@code untorn wal ...}: tools for WAL files. */
@Command(name = "wal", mixinStandardHelpOptions = true, description = "Inspect and generate WAL.",
    subcommands = {WalCommand.Dump.class, WalCommand.Generate.class})
final class WalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "dump", mixinStandardHelpOptions = true,
      description = {"Print the records of WAL segment files and a summary, like pg_waldump --stats.",
          "Files are read in the order given as one contiguous stream. A file named like a segment "
              + "(16 hex digits + .wal) starts at the LSN in its name; others start at --start."})
  static final class Dump implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE",
        description = "WAL segment files, in stream order, or a directory: its segment files in LSN order.")
    List<Path> files;

    @Option(names = "--start", description = "LSN where the first file begins, when its name does not say (default 0/0).",
        converter = LsnConverter.class)
    Lsn start;

    @Option(names = "--stats-only", description = "Print only the summary.")
    boolean statsOnly;

    @Override
    public Integer call() throws IOException {
      PrintStream out = System.out;
      try {
        files = expandDirectories(files);
      } catch (IOException e) {
        System.err.printf("untorn: cannot read %s%n", e.getMessage());
        return 2;
      }
      if (files.isEmpty()) {
        System.err.println("untorn: no WAL segment files (16 hex digits + .wal) to read");
        return 2;
      }
      Lsn base = start != null ? start : segmentStartFromName(files.get(0));
      if (base == null) {
        base = Lsn.ZERO;
      }
      if (WalLayout.align(base.value()) != base.value()) {
        System.err.printf("untorn: %s is not a record boundary: WAL records start at multiples of %d bytes%n", base,
            untorn.core.Limits.WAL_ALIGN_BYTES);
        return 2;
      }
      InMemoryWal stream = new InMemoryWal(base);
      for (Path f : files) {
        byte[] bytes;
        try {
          bytes = Files.readAllBytes(f);
        } catch (IOException e) {
          System.err.printf("untorn: cannot read %s: %s%n", f, e);
          return 2;
        }
        Lsn named = segmentStartFromName(f);
        if (named != null && !named.equals(stream.end())) {
          System.err.printf("untorn: %s starts at %s but the stream so far ends at %s: files must be contiguous%n",
              f, named, stream.end());
          return 2;
        }
        stream.write(stream.end(), bytes);
      }
      WalReader reader = new WalReader(stream, base);
      Map<WalOp, long[]> byOp = new EnumMap<>(WalOp.class); // records, bytes, image bytes
      long records = 0;
      long recordBytes = 0;
      long imageBytes = 0;
      for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
        records++;
        recordBytes += r.sizeBytes();
        imageBytes += r.record().imageBytes();
        long[] s = byOp.computeIfAbsent(r.op(), k -> new long[3]);
        s[0]++;
        s[1] += r.sizeBytes();
        s[2] += r.record().imageBytes();
        if (!statsOnly) {
          out.println(describe(r));
        }
      }
      WalEnd end = reader.end();
      out.println();
      out.printf("%-12s %10s %14s %14s%n", "op", "records", "bytes", "image bytes");
      for (Map.Entry<WalOp, long[]> e : byOp.entrySet()) {
        out.printf("%-12s %10d %14d %14d%n", e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2]);
      }
      out.printf("%-12s %10d %14d %14d%n", "total", records, recordBytes, imageBytes);
      out.printf("%.1f%% of record bytes are page images%n", recordBytes == 0 ? 0.0 : 100.0 * imageBytes / recordBytes);
      out.printf("WAL read from %s; valid WAL ends at %s; stopped: %s at %s%s%n", base, end.endOfValidWal(),
          end.reason().description(), end.stoppedAt(), end.detail().isEmpty() ? "" : " (" + end.detail() + ")");
      // A clean end is success; damage is reported with exit code 1 so scripts notice.
      return end.reason().clean() ? 0 : 1;
    }

    /** A directory stands for its segment files, in LSN order; a missing path is an error. */
    static List<Path> expandDirectories(List<Path> paths) throws IOException {
      List<Path> out = new ArrayList<>();
      for (Path p : paths) {
        if (Files.isDirectory(p)) {
          try (var listing = Files.list(p)) {
            listing.filter(f -> segmentStartFromName(f) != null).sorted().forEach(out::add);
          }
        } else if (Files.exists(p)) {
          out.add(p);
        } else {
          throw new java.nio.file.NoSuchFileException(p.toString());
        }
      }
      return out;
    }

    static String describe(LoggedRecord r) {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("lsn %-12s prev %-12s len %6d  %-11s", r.startLsn(), r.prevLsn(), r.sizeBytes(), r.op()));
      List<String> blocks = new ArrayList<>();
      for (BlockRef b : r.record().blocks()) {
        blocks.add("blk " + b.key().relation() + "/" + b.key().block() + (b.willInit() ? " will_init" : "")
            + (b.hasImage() ? " FPI" : "") + " data " + b.data().length);
      }
      if (!blocks.isEmpty()) {
        sb.append(" ").append(String.join(", ", blocks));
      }
      if (r.record().mainData().length > 0) {
        sb.append(" main ").append(r.record().mainData().length);
      }
      return sb.toString();
    }

    static Lsn segmentStartFromName(Path f) {
      String name = f.getFileName().toString();
      if (name.length() == 16 + SegmentedWal.SUFFIX.length() && name.endsWith(SegmentedWal.SUFFIX)) {
        try {
          return Lsn.of(Long.parseUnsignedLong(name.substring(0, 16), 16));
        } catch (NumberFormatException e) {
          return null;
        }
      }
      return null;
    }
  }

  @Command(name = "generate", mixinStandardHelpOptions = true,
      description = {"Write a seeded, valid random WAL (heap inserts, updates and deletes on a few pages, some "
          + "with full-page images, commits, messages up to three WAL pages long) into segment files of DIR, "
          + "synced, for `wal dump`, pg_waldump-style comparisons and damage experiments.",
          "The same seed and options always write the same bytes."})
  static final class Generate implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "Directory for the segment files (created; must hold no segment files).")
    Path directory;

    @Option(names = "--records", defaultValue = "1000", description = "Records to write (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the workload (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--pages", defaultValue = "8", description = "Heap pages the records touch (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--image-probability", defaultValue = "0.05",
        description = "Chance that a heap record carries a full-page image (default ${DEFAULT-VALUE}).")
    double imageProbability;

    @Option(names = "--segment-size-bytes", defaultValue = "16777216",
        description = "WAL segment size, a power of two (default ${DEFAULT-VALUE}, 16 MiB).")
    int segmentSizeBytes;

    @Override
    public Integer call() throws IOException {
      if (records < 0 || pages < 1 || !(imageProbability >= 0 && imageProbability <= 1)) {
        System.err.println("untorn: --records must be >= 0, --pages >= 1 and --image-probability in [0, 1]");
        return 2;
      }
      WalLayout layout;
      try {
        layout = new WalLayout(segmentSizeBytes);
      } catch (IllegalArgumentException e) {
        System.err.println("untorn: --segment-size-bytes: " + e.getMessage());
        return 2;
      }
      try {
        Files.createDirectories(directory);
        if (!Dump.expandDirectories(List.of(directory)).isEmpty()) {
          System.err.printf("untorn: %s already holds WAL segment files; choose an empty directory%n", directory);
          return 2;
        }
        SegmentedWal wal = new SegmentedWal(new NioFileSystem(directory), "", layout);
        WalWriter writer = WalWriter.create(wal);
        WalWorkload workload = new WalWorkload(new SplittableRandom(seed), 1, pages, imageProbability);
        for (int i = 0; i < records; i++) {
          writer.append(workload.next());
        }
        writer.sync();
        System.out.printf("wrote %d records, WAL 0/0 to %s, in %d segment file(s) of %s (seed %d)%n", records,
            writer.position(), wal.segments().size(), directory, seed);
        return 0;
      } catch (StorageException e) {
        System.err.println("untorn: cannot write WAL: " + e.getMessage());
        return 2;
      }
    }
  }

  /** Parses LSNs written the PostgreSQL way. */
  static final class LsnConverter implements CommandLine.ITypeConverter<Lsn> {
    @Override
    public Lsn convert(String value) {
      return Lsn.parse(value);
    }
  }

}
