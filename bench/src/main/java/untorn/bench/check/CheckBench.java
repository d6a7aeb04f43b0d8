package untorn.bench.check;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import untorn.check.Budget;
import untorn.check.CheckResult;
import untorn.check.CheckSummary;
import untorn.check.CheckerChoice;
import untorn.check.HistoryChecker;
import untorn.check.HistoryChecks;
import untorn.check.Judgement;
import untorn.check.Limits;
import untorn.check.elle.ElleChecker;
import untorn.check.history.History;
import untorn.check.history.HistoryWriter;
import untorn.check.linear.LinearizabilityChecker;
import untorn.check.store.AtomicRegisterStore;
import untorn.check.store.ListAppendWorkload;
import untorn.check.store.MvccListStore;
import untorn.check.store.RegisterStore;
import untorn.check.store.RegisterWorkload;
import untorn.check.store.StaleReadRegisterStore;
import untorn.check.store.WorkloadConfig;

/**
 * CheckBench measures the checkers. Times are wall-clock around whole checks (reading excluded
 * for generated histories, included for directories), the median of several repetitions after a
 * warm-up, on this JVM; a whole-process figure (JVM start included) needs an external timer such
 * as hyperfine around {@code untorn check}.
 */
public final class CheckBench {
  private CheckBench() {}

  /** Row is one measurement. */
  public record Row(String name, int histories, long events, double medianMillis, double slowestMillis, String verdicts) {
    public double historiesPerSecond() {
      return histories / (medianMillis / 1000);
    }

    public double eventsPerSecond() {
      return events / (medianMillis / 1000);
    }
  }

  static Supplier<Budget> budget() {
    return () -> Budget.of(Limits.LINEAR_STEPS_DEFAULT, Limits.CHECK_MILLIS_DEFAULT, System::nanoTime);
  }

  /** A named family of generated histories. */
  record Family(String name, HistoryChecker checker, Generator generator) {}

  interface Generator {
    History make(int events, long seed);
  }

  static List<Family> families() {
    HistoryChecker linear = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, budget());
    HistoryChecker strict = new ElleChecker(ElleChecker.Model.STRICT_SERIALIZABLE, budget());
    return List.of(
        new Family("cas-register, atomic store (valid)", linear,
            (n, s) -> RegisterWorkload.simulate(new AtomicRegisterStore(null), WorkloadConfig.jepsenLike(n / 2), s)),
        new Family("cas-register, stale-read store (invalid)", linear,
            (n, s) -> RegisterWorkload.simulate(new StaleReadRegisterStore(null, 3), WorkloadConfig.jepsenLike(n / 2), s)),
        new Family("list-append strict-serializable, serializable store", strict,
            (n, s) -> ListAppendWorkload.simulate(new MvccListStore(MvccListStore.Isolation.SERIALIZABLE),
                new WorkloadConfig(10, n / 2, Math.max(8, n / 200), 0.02, false), 4, s)),
        new Family("list-append strict-serializable, snapshot-isolation store", strict,
            (n, s) -> ListAppendWorkload.simulate(new MvccListStore(MvccListStore.Isolation.SNAPSHOT_ISOLATION),
                new WorkloadConfig(10, n / 2, Math.max(8, n / 200), 0.02, false), 4, s)));
  }

  /** generated measures each family at each size (in events) on one history per size. */
  public static List<Row> generated(int[] sizes, long seed, int repeats, PrintWriter log) throws Exception {
    List<Row> rows = new ArrayList<>();
    for (Family f : families()) {
      for (int size : sizes) {
        History h = f.generator().make(size, seed);
        double[] times = new double[repeats];
        Judgement j = null;
        j = f.checker().judge(h); // warm-up
        for (int r = 0; r < repeats; r++) {
          long t0 = System.nanoTime();
          j = f.checker().judge(h);
          times[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(times);
        double median = times[repeats / 2];
        Row row = new Row(f.name() + ", " + h.size() + " events", 1, h.size(), median, times[repeats - 1],
            j.verdict() + (j.anomalies().isEmpty() ? "" : " " + j.anomalies()));
        log.println(format(row));
        log.flush();
        rows.add(row);
      }
    }
    return rows;
  }

  /** directory measures one in-process run over every history of a directory, on the given threads. */
  public static Row directory(String name, Path dir, CheckerChoice choice, int threads, int repeats) throws IOException {
    List<HistoryChecks.Target> targets = HistoryChecks.expand(List.of(dir));
    double[] times = new double[repeats];
    List<CheckResult> results = HistoryChecks.checkAll(targets, choice, threads, System::nanoTime, r -> { });
    for (int r = 0; r < repeats; r++) {
      long t0 = System.nanoTime();
      results = HistoryChecks.checkAll(targets, choice, threads, System::nanoTime, x -> { });
      times[r] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(times);
    CheckSummary s = CheckSummary.of(results);
    return new Row(name, s.histories(), s.events(), times[repeats / 2], s.slowestMillis(), s.verdicts());
  }

  /**
   * writeEtcdLike writes {@code count} histories shaped like Porcupine's Jepsen etcd histories
   * (102 files of 150-180 events, 79 not linearizable): 5 clients on one register with values
   * 0-4, reads, writes and compare-and-sets, about a quarter of operations timing out
   * ({@code :info}, the client continuing as a new process; half of those took effect),
   * {@code events} events each; the first {@code invalid} from the stale-read store, the rest
   * from the atomic one.
   */
  public static void writeEtcdLike(Path dir, int count, int invalid, int events, long seed) throws IOException {
    Files.createDirectories(dir);
    WorkloadConfig config = new WorkloadConfig(5, events / 2, 5, 0.25, false);
    for (int i = 0; i < count; i++) {
      RegisterStore store = i < invalid ? new StaleReadRegisterStore(null, 4) : new AtomicRegisterStore(null);
      History h = RegisterWorkload.simulate(store, config, seed + i);
      HistoryWriter.write(h, dir.resolve(String.format("etcd-like-%03d.edn", i)));
    }
  }

  public static String header() {
    return String.format("%-72s %10s %10s %12s %14s %12s  %s", "histories", "count", "events", "median ms",
        "events/s", "slowest ms", "verdicts");
  }

  public static String format(Row r) {
    return String.format("%-72s %10d %10d %12.1f %14.0f %12.1f  %s", r.name(), r.histories(), r.events(),
        r.medianMillis(), r.eventsPerSecond(), r.slowestMillis(), r.verdicts());
  }
}
