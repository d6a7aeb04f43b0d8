package untorn.sim;

import java.util.IdentityHashMap;
import java.util.random.RandomGenerator;
import untorn.core.Invariants;
import untorn.core.io.Clock;
import untorn.core.io.FileSystem;
import untorn.core.io.NodeContext;
import untorn.core.io.Timers;
import untorn.core.io.Transport;
import untorn.core.types.NodeId;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;
import untorn.sim.base.SimulatedCrash;

/**
 * SimNodeContext is one incarnation's ports. It dies with the incarnation: a dead one's transport
 * and timers throw {@link SimulatedCrash} (the process is gone), and so does its file system.
 */
final class SimNodeContext implements NodeContext, Transport, Timers {
  private final Simulation sim;
  private final NodeSlot slot;
  private final int incarnation;
  private final FileSystem fileSystem;
  private final SimRandom random;
  /**
   * Destinations this incarnation sent to, by identity: protocols reuse their NodeId objects, and
   * this saves a hash lookup per message. Only a cache: the answer is the same either way.
   */
  private final IdentityHashMap<NodeId, NodeSlot> routes = new IdentityHashMap<>();

  SimNodeContext(Simulation sim, NodeSlot slot, int incarnation, FileSystem fileSystem, SimRandom random) {
    this.sim = sim;
    this.slot = slot;
    this.incarnation = incarnation;
    this.fileSystem = fileSystem;
    this.random = random;
  }

  private void checkAlive(String what) {
    if (slot.incarnation != incarnation || slot.node == null || slot.disk.killPoint() != null) {
      throw new SimulatedCrash(slot.id + " incarnation " + incarnation + ": " + what + " after the process died");
    }
  }

  @Override
  public NodeId self() {
    return slot.id;
  }

  @Override
  public Clock clock() {
    return slot.clock;
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
    return fileSystem;
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public void send(NodeId to, byte[] message) {
    checkAlive("send");
    if (message.length > MAX_MESSAGE_BYTES) { // checked without varargs: this is the hot path
      throw Invariants.fail("%s sent a %d-byte message, over the limit of %d", slot.id, message.length, MAX_MESSAGE_BYTES);
    }
    NodeSlot target = routes.get(to);
    if (target == null) {
      target = sim.route(to);
      if (target != null && routes.size() < SimLimits.NODES_MAX) {
        routes.put(to, target);
      }
    }
    sim.send(slot, target, message);
  }

  @Override
  public long schedule(long delayMillis, Object tag) {
    checkAlive("timer");
    if (delayMillis < 0 || delayMillis > SimLimits.TIMER_DELAY_MILLIS_MAX) {
      throw new IllegalArgumentException("timer delay out of [0, " + SimLimits.TIMER_DELAY_MILLIS_MAX + "] ms: " + delayMillis);
    }
    if (slot.timers.size() >= SimLimits.TIMERS_PER_NODE_MAX) {
      throw Invariants.fail("%s has %d pending timers: a timer leak", slot.id, slot.timers.size());
    }
    return sim.scheduleTimer(slot, slot.localNanos() + slot.clock.virtualDelay(delayMillis * 1_000_000), tag);
  }

  @Override
  public void cancel(long timerId) {
    checkAlive("cancel");
    Simulation.TimerEvent t = slot.timers.remove(timerId);
    if (t != null) {
      t.cancelled = true;
    }
  }
}
