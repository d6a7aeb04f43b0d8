package untorn.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import untorn.sim.base.Counters;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.ScheduleShrinker;

/**
 * SeedSweep runs a scenario over consecutive seeds, as every torture suite does: it adds up the
 * counters, counts runs whose healed cluster made no progress, and for a failing seed shrinks the
 * schedule to one that fails the same way ({@link SimulationFailure#kind}), ready to print with
 * the replay command and to save as a regression case.
 */
public final class SeedSweep {
  private SeedSweep() {}

  /** One seed's run under a schedule: builds the simulation and runs it; throws on failure. */
  @FunctionalInterface
  public interface Scenario {
    RunOutcome run(long seed, FaultSchedule schedule);
  }

  /** A failing seed: its schedule, the failure, and the shrunk schedule (the same if not shrunk). */
  public record Failure(long seed, FaultSchedule schedule, SimulationFailure failure, FaultSchedule shrunk, int shrinkRuns) {}

  /** What a sweep saw. */
  public record Summary(int seedsRun, int withoutProgress, Counters stats, List<Failure> failures) {}

  /**
   * Runs seeds {@code firstSeed .. firstSeed + seeds - 1}, each under the schedule {@code
   * schedules} gives it; stops at the first failure unless {@code keepGoing}; shrinks failures
   * with at most {@code shrinkRuns} extra runs each (0: no shrinking).
   */
  public static Summary sweep(long firstSeed, int seeds, LongFunction<FaultSchedule> schedules, Scenario scenario,
      boolean keepGoing, int shrinkRuns) {
    Counters total = new Counters();
    List<Failure> failures = new ArrayList<>();
    int ran = 0;
    int stalled = 0;
    for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
      ran++;
      FaultSchedule schedule = schedules.apply(seed);
      try {
        RunOutcome out = scenario.run(seed, schedule);
        total.addAll(out.stats());
        stalled += out.progressed() ? 0 : 1;
      } catch (SimulationFailure f) {
        failures.add(shrink(seed, schedule, f, scenario, shrinkRuns));
        if (!keepGoing) {
          break;
        }
      }
    }
    return new Summary(ran, stalled, total, failures);
  }

  /** Shrinks a failing seed's schedule to one that still fails the same way. */
  public static Failure shrink(long seed, FaultSchedule schedule, SimulationFailure f, Scenario scenario, int shrinkRuns) {
    if (shrinkRuns <= 0) {
      return new Failure(seed, schedule, f, schedule, 0);
    }
    String kind = f.kind();
    ScheduleShrinker.Result r = ScheduleShrinker.shrink(schedule, candidate -> {
      try {
        scenario.run(seed, candidate);
        return false;
      } catch (SimulationFailure again) {
        return again.kind().equals(kind);
      }
    }, shrinkRuns);
    return new Failure(seed, schedule, f, r.schedule(), r.runs());
  }
}
