package untorn.sim;

import java.util.HashMap;
import java.util.Map;
import untorn.core.io.Node;
import untorn.core.types.NodeId;
import untorn.sim.disk.SimDisk;

/**
 * NodeSlot is everything the simulator keeps about one node across its incarnations: the factory,
 * the disk and clock (they survive crashes), and the current incarnation's object, context,
 * timers and pause.
 */
final class NodeSlot {
  final NodeId id;
  final int index;
  final NodeFactory factory;
  final SimDisk disk;
  final SimClock clock;

  /** The live incarnation's object, or null while the node is down. */
  Node node;
  SimNodeContext context;
  /** Counts incarnations; events stamped with another number are for a dead one. */
  int incarnation;
  /** Until then the node runs nothing (a pause). */
  long pausedUntilNanos;
  /** Until then the node is still busy with the I/O of its last handler. */
  long busyUntilNanos;
  /** The virtual time at which the running handler started, or -1 outside handlers. */
  long handlerStartNanos = -1;
  private final Simulation sim;
  final Map<Long, Simulation.TimerEvent> timers = new HashMap<>();

  NodeSlot(Simulation sim, NodeId id, int index, NodeFactory factory, SimDisk disk) {
    this.sim = sim;
    this.id = id;
    this.index = index;
    this.factory = factory;
    this.disk = disk;
    this.clock = new SimClock(this);
  }

  boolean isUp() {
    return node != null;
  }

  /** The node's own time: inside a handler, the handler's start plus the I/O it has done. */
  long localNanos() {
    return handlerStartNanos >= 0 ? handlerStartNanos + disk.chargedNanos() : sim.nowNanos();
  }

  /** When the node can run its next event. */
  long readyNanos() {
    return Math.max(pausedUntilNanos, busyUntilNanos);
  }
}
