package untorn.pageserver.timeline;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * ThreadPoolBackgroundExecutor runs background tasks on a fixed pool of daemon threads: the real
 * runtime. A task that throws is recorded ({@link #firstFailure()}) so tests and the server can
 * surface it instead of losing it in a thread's stack trace.
 */
public final class ThreadPoolBackgroundExecutor implements BackgroundExecutor, AutoCloseable {
  private final ExecutorService pool;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  public ThreadPoolBackgroundExecutor(int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory f = r -> {
      Thread t = new Thread(r, "pageserver-bg-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(threads, f);
  }

  @Override
  public void execute(BackgroundTask task) {
    pool.execute(() -> {
      try {
        task.run();
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
    });
  }

  /** The first exception a task threw, or null. */
  public Throwable firstFailure() {
    return failure.get();
  }

  /** Stops taking tasks and waits for running ones; returns false if they did not finish. */
  public boolean shutdown(long timeoutMillis) throws InterruptedException {
    pool.shutdown();
    return pool.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
