package untorn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code untorn sim}: exit codes, the failure report with its replay command, save and replay. */
class SimCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.commandLine().execute(args);
      return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  @Test
  void theSafeCounterPasses() {
    Run r = run("sim", "counter", "--seeds", "5");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("SAFE (write, fsync, then ack; a restart fsyncs what it read): 5 seed(s) from 1, 0 failed");
  }

  @Test
  void anUnsafeVariantFailsWithAReplayCommandAndItsSavedScheduleReplays() throws Exception {
    Path saved = dir.resolve("failing.schedule");
    Run r = run("sim", "counter", "--variant", "NO_SYNC", "--seeds", "30", "--shrink", "--save-failing", saved.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("FAILED invariant 'acknowledged values survive crashes' violated")
        .contains("replay: ./untorn sim counter --variant NO_SYNC --first-seed").contains("shrunk ");
    String line = r.out().lines().filter(l -> l.startsWith("saved the schedule to")).findFirst().orElseThrow();
    String seed = line.replaceAll(".*--first-seed (\\d+).*", "$1");
    Run replay = run("sim", "counter", "--variant", "NO_SYNC", "--schedule", saved.toString(), "--first-seed", seed, "--seeds", "1");
    assertThat(replay.exit()).isEqualTo(1);
    assertThat(replay.out()).contains("FAILED invariant 'acknowledged values survive crashes' violated");
  }

  @Test
  void aBadScheduleFileIsRejected() throws Exception {
    Path bad = dir.resolve("bad.schedule");
    Files.writeString(bad, "untorn-schedule 1\nat 1ms explode r1\n");
    assertThat(run("sim", "counter", "--schedule", bad.toString()).exit()).isEqualTo(2);
    Files.writeString(bad, "untorn-schedule 1\nat 1ms crash nobody\n");
    assertThat(run("sim", "counter", "--schedule", bad.toString()).exit()).isEqualTo(2);
    assertThat(run("sim", "counter", "--set", "net.nope=1").exit()).isEqualTo(2);
    assertThat(run("sim", "counter", "--set", "net.drop.p=7").exit()).isEqualTo(2);
    assertThat(run("sim", "counter", "--set", "net.latency.max.ms=1e13").exit()).isEqualTo(2);
  }

  @Test
  void aMissingScheduleFileOrNoSeedIsBadInputToo() throws Exception {
    assertThat(run("sim", "counter", "--schedule", dir.resolve("missing.schedule").toString()).exit()).isEqualTo(2);
    assertThat(run("sim", "counter", "--seeds", "0").exit()).as("a run that checks nothing must not pass").isEqualTo(2);
    Path bad = dir.resolve("negative.schedule");
    Files.writeString(bad, "untorn-schedule 1\nat -1ms crash r1\n");
    assertThat(run("sim", "counter", "--schedule", bad.toString()).exit()).isEqualTo(2);
  }

  @Test
  void schedulePrintsLoadableText() {
    Run r = run("sim", "schedule", "--seed", "4");
    assertThat(r.exit()).isZero();
    assertThat(untorn.sim.fault.ScheduleText.parse(r.out()).events()).isNotEmpty();
  }
}
