package untorn.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import untorn.sim.SeedSweep;
import untorn.sim.Simulation;
import untorn.sim.SimulationFailure;
import untorn.sim.base.Counters;
import untorn.sim.base.Stat;
import untorn.sim.fault.FaultEvent;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.ScheduleShrinker;
import untorn.sim.fault.ScheduleText;

/**
 * The toy replicated counter under the simulator: the safe variant passes many seeds with every
 * fault class on and makes progress; each unsafe variant is caught, by the invariant its bug
 * breaks; a caught schedule shrinks to a few events that still fail.
 */
class CounterTortureTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long SAFETY_NANOS = 2 * SECOND;
  private static final long LIVENESS_NANOS = 5 * SECOND;
  static final int SAFE_SEEDS = Integer.getInteger("counter.seeds", 300);
  private static final int UNSAFE_SEEDS = 60;

  /** The profile each variant runs under: the faults its bug needs, at a rate that finds it. */
  static FaultProfile profileFor(CounterVariant v) {
    FaultProfile p = CounterScenario.profile();
    if (v == CounterVariant.RETRY_FAILED_FSYNC) {
      p = p.with(Knob.DISK_FSYNC_FAIL_P, 0.05).with(Knob.PROC_CRASH_PER_S, 2);
    }
    return p;
  }

  static FaultSchedule schedule(CounterVariant v, long seed) {
    return CounterScenario.schedule(CounterScenario.plan(profileFor(v)), seed, SAFETY_NANOS);
  }

  static CounterScenario.Result run(CounterVariant v, long seed, FaultSchedule schedule) {
    return CounterScenario.run(Simulation.builder(seed).schedule(schedule).traceTail(30)
        .replayHint("mvn -pl fault-injection verify -Dtest=CounterTortureTest (variant " + v + ", seed " + seed + ")"),
        v, SAFETY_NANOS, LIVENESS_NANOS);
  }

  @Test
  void theSafeCounterSurvivesEveryFaultClassAndMakesProgress() {
    Counters total = new Counters();
    long committedInSafety = 0;
    int stalledInSafety = 0;
    for (long seed = 1; seed <= SAFE_SEEDS; seed++) {
      CounterScenario.Result r = run(CounterVariant.SAFE, seed, schedule(CounterVariant.SAFE, seed));
      assertThat(r.outcome().progressed()).as("seed %d: %s", seed, r.outcome().summary()).isTrue();
      total.addAll(r.outcome().stats());
      committedInSafety += r.committedInSafety();
      stalledInSafety += r.committedInSafety() == 0 ? 1 : 0;
    }
    System.out.printf("safe counter: %d seeds, %d values committed under faults (%.1f per seed), %d seeds without a"
        + " commit under faults%n%s", SAFE_SEEDS, committedInSafety, committedInSafety / (double) SAFE_SEEDS,
        stalledInSafety, total.table());
    // A full disk never refuses the counter (it overwrites in place); SimDiskTest covers that class.
    for (Stat s : new Stat[] {Stat.CRASHES, Stat.CRASHES_AT_IO, Stat.PROCESS_KILLS, Stat.PROCESS_KILLS_AT_IO,
        Stat.UNSYNCED_SECTORS_SEEN_AFTER_KILL, Stat.PANICS, Stat.PAUSES, Stat.DROPPED_FAULT,
        Stat.DUPLICATED, Stat.REORDERED, Stat.DROPPED_PARTITION, Stat.RESETS, Stat.FSYNC_FAILURES, Stat.READ_ERRORS,
        Stat.WRITE_ERRORS, Stat.UNSYNCED_SECTORS_LOST, Stat.UNSYNCED_SECTORS_KEPT, Stat.CLOCK_SKEWS,
        Stat.CLOCK_JUMPS}) {
      assertThat(total.get(s)).as(s.description()).isPositive();
    }
    assertThat(committedInSafety / (double) SAFE_SEEDS).as("values committed per seed under faults").isGreaterThan(50);
  }

  @Test
  void everyUnsafeVariantIsCaughtByTheInvariantItBreaks() {
    Map<CounterVariant, Integer> caught = new EnumMap<>(CounterVariant.class);
    for (CounterVariant v : CounterVariant.values()) {
      if (v == CounterVariant.SAFE || v == CounterVariant.RESTART_WITHOUT_SYNC) {
        continue; // the second needs a client stalled on one value: KillThenPowerLossTest scripts it
      }
      String expected = v == CounterVariant.COMMIT_ON_MINORITY ? CounterScenario.QUORUM_HOLDS : CounterScenario.ACKED_SURVIVE;
      SeedSweep.Summary sum = SeedSweep.sweep(1, UNSAFE_SEEDS, seed -> schedule(v, seed),
          (seed, s) -> run(v, seed, s).outcome(), true, 0);
      assertThat(sum.failures()).allSatisfy(f -> assertThat(f.failure().kind()).isEqualTo("invariant '" + expected + "'"));
      caught.put(v, sum.failures().size());
    }
    System.out.println("unsafe variants caught (seeds failing of " + UNSAFE_SEEDS + "): " + caught);
    assertThat(caught.values()).allSatisfy(n -> assertThat(n).isPositive());
  }

  @Test
  void aCaughtScheduleShrinksToAFewEventsThatStillFail() {
    // Without per-operation disk faults, never syncing is caught only through scheduled crashes.
    FaultPlan plan = CounterScenario.plan(CounterScenario.profile().with(Knob.DISK_FSYNC_FAIL_P, 0)
        .with(Knob.DISK_WRITE_ERROR_P, 0).with(Knob.DISK_READ_ERROR_P, 0));
    CounterVariant v = CounterVariant.NO_SYNC;
    SeedSweep.Summary sum = SeedSweep.sweep(1, UNSAFE_SEEDS, seed -> CounterScenario.schedule(plan, seed, SAFETY_NANOS),
        (seed, s) -> run(v, seed, s).outcome(), false, 300);
    assertThat(sum.failures()).hasSize(1);
    SeedSweep.Failure f = sum.failures().get(0);
    System.out.printf("%s seed %d: %d fault events shrunk to %d in %d runs:%n%s", v, f.seed(), f.schedule().events().size(),
        f.shrunk().events().size(), f.shrinkRuns(), ScheduleShrinker.essentials(f.shrunk()));
    assertThat(f.shrunk().events().size()).isBetween(1, 3).isLessThan(f.schedule().events().size());
    assertThat(f.shrunk().events()).anyMatch(e -> e instanceof FaultEvent.Crash);
    long faultKnobsOn = f.shrunk().plan().profile().values().entrySet().stream()
        .filter(e -> e.getKey().isFault() && e.getValue() != 0).count();
    assertThat(faultKnobsOn).isLessThanOrEqualTo(2);
    FaultSchedule reloaded = ScheduleText.parse(ScheduleText.format(f.shrunk()));
    assertThatThrownBy(() -> run(v, f.seed(), reloaded)).isInstanceOf(SimulationFailure.class)
        .satisfies(e -> assertThat(((SimulationFailure) e).kind()).isEqualTo(f.failure().kind()));
  }

  @Test
  void withoutCrashesEvenTheUnsafeDurabilityVariantsPass() {
    // The checker is not trigger-happy: the durability bugs need crashes to show.
    FaultPlan noCrashes = CounterScenario.plan(CounterScenario.profile().with(Knob.PROC_CRASH_PER_S, 0)
        .with(Knob.DISK_FSYNC_FAIL_P, 0).with(Knob.DISK_READ_ERROR_P, 0).with(Knob.DISK_WRITE_ERROR_P, 0)
        .with(Knob.DISK_FULL_PER_S, 0));
    for (CounterVariant v : new CounterVariant[] {CounterVariant.NO_SYNC, CounterVariant.ACK_BEFORE_SYNC,
        CounterVariant.RENAME_WITHOUT_DIRECTORY_SYNC, CounterVariant.RETRY_FAILED_FSYNC,
        CounterVariant.RESTART_WITHOUT_SYNC}) {
      for (long seed = 1; seed <= 10; seed++) {
        CounterScenario.run(Simulation.builder(seed).schedule(CounterScenario.schedule(noCrashes, seed, SAFETY_NANOS)), v,
            SAFETY_NANOS, LIVENESS_NANOS);
      }
    }
  }
}
