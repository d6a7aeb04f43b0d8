package untorn.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import untorn.sim.base.Stat;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.ScheduleText;

/** Same seed and schedule, same trace hash: across runs, after a save and load, and across JVMs. */
class DeterminismTest {
  @Test
  void theSameSeedReplaysTheSameTraceLineForLine() {
    for (long seed = 1; seed <= 5; seed++) {
      List<String> first = new ArrayList<>();
      List<String> second = new ArrayList<>();
      Simulation a = Scenarios.pingPong(seed, Scenarios.pingSchedule(seed), (t, line) -> first.add(line));
      Simulation b = Scenarios.pingPong(seed, Scenarios.pingSchedule(seed), (t, line) -> second.add(line));
      a.runUntil(2 * Scenarios.SECOND);
      b.runUntil(2 * Scenarios.SECOND);
      assertThat(second).isEqualTo(first);
      assertThat(b.traceHash()).isEqualTo(a.traceHash());
      assertThat(a.stats().faults()).as("faults happened").isPositive();
      assertThat(a.stats().get(Stat.CRASHES) + a.stats().get(Stat.CRASHES_AT_IO)).isPositive();
    }
  }

  @Test
  void differentSeedsGiveDifferentRuns() {
    assertThat(Scenarios.pingPongHash(1)).isNotEqualTo(Scenarios.pingPongHash(2));
    assertThat(Scenarios.counterHash(1)).isNotEqualTo(Scenarios.counterHash(2));
  }

  @Test
  void aScheduleSavedAsTextReplaysTheSameRun() {
    long seed = 11;
    FaultSchedule original = Scenarios.pingSchedule(seed);
    FaultSchedule loaded = ScheduleText.parse(ScheduleText.format(original));
    Simulation a = Scenarios.pingPong(seed, original, null);
    Simulation b = Scenarios.pingPong(seed, loaded, null);
    a.runUntil(2 * Scenarios.SECOND);
    b.runUntil(2 * Scenarios.SECOND);
    assertThat(b.traceHash()).isEqualTo(a.traceHash());
  }

  @Test
  void aChildJvmComputesTheSameTraceHashes() throws Exception {
    for (String scenario : List.of("pingpong", "counter")) {
      for (long seed : new long[] {3, 4}) {
        assertThat(childHash(scenario, seed)).as(scenario + " seed " + seed)
            .isEqualTo(Long.toHexString(Scenarios.hash(scenario, seed)));
      }
    }
  }

  /** Negative control: the child JVM's identity hashes differ, and the comparison sees it. */
  @Test
  void theCrossJvmCheckCatchesANondeterministicNode() throws Exception {
    assertThat(childHash("identity", 3)).isNotEqualTo(Long.toHexString(Scenarios.hash("identity", 3)));
  }

  /**
   * Runs {@link Scenarios#main} in a new JVM whose identity hash codes are all 1 (a different
   * hashCode algorithm), so that any dependence on them shows.
   */
  private static String childHash(String scenario, long seed) throws IOException, InterruptedException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder pb = new ProcessBuilder(java, "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2", "-Xint",
        "-cp", classpath, Scenarios.class.getName(), scenario, Long.toString(seed));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }
}
