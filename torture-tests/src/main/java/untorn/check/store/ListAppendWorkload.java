package untorn.check.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLongArray;
import untorn.check.edn.Keyword;
import untorn.check.history.History;

/**
 * ListAppendWorkload records Elle list-append histories: transactions of 1 to {@code mopsMax}
 * micro-operations, each a read {@code [:r k nil]} or an append {@code [:append k e]} of an
 * element unique to its key, over {@code values} keys. A transaction the store aborts completes
 * {@code :fail}; an {@code :ok} one carries the lists it read.
 */
public final class ListAppendWorkload {
  public static final Keyword TXN = Keyword.of("txn");
  public static final Keyword APPEND = Keyword.of("append");
  public static final Keyword READ = Keyword.of("r");

  private ListAppendWorkload() {}

  public static History simulate(ListAppendStore store, WorkloadConfig config, int mopsMax, long seed) {
    return new Simulation(store, config, mopsMax, seed).run(store.name() + ", simulated, seed " + seed);
  }

  /** threads records a history from real threads, one per client; the interleaving is the machine's. */
  public static History threads(ListAppendStore store, WorkloadConfig config, int mopsMax, long seed)
      throws InterruptedException {
    AtomicLongArray nextElement = new AtomicLongArray(config.values());
    return ThreadedClients.run(store.name(), config, seed, (client, random, txns, recorder) -> {
      for (int i = 0; i < txns; i++) {
        List<Object> mops = plan(random, config.values(), mopsMax, k -> nextElement.incrementAndGet(k));
        recorder.invoke(client, TXN, mops);
        ListAppendStore.Txn txn = store.begin();
        List<Object> done = execute(txn, mops);
        if (txn.commit()) {
          recorder.ok(client, done);
        } else {
          recorder.fail(client, mops);
        }
      }
    });
  }

  /** ElementSource hands out the next element of a key, unique to it. */
  interface ElementSource {
    long next(int key);
  }

  static List<Object> plan(SplittableRandom random, int keys, int mopsMax, ElementSource elements) {
    int n = 1 + random.nextInt(mopsMax);
    List<Object> mops = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int k = random.nextInt(keys);
      if (random.nextBoolean()) {
        mops.add(Arrays.asList(READ, (long) k, null));
      } else {
        mops.add(List.of(APPEND, (long) k, elements.next(k)));
      }
    }
    return List.copyOf(mops);
  }

  /** execute runs the planned micro-operations in a transaction and returns them with the lists read. */
  static List<Object> execute(ListAppendStore.Txn txn, List<Object> mops) {
    List<Object> done = new ArrayList<>(mops.size());
    for (Object o : mops) {
      List<?> mop = (List<?>) o;
      if (mop.get(0) == READ) {
        done.add(List.of(READ, mop.get(1), txn.read(mop.get(1))));
      } else {
        txn.append(mop.get(1), mop.get(2));
        done.add(mop);
      }
    }
    return List.copyOf(done);
  }

  private static final class Simulation extends SimulatedClients {
    private final ListAppendStore store;
    private final int mopsMax;
    private final long[] nextElement;
    private final List<Object>[] planned;
    private final List<Object>[] executed;
    private final ListAppendStore.Txn[] txns;

    @SuppressWarnings("unchecked")
    Simulation(ListAppendStore store, WorkloadConfig config, int mopsMax, long seed) {
      super(config, seed);
      this.store = store;
      this.mopsMax = mopsMax;
      this.nextElement = new long[config.values()];
      this.planned = new List[config.clients()];
      this.executed = new List[config.clients()];
      this.txns = new ListAppendStore.Txn[config.clients()];
    }

    @Override
    void invoke(int c) {
      planned[c] = plan(random, config.values(), mopsMax, k -> ++nextElement[k]);
      recorder.invoke(process[c], TXN, planned[c]);
    }

    @Override
    void apply(int c) {
      txns[c] = store.begin();
      executed[c] = execute(txns[c], planned[c]);
    }

    @Override
    void complete(int c) {
      if (txns[c].commit()) {
        recorder.ok(process[c], executed[c]);
      } else {
        recorder.fail(process[c], planned[c]);
      }
    }

    @Override
    void crashBeforeApply(int c) {
      crash(c, planned[c]);
    }

    @Override
    void crashAfterApply(int c) {
      txns[c].commit(); // it may commit; the client never learns
      crash(c, planned[c]);
    }
  }
}
