package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import untorn.core.Invariants;

/**
 * DeterministicExecutor queues background tasks and runs them only when asked, on the caller's
 * thread: {@link #runNext()} picks the oldest task, or, with a seeded generator, a random pending
 * one, so tests explore different orders of flush, image work and compaction reproducibly.
 */
public final class DeterministicExecutor implements BackgroundExecutor {
  private final List<BackgroundTask> pending = new ArrayList<>();
  private final RandomGenerator random;
  private long executed;

  /** FIFO order. */
  public DeterministicExecutor() {
    this(null);
  }

  /** Random order drawn from {@code random} (null for FIFO). */
  public DeterministicExecutor(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public synchronized void execute(BackgroundTask task) {
    pending.add(task);
  }

  public synchronized int pendingCount() {
    return pending.size();
  }

  public synchronized List<String> pendingNames() {
    return pending.stream().map(BackgroundTask::name).toList();
  }

  public long executedCount() {
    return executed;
  }

  /** Runs one pending task; returns false if there was none. */
  public boolean runNext() {
    BackgroundTask t;
    synchronized (this) {
      if (pending.isEmpty()) {
        return false;
      }
      t = pending.remove(random == null ? 0 : random.nextInt(pending.size()));
    }
    executed++;
    t.run();
    return true;
  }

  /** Runs tasks until none is pending (tasks may schedule more); bounded by {@code maxTasks}. */
  public int runUntilIdle(int maxTasks) {
    int n = 0;
    while (runNext()) {
      n++;
      Invariants.check(n <= maxTasks, "background work did not settle within %d tasks: %s", maxTasks, pendingNames());
    }
    return n;
  }

  public int runUntilIdle() {
    return runUntilIdle(1_000_000);
  }
}
