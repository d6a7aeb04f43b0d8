package untorn.torture.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.sim.SimulationFailure;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureRunner;
import untorn.torture.TortureSummary;
import untorn.torture.Violation;

/**
 * The consensus suite passes on the correct protocol while making progress, replays a seed bit
 * for bit, and catches every mutant within 200 seeds (the bound).
 */
class ConsensusSuiteTest {
  final ConsensusSuite suite = new ConsensusSuite();

  @Test
  void seedsPassUnderEveryFaultClassAndMakeProgress() {
    TortureSummary s = TortureRunner.run(suite, 1, 32, TortureOptions.defaults(), 2, 0, (r, done, total) -> {});
    assertThat(s.failures()).as("%s", s.failures()).isEmpty();
    assertThat(s.seedsRun()).isEqualTo(32);
    // A run that rarely commits proves little: every seed elects and commits, under faults.
    assertThat(s.counters().get("elections")).isGreaterThan(32);
    assertThat(s.counters().get("bytes-committed-in-safety-phase")).isGreaterThan(32 * 10_000L);
    assertThat(s.counters().get("clusters-3")).isPositive();
    assertThat(s.counters().get("clusters-5")).isPositive();
    for (String fault : new String[] {"crashes", "crashes-at-io", "process-kills", "process-kills-at-io", "partitions", "dropped-fault", "duplicated",
        "reordered", "fsync-failures", "disk-full", "clock-jumps", "corrupted"}) {
      assertThat(s.faults()).as("fault class %s injected", fault).containsKey(fault);
    }
  }

  @Test
  void aSeedReplaysBitForBit() {
    SeedResult a = suite.run(5, TortureOptions.defaults());
    SeedResult b = suite.run(5, TortureOptions.defaults());
    assertThat(a.traceHash()).isEqualTo(b.traceHash());
    assertThat(a.events()).isEqualTo(b.events()).isPositive();
    assertThat(a.counters()).isEqualTo(b.counters());
    SeedResult c = suite.run(6, TortureOptions.defaults());
    assertThat(c.traceHash()).isNotEqualTo(a.traceHash());
  }

  @Test
  void everyMutantIsCaughtWithin200Seeds() {
    Map<Mutant, Long> caughtAt = new LinkedHashMap<>();
    for (Mutant m : Mutant.values()) {
      caughtAt.put(m, firstCatch(m, 200));
    }
    System.out.println("consensus mutants caught at seed: " + caughtAt);
    assertThat(caughtAt).allSatisfy((m, seed) -> assertThat(seed).as("mutant %s", m).isPositive());
    assertThat(suite.mutants()).containsExactlyElementsOf(caughtAt.keySet().stream().map(Mutant::cliName).toList());
  }

  /** The first seed at which the mutant makes a run fail, or -1; no shrinking (it is the suite's job). */
  static long firstCatch(Mutant m, int seeds) {
    for (long seed = 1; seed <= seeds; seed++) {
      try {
        ConsensusScenario.Outcome o = new ConsensusScenario(seed, Mutants.of(m)).run(ConsensusScenario.schedule(seed), "", 0);
        if (!o.violations().isEmpty()) {
          return seed;
        }
      } catch (SimulationFailure f) {
        return seed;
      }
    }
    return -1;
  }

  /** A violation found after the run (here a trace rule: a promised term forgotten) is shrunk too. */
  @Test
  void aTraceRuleViolationGetsAShrunkScheduleToo() {
    SeedResult r = suite.run(4, new TortureOptions(Optional.of("vote-without-persist"), false));
    assertThat(r.failed()).isTrue();
    Violation v = r.violations().get(0);
    assertThat(v.invariant()).isEqualTo("trace");
    assertThat(v.message()).startsWith("event ").contains("after promising").contains("seed 4")
        .contains("shrunk from " + ConsensusScenario.schedule(4).events().size() + " to ");
    assertThat(v.schedule()).startsWith("untorn-schedule 1");
    assertThat(v.schedule().lines().filter(l -> l.startsWith("at ")).count())
        .isLessThan(ConsensusScenario.schedule(4).events().size());
  }

  @Test
  void aFailingSeedGetsAShrunkScheduleAndTheReplayCommand() {
    SeedResult r = suite.run(1, new TortureOptions(Optional.of("commit-on-minority"), false));
    assertThat(r.failed()).isTrue();
    assertThat(r.violations().get(0).message()).contains("minority").contains("shrunk");
    assertThat(r.violations().get(0).schedule()).startsWith("untorn-schedule 1");
    assertThat(TortureSummary.replayCommand("consensus", 1, Optional.of("commit-on-minority")))
        .isEqualTo("./untorn replay --suite consensus --seed 1 --mutant commit-on-minority");
  }
}
