package untorn.sim.net;

import java.util.Arrays;
import untorn.core.Invariants;
import untorn.sim.base.Counters;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;
import untorn.sim.base.Stat;

/**
 * SimNetwork decides, for each message, whether and when it arrives, and keeps the state of every
 * directed link (see the package doc). Nodes are numbered 0..{@link SimLimits#NODES_MAX}-1 by the
 * runtime; the network knows nothing else about them. It never blocks and holds no messages: the
 * runtime queues what {@link #send} hands to its {@link Sink}.
 */
public final class SimNetwork {
  private static final int N = SimLimits.NODES_MAX;

  /** Where the network puts a message that will arrive. */
  public interface Sink {
    void arriveAt(long atNanos, int from, int to, byte[] message, int epoch);
  }

  private final SimRandom random;
  private final Counters counters;
  private NetworkRates rates;
  private final int[] epoch = new int[N * N];
  private final long[] fifoHorizonNanos = new long[N * N];
  private final boolean[] blocked = new boolean[N * N];
  private final boolean[] faulty = new boolean[N];
  private boolean anyBlocked;

  public SimNetwork(SimRandom random, Counters counters, NetworkRates rates) {
    this.random = random;
    this.counters = counters;
    this.rates = rates;
  }

  public void setRates(NetworkRates rates) {
    this.rates = rates;
  }

  public NetworkRates rates() {
    return rates;
  }

  /** Per-message faults apply to links that touch a faulty node. */
  public void setFaulty(int node, boolean isFaulty) {
    faulty[node] = isFaulty;
  }

  /**
   * Sends a copy of {@code message} from {@code from} to {@code to} at {@code sendNanos}: draws
   * its faults and latency and hands each copy that will arrive to {@code sink}.
   */
  public void send(long sendNanos, int from, int to, byte[] message, Sink sink) {
    counters.increment(Stat.MESSAGES_SENT);
    int link = from * N + to;
    if (blocked[link]) {
      counters.increment(Stat.DROPPED_PARTITION);
      return;
    }
    boolean faults = faulty[from] || faulty[to];
    NetworkRates r = rates;
    if (faults && random.chance(r.dropProbability())) {
      counters.increment(Stat.DROPPED_FAULT);
      return;
    }
    long arrival = sendNanos + latency(r);
    if (faults && random.chance(r.reorderProbability())) {
      if (arrival < fifoHorizonNanos[link]) {
        counters.increment(Stat.REORDERED);
      }
    } else {
      arrival = Math.max(arrival, fifoHorizonNanos[link]);
      fifoHorizonNanos[link] = arrival;
    }
    sink.arriveAt(arrival, from, to, copy(message, faults, r), epoch[link]);
    if (faults && random.chance(r.duplicateProbability())) {
      counters.increment(Stat.DUPLICATED);
      sink.arriveAt(arrival + latency(r), from, to, copy(message, faults, r), epoch[link]);
    }
  }

  /** Checks, when a message arrives, that its connection was not reset and no partition cuts it. */
  public boolean deliverable(int from, int to, int sentEpoch) {
    int link = from * N + to;
    if (sentEpoch != epoch[link]) {
      counters.increment(Stat.DROPPED_RESET);
      return false;
    }
    if (blocked[link]) {
      counters.increment(Stat.DROPPED_PARTITION);
      return false;
    }
    return true;
  }

  /** A latency sample, also used by the runtime for disconnect notices. */
  public long latency() {
    return latency(rates);
  }

  private long latency(NetworkRates r) {
    long span = r.latencyMaxNanos() - r.latencyMinNanos();
    long l = r.latencyMinNanos() + (span > 0 ? random.nextLong(span + 1) : 0);
    if (random.chance(r.tailProbability()) && r.tailMaxNanos() > 0) {
      l += random.nextLong(r.tailMaxNanos() + 1);
    }
    return l;
  }

  private byte[] copy(byte[] message, boolean faults, NetworkRates r) {
    byte[] c = message.clone();
    if (faults && c.length > 0 && random.chance(r.corruptProbability())) {
      c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
      counters.increment(Stat.CORRUPTED);
    }
    return c;
  }

  /** Resets the connection between two nodes, both directions: messages in flight are lost. */
  public void reset(int a, int b) {
    epoch[a * N + b]++;
    epoch[b * N + a]++;
    fifoHorizonNanos[a * N + b] = 0;
    fifoHorizonNanos[b * N + a] = 0;
  }

  /**
   * Kills what is in flight from {@code from} to {@code to}, one direction: what a crash of
   * {@code to} does to messages sent to it. Messages the crashed node sent are already on the wire
   * and still arrive.
   */
  public void dropInFlight(int from, int to) {
    epoch[from * N + to]++;
    fifoHorizonNanos[from * N + to] = 0;
  }

  /** The latest arrival time of a FIFO message in flight from {@code from} to {@code to}. */
  public long fifoHorizonNanos(int from, int to) {
    return fifoHorizonNanos[from * N + to];
  }

  /** Blocks messages from {@code from} to {@code to} (one direction). */
  public void block(int from, int to) {
    Invariants.check(from != to, "a node cannot be cut from itself");
    blocked[from * N + to] = true;
    anyBlocked = true;
  }

  public boolean isBlocked(int from, int to) {
    return blocked[from * N + to];
  }

  public boolean isPartitioned() {
    return anyBlocked;
  }

  /** Removes every partition. */
  public void heal() {
    Arrays.fill(blocked, false);
    anyBlocked = false;
  }
}
