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
import untorn.core.types.Lsn;
import untorn.core.wal.BlockRef;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalEnd;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalReader;

/** {@code untorn wal ...}: tools for WAL files. */
@Command(name = "wal", mixinStandardHelpOptions = true, description = "Inspect WAL.",
    subcommands = {WalCommand.Dump.class})
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
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "WAL segment files, in stream order.")
    List<Path> files;

    @Option(names = "--start", description = "LSN where the first file begins, when its name does not say (default 0/0).",
        converter = LsnConverter.class)
    Lsn start;

    @Option(names = "--stats-only", description = "Print only the summary.")
    boolean statsOnly;

    @Override
    public Integer call() throws IOException {
      PrintStream out = System.out;
      Lsn base = start != null ? start : segmentStartFromName(files.get(0));
      if (base == null) {
        base = Lsn.ZERO;
      }
      InMemoryWal stream = new InMemoryWal(base);
      for (Path f : files) {
        byte[] bytes = Files.readAllBytes(f);
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

  /** Parses LSNs written the PostgreSQL way. */
  static final class LsnConverter implements CommandLine.ITypeConverter<Lsn> {
    @Override
    public Lsn convert(String value) {
      return Lsn.parse(value);
    }
  }

}
