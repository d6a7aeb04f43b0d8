package untorn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import untorn.core.wal.SegmentedWal;

/** {@code untorn wal generate} and {@code untorn wal dump}: round trip, damage, bad arguments. */
class WalCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.commandLine().execute(args);
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
  }

  private static List<Path> segments(Path directory) throws Exception {
    try (Stream<Path> s = Files.list(directory)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".wal")).sorted().toList();
    }
  }

  /** The total line of the dump's summary: records, bytes, image bytes. */
  private static long[] totals(String dump) {
    Matcher m = Pattern.compile("(?m)^total\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$").matcher(dump);
    assertThat(m.find()).as("summary total line in:%n%s", dump).isTrue();
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
  }

  @Test
  void generatedWalDumpsEveryRecordAcrossSegmentsAndEndsCleanly() throws Exception {
    Path wal = dir.resolve("wal");
    Run g = run("wal", "generate", "--records", "400", "--seed", "7", "--segment-size-bytes", "65536", wal.toString());
    assertThat(g.exit()).as(g.err()).isZero();
    assertThat(segments(wal)).hasSizeGreaterThan(1);

    Run d = run("wal", "dump", wal.toString());
    assertThat(d.exit()).as(d.err()).isZero();
    assertThat(totals(d.out())[0]).isEqualTo(400);
    assertThat(totals(d.out())[2]).as("some records carry full-page images").isPositive();
    assertThat(d.out().lines().filter(l -> l.startsWith("lsn ")).count()).isEqualTo(400);
    assertThat(d.out()).contains("stopped: end of available WAL");

    // Files named in stream order give the same dump as their directory.
    String[] args = Stream.concat(Stream.of("wal", "dump", "--stats-only"), segments(wal).stream().map(Path::toString))
        .toArray(String[]::new);
    Run files = run(args);
    assertThat(files.exit()).isZero();
    assertThat(totals(files.out())).containsExactly(totals(d.out()));
    assertThat(files.out()).doesNotContain("lsn 0/");
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    assertThat(run("wal", "generate", "--records", "200", "--seed", "3", a.toString()).exit()).isZero();
    assertThat(run("wal", "generate", "--records", "200", "--seed", "3", b.toString()).exit()).isZero();
    List<Path> sa = segments(a);
    assertThat(sa).hasSize(1);
    assertThat(Files.readAllBytes(sa.get(0))).isEqualTo(Files.readAllBytes(segments(b).get(0)));
    Path c = dir.resolve("c");
    assertThat(run("wal", "generate", "--records", "200", "--seed", "4", c.toString()).exit()).isZero();
    assertThat(Files.readAllBytes(segments(c).get(0))).isNotEqualTo(Files.readAllBytes(sa.get(0)));
  }

  @Test
  void aTruncatedOrFlippedWalReportsWhereValidWalEndsAndExitsOne() throws Exception {
    Path wal = dir.resolve("wal");
    assertThat(run("wal", "generate", "--records", "300", "--seed", "11", wal.toString()).exit()).isZero();
    Path segment = segments(wal).get(0);
    byte[] bytes = Files.readAllBytes(segment);
    long records = totals(run("wal", "dump", "--stats-only", wal.toString()).out())[0];

    Files.write(segment, java.util.Arrays.copyOf(bytes, bytes.length / 2 + 3));
    Run truncated = run("wal", "dump", "--stats-only", wal.toString());
    assertThat(truncated.exit()).isEqualTo(1);
    assertThat(truncated.out()).contains("stopped: incomplete record");
    long kept = totals(truncated.out())[0];
    assertThat(kept).isPositive().isLessThan(records);

    byte[] flipped = bytes.clone();
    flipped[bytes.length / 3] ^= 0x10;
    Files.write(segment, flipped);
    Run damaged = run("wal", "dump", "--stats-only", wal.toString());
    assertThat(damaged.exit()).isEqualTo(1);
    assertThat(damaged.out()).containsPattern("stopped: (checksum mismatch|torn or corrupt page header|invalid record header"
        + "|bad prev-link|malformed record body)");
    assertThat(totals(damaged.out())[0]).isPositive().isLessThan(records);
  }

  @Test
  void badArgumentsAreClearErrorsWithExitTwo() throws Exception {
    Run missing = run("wal", "dump", dir.resolve("nope.wal").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("cannot read").contains("nope.wal");

    Run empty = run("wal", "dump", dir.toString());
    assertThat(empty.exit()).isEqualTo(2);
    assertThat(empty.err()).contains("no WAL segment files");

    Path wal = dir.resolve("wal");
    assertThat(run("wal", "generate", "--records", "10", wal.toString()).exit()).isZero();
    Run again = run("wal", "generate", "--records", "10", wal.toString());
    assertThat(again.exit()).isEqualTo(2);
    assertThat(again.err()).contains("already holds WAL segment files");

    Run unaligned = run("wal", "dump", "--start", "0/3", wal.resolve(SegmentedWal.segmentFileName(0)).toString());
    assertThat(unaligned.exit()).isEqualTo(2);
    assertThat(unaligned.err()).contains("0/3 is not a record boundary");
    assertThat(run("wal", "dump", "--start", "0/zz", wal.toString()).exit()).isEqualTo(2);

    assertThat(run("wal", "generate", "--segment-size-bytes", "1000", dir.resolve("x").toString()).exit()).isEqualTo(2);
    assertThat(run("wal", "generate", "--records", "-1", dir.resolve("y").toString()).exit()).isEqualTo(2);
  }
}
