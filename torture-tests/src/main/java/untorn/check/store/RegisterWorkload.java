package untorn.check.store;

import java.util.List;
import java.util.SplittableRandom;
import untorn.check.edn.Keyword;
import untorn.check.history.History;
import untorn.check.history.HistoryRecorder;

/**
 * RegisterWorkload records histories of reads, writes and compare-and-sets against a register,
 * Jepsen's etcd-test mix: half reads, a quarter writes, a quarter compare-and-sets, values drawn
 * from a small range. A failed compare-and-set completes {@code :fail}.
 */
public final class RegisterWorkload {
  public static final Keyword READ = Keyword.of("read");
  public static final Keyword WRITE = Keyword.of("write");
  public static final Keyword CAS = Keyword.of("cas");

  private RegisterWorkload() {}

  /** simulate records a history from seeded simulated clients: the same seed, the same history. */
  public static History simulate(RegisterStore store, WorkloadConfig config, long seed) {
    return new Simulation(store, config, seed).run(store.name() + ", simulated, seed " + seed);
  }

  /**
   * threads records a history from real threads, one per client, all calling the store at once.
   * Each thread's operation mix comes from the seed; the interleaving is the machine's.
   */
  public static History threads(RegisterStore store, WorkloadConfig config, long seed) throws InterruptedException {
    return ThreadedClients.run(store.name(), config, seed, (client, random, ops, recorder) -> {
      RegisterStore.Client session = store.client(client);
      for (int i = 0; i < ops; i++) {
        Call call = Call.next(random, config.values());
        recorder.invoke(client, call.f, call.arg);
        Object result = call.apply(session);
        complete(recorder, client, call, result);
      }
    });
  }

  static void complete(HistoryRecorder recorder, Object process, Call call, Object result) {
    if (call.f == READ) {
      recorder.ok(process, result);
    } else if (call.f == CAS && !Boolean.TRUE.equals(result)) {
      recorder.fail(process, call.arg);
    } else {
      recorder.ok(process, call.arg);
    }
  }

  /** Call is one chosen operation: its function and argument (a value, or [old new] for cas). */
  static final class Call {
    final Keyword f;
    final Object arg;

    private Call(Keyword f, Object arg) {
      this.f = f;
      this.arg = arg;
    }

    static Call next(SplittableRandom random, int values) {
      int dice = random.nextInt(4);
      if (dice < 2) {
        return new Call(READ, null);
      }
      if (dice == 2) {
        return new Call(WRITE, (long) random.nextInt(values));
      }
      return new Call(CAS, List.of((long) random.nextInt(values), (long) random.nextInt(values)));
    }

    Object apply(RegisterStore.Client session) {
      if (f == READ) {
        return session.read();
      }
      if (f == WRITE) {
        session.write(arg);
        return null;
      }
      List<?> v = (List<?>) arg;
      return session.cas(v.get(0), v.get(1));
    }
  }

  private static final class Simulation extends SimulatedClients {
    private final RegisterStore store;
    private final Call[] calls;
    private final Object[] results;

    Simulation(RegisterStore store, WorkloadConfig config, long seed) {
      super(config, seed);
      this.store = store;
      this.calls = new Call[config.clients()];
      this.results = new Object[config.clients()];
    }

    @Override
    void invoke(int c) {
      calls[c] = Call.next(random, config.values());
      recorder.invoke(process[c], calls[c].f, calls[c].arg);
    }

    @Override
    void apply(int c) {
      results[c] = calls[c].apply(store.client(c));
    }

    @Override
    void complete(int c) {
      RegisterWorkload.complete(recorder, process[c], calls[c], results[c]);
    }

    @Override
    void crashBeforeApply(int c) {
      crash(c, calls[c].arg);
    }

    @Override
    void crashAfterApply(int c) {
      crash(c, calls[c].arg);
    }
  }
}
