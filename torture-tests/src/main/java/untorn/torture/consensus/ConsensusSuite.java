package untorn.torture.consensus;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.sim.SeedSweep;
import untorn.sim.SimulationFailure;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.ScheduleShrinker;
import untorn.sim.fault.ScheduleText;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureSuite;
import untorn.torture.TortureSummary;
import untorn.torture.Violation;

/**
 * ConsensusSuite: simulated safekeeper clusters under faults (see {@link ConsensusScenario}),
 * safety checked after every event, liveness after the heal. A failing seed gets its fault
 * schedule shrunk (delta debugging: the smallest schedule that still fails the same way) and the
 * replay command. Mutants are the safekeeper's {@link Mutant}s.
 */
public final class ConsensusSuite implements TortureSuite {
  /** Extra runs a failing seed may spend on shrinking its schedule. */
  static final int SHRINK_RUNS = 60;
  static final int TRACE_TAIL_LINES = 40;

  @Override
  public String name() {
    return "consensus";
  }

  @Override
  public String description() {
    return "3 or 5 safekeepers, 1-3 competing computes, every fault class within a minority budget; "
        + "election and log safety, leader completeness, commits, liveness after heal";
  }

  @Override
  public int defaultSeeds() {
    return 200;
  }

  @Override
  public List<String> mutants() {
    return Arrays.stream(Mutant.values()).map(Mutant::cliName).toList();
  }

  @Override
  public SeedResult run(long seed, TortureOptions options) {
    Mutants mutants = options.mutant().map(m -> Mutants.of(Mutant.parse(m))).orElse(Mutants.NONE);
    String replay = TortureSummary.replayCommand(name(), seed, options.mutant());
    FaultSchedule schedule = ConsensusScenario.schedule(seed);
    try {
      ConsensusScenario scenario = new ConsensusScenario(seed, mutants);
      ConsensusScenario.Outcome o = scenario.run(schedule, replay, 0);
      List<Violation> violations = new ArrayList<>();
      if (!o.violations().isEmpty()) {
        // A liveness or trace-rule violation, found after the run: shrink the schedule to one that
        // still ends with a violation of the same kind, as for a safety failure.
        String kind = kindOf(o.violations().get(0));
        ScheduleShrinker.Result shrunk =
            ScheduleShrinker.shrink(schedule, candidate -> endsWith(seed, mutants, candidate, kind, replay), SHRINK_RUNS);
        String where = "\n  seed " + seed + " (schedule shrunk from " + schedule.events().size() + " to "
            + shrunk.schedule().events().size() + " fault events in " + shrunk.runs() + " runs)";
        for (String v : o.violations()) {
          violations.add(new Violation(kindOf(v), v.substring(kindOf(v).length() + 1).strip() + where,
              ScheduleText.format(shrunk.schedule())));
        }
      }
      Map<String, Long> counters = o.counters();
      if (options.validatesTrace(seed)) {
        TlcTraceCheck.Checked c = TlcTraceCheck.validate(scenario, options.tlcTraceEventsMax());
        c.problem().ifPresent(v -> violations.add(new Violation("tlc-trace", v, "")));
        if (c.problem().isEmpty()) {
          counters = new TreeMap<>(counters);
          counters.merge("tlc-traces-admitted", 1L, Long::sum);
          counters.merge("tlc-trace-events-admitted", (long) c.events(), Long::sum);
        }
      }
      return new SeedResult(name(), seed, o.events(), o.faults(), counters, o.traceHash(), violations);
    } catch (SimulationFailure f) {
      SeedSweep.Failure shrunk = SeedSweep.shrink(seed, schedule, f,
          (s, candidate) -> {
            new ConsensusScenario(s, mutants).run(candidate, replay, 0);
            return null;
          }, SHRINK_RUNS);
      Violation v = new Violation(f.kind(), f.what() + "\n  seed " + seed + ", virtual time "
          + ScheduleText.duration(f.atNanos()) + ", event #" + f.eventNumber() + " (schedule shrunk from "
          + schedule.events().size() + " to " + shrunk.shrunk().events().size() + " fault events in "
          + shrunk.shrinkRuns() + " runs)", ScheduleText.format(shrunk.shrunk()));
      return new SeedResult(name(), seed, f.eventNumber(), faultsOf(f), java.util.Map.of(), f.traceHash(), List.of(v));
    }
  }

  private static String kindOf(String violation) {
    return violation.substring(0, violation.indexOf(':'));
  }

  /** Whether a run under {@code schedule} ends with a violation of {@code kind} (not a safety failure). */
  private static boolean endsWith(long seed, Mutants mutants, FaultSchedule schedule, String kind, String replay) {
    try {
      return new ConsensusScenario(seed, mutants).run(schedule, replay, 0).violations().stream()
          .anyMatch(v -> kindOf(v).equals(kind));
    } catch (SimulationFailure f) {
      return false;
    }
  }

  private static java.util.Map<String, Long> faultsOf(SimulationFailure f) {
    java.util.Map<String, Long> out = new java.util.TreeMap<>();
    f.stats().nonZero().forEach((stat, n) -> {
      if (stat.isFault()) {
        out.put(stat.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), n);
      }
    });
    return out;
  }

  /** Replay: the same run with the last trace lines kept, printed on a failure. */
  @Override
  public SeedResult replay(long seed, TortureOptions options, PrintStream out) {
    Mutants mutants = options.mutant().map(m -> Mutants.of(Mutant.parse(m))).orElse(Mutants.NONE);
    FaultSchedule schedule = ConsensusScenario.schedule(seed);
    ConsensusScenario.Shape shape = ConsensusScenario.Shape.of(seed);
    out.printf("consensus seed %d: %d safekeepers, %d computes, mutant %s%nfault schedule:%n%s%n", seed,
        shape.safekeepers(), shape.computes(), mutants, ScheduleText.format(schedule));
    try {
      new ConsensusScenario(seed, mutants).run(schedule, TortureSummary.replayCommand(name(), seed, options.mutant()),
          TRACE_TAIL_LINES);
    } catch (SimulationFailure f) {
      out.println(f.getMessage());
    }
    out.println("validating the implementation trace against Safekeeper.tla with TLC ...");
    out.flush();
    // The same run with this seed's trace validated by TLC (its verdict lands among the violations).
    return run(seed, new TortureOptions(options.mutant(), options.verbose(), seed, 1, options.tlcTraceEventsMax()));
  }
}
