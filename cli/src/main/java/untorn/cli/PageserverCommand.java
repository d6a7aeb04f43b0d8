package untorn.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import untorn.pageserver.check.CheckFailure;
import untorn.pageserver.check.PolicyComparison;
import untorn.pageserver.check.TimelineScenario;
import untorn.pageserver.image.ImagePolicy;

/** {@code untorn pageserver ...}: the pageserver's torture runs and policy benchmark. */
@Command(name = "pageserver", mixinStandardHelpOptions = true, description = "Pageserver torture and benchmarks.",
    subcommands = {PageserverCommand.Torture.class, PageserverCommand.Bench.class})
final class PageserverCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "torture", mixinStandardHelpOptions = true,
      description = {"Run seeded pageserver scenarios against the reference redo: random WAL in random chunks, background "
          + "work in a seeded order, GC, restarts, a branch. Every GetPage must equal sequential redo.",
          "A failure prints the one-line spec that replays it (--replay)."})
  static final class Torture implements Callable<Integer> {
    @Option(names = "--seeds", defaultValue = "100", description = "Seeds per policy (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--first-seed", defaultValue = "1", description = "First seed (default ${DEFAULT-VALUE}).")
    long firstSeed;

    @Option(names = "--policy", description = "Image policies (none, checkpoint:BYTES, delta-threshold:T); default: all of "
        + "none, checkpoint:16384, delta-threshold:1, delta-threshold:4, delta-threshold:16.")
    List<String> policies;

    @Option(names = "--records", defaultValue = "400", description = "WAL records per scenario (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--replay", description = "Rerun exactly one scenario from its spec.")
    String replay;

    @Override
    public Integer call() {
      if (replay != null) {
        try {
          System.out.println(TimelineScenario.run(TimelineScenario.Params.decode(replay)));
          return 0;
        } catch (CheckFailure f) {
          System.out.println("FAIL " + f.getMessage());
          f.printStackTrace(System.out);
          return 1;
        }
      }
      List<String> ps = policies != null ? policies
          : List.of("none", "checkpoint:16384", "delta-threshold:1", "delta-threshold:4", "delta-threshold:16");
      ps.forEach(ImagePolicy::parse);
      List<String> failures = new ArrayList<>();
      long reads = 0;
      long images = 0;
      long collected = 0;
      int restarts = 0;
      TimelineScenario.Stats last = null;
      long t0 = System.nanoTime();
      try (ProgressBar bar = new ProgressBar("scenarios", (long) seeds * ps.size())) {
        for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
          for (String p : ps) {
            TimelineScenario.Params params = new TimelineScenario.Params(seed, p, records, seed % 2 == 0, true, true, true);
            try {
              last = TimelineScenario.run(params);
              reads += last.reads();
              images += last.images();
              collected += last.gcVersions();
              restarts += last.restarts();
            } catch (CheckFailure f) {
              failures.add(f.getMessage());
            }
            bar.step();
          }
        }
      }
      failures.forEach(f -> System.out.println("FAIL " + f));
      if (last != null) {
        System.out.print("the last scenario's root timeline, since its last restart:\n" + last.lastSummary().toText());
      }
      System.out.printf("%d scenarios: %d reads checked against the reference redo, %d images generated, %d versions"
          + " collected by GC, %d restarts; %d failures; %.1f s%n", (long) seeds * ps.size(), reads, images, collected, restarts,
          failures.size(), (System.nanoTime() - t0) / 1e9);
      return failures.isEmpty() ? 0 : 1;
    }
  }

  @Command(name = "bench", mixinStandardHelpOptions = true,
      description = {"Compare image policies on one synthetic write-heavy workload: WAL volume (and its full-page-image "
          + "share), read cost (deltas replayed, layers visited, reconstruct time), images written, storage held.",
          "Setups: classic (full_page_writes on, checkpoint passes), delta-threshold (full_page_writes off, T), "
              + "none (full_page_writes off, no images)."})
  static final class Bench implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "50000", description = "WAL records (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--pages", defaultValue = "256", description = "Pages in the key space (default ${DEFAULT-VALUE}).")
    int pages;

    @Option(names = "--hot-pages", defaultValue = "8", description = "Pages in the hot set (default ${DEFAULT-VALUE}).")
    int hotPages;

    @Option(names = "--hot-fraction", defaultValue = "0.5", description = "Share of records on the hot set (default ${DEFAULT-VALUE}).")
    double hotFraction;

    @Option(names = "--threshold", split = ",", defaultValue = "8", description = "Delta thresholds to compare (default ${DEFAULT-VALUE}).")
    List<Integer> thresholds;

    @Option(names = "--checkpoint-every", defaultValue = "2000",
        description = "Records between checkpoints: full-page writes restart there (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--checkpoint-bytes", defaultValue = "4194304",
        description = "WAL bytes between the classic policy's full image passes (default ${DEFAULT-VALUE}).")
    long checkpointBytes;

    @Option(names = "--background-every", defaultValue = "16", description = "Records between background rounds (default ${DEFAULT-VALUE}).")
    int backgroundEvery;

    @Option(names = "--seed", defaultValue = "1", description = "Workload seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
      PolicyComparison.Workload w = new PolicyComparison.Workload(records, 4, Math.max(1, pages / 4), hotPages, hotFraction,
          checkpointEvery, backgroundEvery, seed);
      List<PolicyComparison.Setup> setups = new ArrayList<>();
      setups.add(new PolicyComparison.Setup("classic: checkpoint", true, new ImagePolicy.Checkpoint(checkpointBytes)));
      for (int t : thresholds) {
        setups.add(new PolicyComparison.Setup("delta-threshold:" + t, false, new ImagePolicy.DeltaThreshold(t)));
      }
      setups.add(new PolicyComparison.Setup("checkpoint, fpw off", false, new ImagePolicy.Checkpoint(checkpointBytes)));
      setups.add(new PolicyComparison.Setup("none", false, new ImagePolicy.None()));
      System.out.printf("workload: %s%n", w);
      // One untimed run first, so reconstruct times measure compiled code, not the JIT warming up.
      PolicyComparison.run(setups.get(1), w);
      System.out.println(PolicyComparison.header());
      List<PolicyComparison.Result> results = new ArrayList<>();
      for (PolicyComparison.Setup s : setups) {
        PolicyComparison.Result r = PolicyComparison.run(s, w);
        results.add(r);
        System.out.println(PolicyComparison.row(r));
      }
      results.forEach(r -> System.out.println(PolicyComparison.details(r)));
      PolicyComparison.Result classic = results.get(0);
      for (PolicyComparison.Result r : results.subList(1, results.size())) {
        System.out.printf("%-26s WAL %.1f%% of classic, read p99 %.2fx of classic (deltas replayed)%n", r.setup().name(),
            100.0 * r.walBytes() / classic.walBytes(),
            (double) Math.max(1, r.summary().deltasReplayedP99()) / Math.max(1, classic.summary().deltasReplayedP99()));
      }
      return 0;
    }
  }
}
