package untorn.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import untorn.sim.SeedSweep;
import untorn.sim.Simulation;
import untorn.sim.SimulationFailure;
import untorn.sim.base.Stat;
import untorn.sim.demo.CounterScenario;
import untorn.sim.demo.CounterVariant;
import untorn.sim.fault.BudgetTracker;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.ScheduleShrinker;
import untorn.sim.fault.ScheduleSyntaxException;
import untorn.sim.fault.ScheduleText;

/** {@code untorn sim ...}: the deterministic simulator's demo torture and schedule tools. */
@Command(name = "sim", mixinStandardHelpOptions = true,
    description = "Deterministic simulator: torture the toy replicated counter, print fault schedules.",
    subcommands = {SimCommand.Counter.class, SimCommand.Schedule.class})
final class SimCommand implements Runnable {
  private static final long MILLI = 1_000_000;
  private static final int SHRINK_RUNS = 500;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Options shared by the subcommands: the intensities. */
  static final class Intensities {
    @Option(names = "--set", paramLabel = "KNOB=VALUE",
        description = "Change a fault knob of the counter's default profile, e.g. --set net.drop.p=0.1 (repeatable).")
    Map<String, Double> knobs = Map.of();

    /** The profile, or null after printing why a knob is bad. */
    FaultProfile profile() {
      FaultProfile p = CounterScenario.profile();
      try {
        for (Map.Entry<String, Double> e : knobs.entrySet()) {
          p = p.with(Knob.byKey(e.getKey()), e.getValue());
        }
      } catch (IllegalArgumentException e) {
        System.err.println("untorn: " + e.getMessage());
        return null;
      }
      return p;
    }
  }

  @Command(name = "counter", mixinStandardHelpOptions = true,
      description = {"Run the toy replicated counter (3 replicas, 1 client) under faults, one run per seed: a safety "
          + "phase with the schedule's faults, then a healed liveness phase. Invariants run after every event.",
          "Exit status 1 if a seed broke an invariant (expected for the unsafe variants), 2 on bad input."})
  static final class Counter implements Callable<Integer> {
    @Option(names = "--variant", description = "SAFE or an unsafe variant: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    CounterVariant variant = CounterVariant.SAFE;

    @Option(names = "--seeds", description = "Seeds to run (default ${DEFAULT-VALUE}).")
    int seeds = 100;

    @Option(names = "--first-seed", description = "First seed (default ${DEFAULT-VALUE}).")
    long firstSeed = 1;

    @Option(names = "--safety-ms", description = "Virtual milliseconds under faults (default ${DEFAULT-VALUE}).")
    long safetyMillis = 2000;

    @Option(names = "--liveness-ms", description = "Virtual milliseconds the healed cluster gets to commit "
        + CounterScenario.PROGRESS_VALUES + " values (default ${DEFAULT-VALUE}).")
    long livenessMillis = 5000;

    @Option(names = "--schedule", description = "Replay this saved schedule instead of drawing one per seed.")
    Path scheduleFile;

    @Option(names = "--shrink", description = "Shrink the first failing schedule and print it.")
    boolean shrink;

    @Option(names = "--save-failing", description = "Write the first failing (shrunk, with --shrink) schedule here.")
    Path saveFailing;

    @Option(names = "--keep-going", description = "Run every seed even after a failure.")
    boolean keepGoing;

    @CommandLine.Mixin Intensities intensities = new Intensities();

    private FaultProfile profile;

    @Override
    public Integer call() throws IOException {
      PrintStream out = System.out;
      profile = intensities.profile();
      if (profile == null) {
        return 2;
      }
      if (seeds < 1) { // zero seeds would "pass" without checking anything
        System.err.println("untorn: --seeds must be at least 1, not " + seeds);
        return 2;
      }
      FaultSchedule fixed;
      try {
        fixed = scheduleFile == null ? null : ScheduleText.parse(Files.readString(scheduleFile, StandardCharsets.UTF_8));
      } catch (ScheduleSyntaxException e) {
        System.err.println("untorn: " + scheduleFile + ": " + e.getMessage());
        return 2;
      } catch (IOException e) { // missing, unreadable or not UTF-8: bad input, not a failed seed (exit 1)
        System.err.println("untorn: cannot read the schedule " + scheduleFile + ": " + e);
        return 2;
      }
      if (fixed != null) {
        for (String v : BudgetTracker.violations(fixed)) {
          out.println("note: schedule over its budget: " + v);
        }
      }
      long[] committed = new long[1];
      long started = System.nanoTime();
      SeedSweep.Summary sum;
      try {
        sum = SeedSweep.sweep(firstSeed, seeds, seed -> fixed != null ? fixed : drawn(seed), (seed, schedule) -> {
          CounterScenario.Result r = runOnce(seed, schedule, 0);
          committed[0] += r.committedInSafety();
          return r.outcome();
        }, keepGoing, shrink ? SHRINK_RUNS : 0);
      } catch (IllegalArgumentException e) { // a schedule that does not fit the counter's nodes
        System.err.println("untorn: " + e.getMessage());
        return 2;
      }
      for (SeedSweep.Failure f : sum.failures()) {
        report(out, f);
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      long events = sum.stats().get(Stat.EVENTS);
      out.printf("%s (%s): %d seed(s) from %d, %d failed, %d without progress after the heal; %.1f values committed"
          + " per seed under faults; %d events in %.1f s (%.0f events/s)%n%s", variant, variant.description(),
          sum.seedsRun(), firstSeed, sum.failures().size(), sum.withoutProgress(), committed[0] / (double) sum.seedsRun(),
          events, seconds, events / seconds, sum.stats().table());
      return sum.failures().isEmpty() && sum.withoutProgress() == 0 ? 0 : 1;
    }

    private FaultSchedule drawn(long seed) {
      return CounterScenario.schedule(CounterScenario.plan(profile), seed, safetyMillis * MILLI);
    }

    private CounterScenario.Result runOnce(long seed, FaultSchedule schedule, int traceTail) {
      return CounterScenario.run(Simulation.builder(seed).schedule(schedule).traceTail(traceTail).replayHint(replay(seed)),
          variant, safetyMillis * MILLI, livenessMillis * MILLI);
    }

    private String replay(long seed) {
      return replay(seed, scheduleFile);
    }

    /** The command that replays one seed; a schedule file carries its own knobs. */
    private String replay(long seed, Path schedule) {
      List<String> args = new ArrayList<>(List.of("./untorn sim counter --variant " + variant, "--first-seed " + seed,
          "--seeds 1", "--safety-ms " + safetyMillis, "--liveness-ms " + livenessMillis));
      if (schedule != null) {
        args.add("--schedule " + schedule);
      } else {
        intensities.knobs.forEach((k, v) -> args.add("--set " + k + "=" + v));
      }
      return String.join(" ", args);
    }

    private void report(PrintStream out, SeedSweep.Failure f) throws IOException {
      // Rerun with a trace tail for the report: the run is deterministic, so it fails the same way.
      SimulationFailure traced = f.failure();
      try {
        runOnce(f.seed(), f.schedule(), 40);
      } catch (SimulationFailure again) {
        traced = again;
      }
      out.println("FAILED " + traced.getMessage());
      if (shrink) {
        out.printf("shrunk %d fault events to %d in %d runs; fault knobs on and events:%n%s", f.schedule().events().size(),
            f.shrunk().events().size(), f.shrinkRuns(), ScheduleShrinker.essentials(f.shrunk()));
      }
      if (saveFailing != null) {
        Files.writeString(saveFailing, ScheduleText.format(f.shrunk()), StandardCharsets.UTF_8);
        out.println("saved the schedule to " + saveFailing + "; replay: " + replay(f.seed(), saveFailing));
      }
    }
  }

  @Command(name = "schedule", mixinStandardHelpOptions = true,
      description = "Print the fault schedule the counter torture draws for a seed, as editable text.")
  static final class Schedule implements Callable<Integer> {
    @Option(names = "--seed", required = true, description = "The seed.")
    long seed;

    @Option(names = "--safety-ms", description = "Virtual milliseconds of faults (default ${DEFAULT-VALUE}).")
    long safetyMillis = 2000;

    @CommandLine.Mixin Intensities intensities = new Intensities();

    @Override
    public Integer call() {
      FaultProfile profile = intensities.profile();
      if (profile == null) {
        return 2;
      }
      FaultSchedule s = CounterScenario.schedule(CounterScenario.plan(profile), seed, safetyMillis * MILLI);
      System.out.print(ScheduleText.format(s));
      return 0;
    }
  }
}
