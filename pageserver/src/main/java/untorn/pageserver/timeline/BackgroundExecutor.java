package untorn.pageserver.timeline;

/**
 * BackgroundExecutor is the port through which a timeline runs its background work (flushes,
 * image workers, compaction, GC, rebuilds). {@link DeterministicExecutor} runs tasks when a test
 * or the simulator says so, in a seeded order; {@link ThreadPoolBackgroundExecutor} runs them on
 * threads. Tasks are idempotent and re-check for work, so running them late or twice is safe.
 */
public interface BackgroundExecutor {
  /** Schedules {@code task}; must not run it on the caller's stack. */
  void execute(BackgroundTask task);

  /** A unit of background work, named for traces and reports. */
  interface BackgroundTask extends Runnable {
    String name();
  }

  static BackgroundTask task(String name, Runnable body) {
    return new BackgroundTask() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void run() {
        body.run();
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }
}
