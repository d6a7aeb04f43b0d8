package untorn.torture;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import untorn.core.Invariants;

/**
 * TortureRunner runs a range of seeds of a suite, on {@code jobs} threads, and summarizes them in
 * seed order. A seed whose run throws counts as failed (an exception inside the system under
 * test is a finding, not noise). With {@code stopAfterFailures > 0} the run stops once that many
 * seeds failed; the summary then covers every seed below the last failing one that completed.
 *
 * <p>Wall-clock time is read here, outside the simulated runs, only for the summary's elapsed time.
 */
public final class TortureRunner {
  /** Upper bound on seeds in one run: a typo of many zeros should not run for a week. */
  public static final int SEEDS_MAX = 10_000_000;

  private TortureRunner() {}

  /** Told about each seed as it completes (from the calling thread). */
  public interface Listener {
    void seedDone(SeedResult result, int done, int total);
  }

  public static TortureSummary run(TortureSuite suite, long seedStart, int seeds, TortureOptions options, int jobs,
      int stopAfterFailures, Listener listener) {
    Invariants.check(seeds >= 0 && seeds <= SEEDS_MAX, "seeds %d outside [0, %d]", seeds, SEEDS_MAX);
    Invariants.check(jobs >= 1, "jobs %d", jobs);
    long startNanos = System.nanoTime();
    SeedResult[] results = new SeedResult[seeds];
    ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
      Thread t = new Thread(r, "torture-" + suite.name());
      t.setDaemon(true);
      return t;
    });
    try {
      CompletionService<SeedResult> done = new ExecutorCompletionService<>(pool);
      List<Future<SeedResult>> futures = new ArrayList<>(seeds);
      for (int i = 0; i < seeds; i++) {
        long seed = seedStart + i;
        futures.add(done.submit(() -> runGuarded(suite, seed, options)));
      }
      int failures = 0;
      int completed = 0;
      int limit = seeds; // once enough seeds failed, seeds above the limit are cancelled
      for (int outstanding = seeds; outstanding > 0; outstanding--) {
        Future<SeedResult> f = take(done);
        if (f.isCancelled()) {
          continue;
        }
        SeedResult r = get(f);
        int index = (int) (r.seed() - seedStart);
        results[index] = r;
        listener.seedDone(r, ++completed, seeds);
        if (r.failed() && ++failures >= stopAfterFailures && stopAfterFailures > 0 && index < limit) {
          // Seeds below a failure still run, so "the first failing seeds" is exact.
          limit = index;
          for (int k = index + 1; k < seeds; k++) {
            futures.get(k).cancel(true);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    List<SeedResult> ordered = new ArrayList<>();
    int failed = 0;
    for (SeedResult r : results) {
      if (r == null || (stopAfterFailures > 0 && failed == stopAfterFailures)) {
        break;
      }
      ordered.add(r);
      failed += r.failed() ? 1 : 0;
    }
    double elapsed = (System.nanoTime() - startNanos) / 1e9;
    return TortureSummary.of(suite.name(), options.mutant(), seedStart, seeds, ordered, elapsed);
  }

  private static Future<SeedResult> take(CompletionService<SeedResult> done) {
    try {
      return done.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static SeedResult get(Future<SeedResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("runGuarded never throws", e);
    }
  }

  static SeedResult runGuarded(TortureSuite suite, long seed, TortureOptions options) {
    try {
      return suite.run(seed, options);
    } catch (Throwable t) {
      StringWriter sw = new StringWriter();
      t.printStackTrace(new PrintWriter(sw));
      return new SeedResult(suite.name(), seed, 0, Map.of(), Map.of(), 0,
          List.of(Violation.of("no-uncaught-exception", sw.toString())));
    }
  }
}
