package untorn.check.store;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import untorn.check.history.History;
import untorn.check.history.HistoryRecorder;

/**
 * ThreadedClients runs one real thread per client against a store, all released at once, and
 * records their operations in one history. Each thread draws its operations from its own split of
 * the seed; the interleaving is the machine's, so only the mix of operations is reproducible.
 */
final class ThreadedClients {
  private ThreadedClients() {}

  /** Client is one thread's work: {@code operations} operations recorded on {@code recorder}. */
  interface Client {
    void run(int client, SplittableRandom random, int operations, HistoryRecorder recorder);
  }

  static History run(String source, WorkloadConfig config, long seed, Client body) throws InterruptedException {
    HistoryRecorder recorder = new HistoryRecorder(System::nanoTime);
    CyclicBarrier start = new CyclicBarrier(config.clients());
    SplittableRandom root = new SplittableRandom(seed);
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < config.clients(); c++) {
      int client = c;
      SplittableRandom random = root.split();
      int ops = config.operations() / config.clients() + (c < config.operations() % config.clients() ? 1 : 0);
      Thread t = new Thread(() -> {
        await(start);
        body.run(client, random, ops, recorder);
      }, "client-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    return recorder.history(source + ", " + config.clients() + " threads, seed " + seed);
  }

  private static void await(CyclicBarrier b) {
    try {
      b.await();
    } catch (InterruptedException | BrokenBarrierException e) {
      throw new IllegalStateException("clients could not start together", e);
    }
  }
}
