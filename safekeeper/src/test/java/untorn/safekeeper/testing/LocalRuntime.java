package untorn.safekeeper.testing;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import untorn.core.io.Clock;
import untorn.core.io.FileSystem;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.io.Timers;
import untorn.core.io.Transport;
import untorn.core.types.NodeId;

/**
 * LocalRuntime runs {@link Node}s in one thread on virtual time, for the drivers' tests: it
 * implements the node ports (clock, transport, timers, a {@link CrashableFileSystem} per node, a
 * seeded random), delivers messages in order (optionally dropping some), fires timers in time
 * order, and restarts a node from its disk with a new object after a crash. It is deliberately
 * small: the fault-injecting simulator lives in {@code fault-injection}.
 */
public final class LocalRuntime {
  private record Message(NodeId from, NodeId to, byte[] bytes, long incarnation) {}

  private record Timer(long dueMillis, long seq, NodeId node, long incarnation, long id, Object tag) {}

  private final class Slot implements NodeContext, Transport, Timers, Clock {
    final NodeId id;
    final Supplier<Node> factory;
    final CrashableFileSystem fs = new CrashableFileSystem();
    final Random random;
    Node node;
    long incarnation;
    boolean down;

    Slot(NodeId id, Supplier<Node> factory) {
      this.id = id;
      this.factory = factory;
      this.random = new Random(seed ^ id.hashCode());
    }

    @Override
    public NodeId self() {
      return id;
    }

    @Override
    public Clock clock() {
      return this;
    }

    @Override
    public Transport transport() {
      return this;
    }

    @Override
    public Timers timers() {
      return this;
    }

    @Override
    public FileSystem fileSystem() {
      return fs;
    }

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public void send(NodeId to, byte[] message) {
      sent++;
      if (dropRate > 0 && netRandom.nextDouble() < dropRate) {
        return;
      }
      Slot target = slots.get(to);
      network.add(new Message(id, to, message, target == null ? -1 : target.incarnation));
    }

    @Override
    public long schedule(long delayMillis, Object tag) {
      long timerId = ++timerSeq;
      timers.add(new Timer(now + delayMillis, timerSeq, id, incarnation, timerId, tag));
      return timerId;
    }

    @Override
    public void cancel(long timerId) {
      timers.removeIf(t -> t.id() == timerId);
    }

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public long monotonicNanos() {
      return now * 1_000_000;
    }
  }

  private final long seed;
  private final Random netRandom;
  private final Map<NodeId, Slot> slots = new LinkedHashMap<>();
  private final ArrayDeque<Message> network = new ArrayDeque<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>(
      (a, b) -> a.dueMillis() != b.dueMillis() ? Long.compare(a.dueMillis(), b.dueMillis()) : Long.compare(a.seq(), b.seq()));
  private long now;
  private long timerSeq;
  private long sent;
  private double dropRate;

  public LocalRuntime(long seed) {
    this.seed = seed;
    this.netRandom = new Random(seed);
  }

  /** Adds a node; {@code factory} builds a fresh object for its first start and every restart. */
  public void add(NodeId id, Supplier<Node> factory) {
    add(id, factory, fs -> {});
  }

  /** Adds a node whose disk {@code setup} prepares before its first start. */
  public void add(NodeId id, Supplier<Node> factory, java.util.function.Consumer<CrashableFileSystem> setup) {
    Slot s = new Slot(id, factory);
    slots.put(id, s);
    setup.accept(s.fs);
    s.node = factory.get();
    s.node.start(s);
  }

  public void setDropRate(double rate) {
    this.dropRate = rate;
  }

  /** Runs until virtual time passes {@code millis} more. */
  public void runFor(long millis) {
    long until = now + millis;
    while (true) {
      Message m = network.poll();
      if (m != null) {
        deliver(m);
        continue;
      }
      Timer t = timers.peek();
      if (t == null || t.dueMillis() > until) {
        break;
      }
      timers.poll();
      now = t.dueMillis();
      Slot s = slots.get(t.node());
      if (!s.down && s.incarnation == t.incarnation()) {
        s.node.onTimer(t.id(), t.tag());
      }
    }
    now = until;
  }

  private void deliver(Message m) {
    Slot s = slots.get(m.to());
    if (s != null && !s.down && s.incarnation == m.incarnation()) {
      s.node.onMessage(m.from(), m.bytes());
    }
  }

  /** A power loss on a node's machine, then a restart from its disk with a new object. */
  public void crashAndRestart(NodeId id) {
    Slot s = slots.get(id);
    s.fs.crash(CrashableFileSystem.Loss.ALL_UNSYNCED, new Random(seed ^ now));
    s.incarnation++;
    s.down = false;
    s.node = s.factory.get();
    s.node.start(s);
  }

  /** Stops a node (a crash without restart); messages to it are lost. */
  public void stop(NodeId id) {
    slots.get(id).down = true;
  }

  /** Sends raw bytes to a node as if from {@code from}. */
  public void inject(NodeId from, NodeId to, byte[] bytes) {
    network.add(new Message(from, to, bytes, slots.get(to).incarnation));
  }

  @SuppressWarnings("unchecked")
  public <T extends Node> T node(NodeId id) {
    return (T) slots.get(id).node;
  }

  public CrashableFileSystem disk(NodeId id) {
    return slots.get(id).fs;
  }

  /** Replaces a node's disk by an empty one (it keeps running until restarted). */
  public void replaceDisk(NodeId id, Supplier<Node> factory) {
    Slot old = slots.get(id);
    Slot fresh = new Slot(id, factory);
    fresh.incarnation = old.incarnation + 1;
    slots.put(id, fresh);
    fresh.node = factory.get();
    fresh.node.start(fresh);
  }

  public long nowMillis() {
    return now;
  }

  public long messagesSent() {
    return sent;
  }
}
