package untorn.check.store;

import java.util.SplittableRandom;
import untorn.check.history.History;
import untorn.check.history.HistoryRecorder;

/**
 * SimulatedClients is the seeded scheduler shared by the workloads: each step advances virtual
 * time by a random amount and moves one random client one phase (invoke, apply the effect,
 * complete). Clients are single-threaded state machines, so a seed always yields the same history.
 */
abstract class SimulatedClients {
  /** Phases of a client's current operation. */
  enum Phase { IDLE, INVOKED, APPLIED }

  protected final WorkloadConfig config;
  protected final SplittableRandom random;
  protected final HistoryRecorder recorder;
  protected final int[] process;
  protected final Phase[] phase;
  private long nowNanos;
  private int invoked;

  SimulatedClients(WorkloadConfig config, long seed) {
    this.config = config;
    this.random = new SplittableRandom(seed);
    this.recorder = new HistoryRecorder(() -> nowNanos);
    this.process = new int[config.clients()];
    this.phase = new Phase[config.clients()];
    for (int c = 0; c < config.clients(); c++) {
      process[c] = c;
      phase[c] = Phase.IDLE;
    }
  }

  /** invoke starts a new operation on client c: records the invocation. */
  abstract void invoke(int c);

  /** apply performs client c's operation against the store. */
  abstract void apply(int c);

  /** complete records client c's completion (ok or fail) from what apply returned. */
  abstract void complete(int c);

  /** crash records an :info completion and makes client c a new process, as Jepsen does. */
  void crash(int c, Object value) {
    recorder.info(process[c], value);
    process[c] += config.clients();
    phase[c] = Phase.IDLE;
  }

  final History run(String source) {
    while (invoked < config.operations() || (!config.leaveOpen() && anyBusy())) {
      nowNanos += 1 + random.nextInt(1_000_000);
      int c = random.nextInt(config.clients());
      step(c);
    }
    return recorder.history(source);
  }

  private void step(int c) {
    switch (phase[c]) {
      case IDLE:
        if (invoked < config.operations()) {
          invoked++;
          invoke(c);
          phase[c] = Phase.INVOKED;
        }
        return;
      case INVOKED:
        if (crashes()) {
          crashBeforeApply(c); // the effect never happens
          return;
        }
        apply(c);
        phase[c] = Phase.APPLIED;
        return;
      case APPLIED:
        if (crashes()) {
          crashAfterApply(c); // the effect happened, the client never learns
          return;
        }
        complete(c);
        phase[c] = Phase.IDLE;
        return;
      default:
        throw new AssertionError(phase[c]);
    }
  }

  abstract void crashBeforeApply(int c);

  abstract void crashAfterApply(int c);

  private boolean crashes() {
    return config.crashFraction() > 0 && random.nextDouble() < config.crashFraction() / 2;
  }

  private boolean anyBusy() {
    for (Phase p : phase) {
      if (p != Phase.IDLE) {
        return true;
      }
    }
    return false;
  }
}
