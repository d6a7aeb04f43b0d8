package untorn.sim.fault;

import java.util.Set;
import untorn.core.types.NodeId;
import untorn.sim.base.CrashKind;
import untorn.sim.base.SimLimits;

/**
 * FaultEvent is one scheduled fault at a virtual time. The runtime applies each exactly as its
 * javadoc says; an event that does not apply (restarting a node that is up, crashing one that is
 * down) does nothing, so a shrinker can remove any subset of a schedule's events and still have a
 * valid schedule. {@link #action()} is the event's text form without the time.
 */
public sealed interface FaultEvent {
  long atNanos();

  /** The text of the event after "at TIME": {@code crash sk1 io 3}. */
  String action();

  /** Nodes the event names. */
  Set<NodeId> nodes();

  /** A fault that hits one node. */
  sealed interface OnNode extends FaultEvent permits Crash, Restart, Pause, ClockSkew, ClockJump, Rot, DiskFull, ReplaceDisk {
    NodeId node();

    @Override
    default Set<NodeId> nodes() {
      return Set.of(node());
    }
  }

  /** Times come from schedule text, which is input: a bad one is a plain error, not a bug. */
  private static void checkTime(long atNanos) {
    if (atNanos < 0 || atNanos > SimLimits.VIRTUAL_NANOS_MAX) {
      throw new IllegalArgumentException("fault time out of range [0, " + ScheduleText.duration(SimLimits.VIRTUAL_NANOS_MAX)
          + "]: " + ScheduleText.duration(atNanos));
    }
  }

  /**
   * Kills the node: between events if {@code ioOps} is 0, else at its {@code ioOps}-th I/O
   * operation from now (inside whatever handler makes it), with that operation partly done. The
   * {@code kind} says whether the page cache dies with it (a power loss) or survives (a process
   * kill). An armed crash is dropped by a restart event or a heal.
   */
  record Crash(long atNanos, NodeId node, int ioOps, CrashKind kind) implements OnNode {
    public Crash {
      checkTime(atNanos);
      if (ioOps < 0 || ioOps > SimLimits.IO_CRASH_COUNTDOWN_MAX) {
        throw new IllegalArgumentException("crash io countdown out of [0, " + SimLimits.IO_CRASH_COUNTDOWN_MAX + "]: " + ioOps);
      }
      java.util.Objects.requireNonNull(kind, "crash kind");
    }

    /** A power loss, the kind of every crash before process kills existed. */
    public Crash(long atNanos, NodeId node, int ioOps) {
      this(atNanos, node, ioOps, CrashKind.POWER_LOSS);
    }

    /** The same crash as the other kind of crash; for the shrinker. */
    public Crash withKind(CrashKind k) {
      return new Crash(atNanos, node, ioOps, k);
    }

    /** {@code crash sk1 io 3 kill}; a power loss writes no kind, as schedules did before kills. */
    @Override
    public String action() {
      return "crash " + node + (ioOps > 0 ? " io " + ioOps : "") + (kind == CrashKind.POWER_LOSS ? "" : " " + kind.key());
    }
  }

  /** Starts a new incarnation of a down node from its disk; on an up node, drops an armed crash. */
  record Restart(long atNanos, NodeId node) implements OnNode {
    public Restart {
      checkTime(atNanos);
    }

    @Override
    public String action() {
      return "restart " + node;
    }
  }

  /** Stops the node for a while (a GC stall): its events wait, its clock runs on. */
  record Pause(long atNanos, NodeId node, long durationNanos) implements OnNode {
    public Pause {
      checkTime(atNanos);
      if (durationNanos <= 0 || durationNanos > SimLimits.PAUSE_MILLIS_MAX * 1_000_000) {
        throw new IllegalArgumentException("pause duration out of range: " + durationNanos + "ns");
      }
    }

    @Override
    public String action() {
      return "pause " + node + " " + ScheduleText.duration(durationNanos);
    }
  }

  /** Replaces the current partition (if any) by this one. */
  record Partition(long atNanos, PartitionSpec spec) implements FaultEvent {
    public Partition {
      checkTime(atNanos);
    }

    @Override
    public String action() {
      return "partition " + spec;
    }

    @Override
    public Set<NodeId> nodes() {
      return spec.nodes();
    }
  }

  /** Removes the partition. */
  record Heal(long atNanos) implements FaultEvent {
    public Heal {
      checkTime(atNanos);
    }

    @Override
    public String action() {
      return "heal";
    }

    @Override
    public Set<NodeId> nodes() {
      return Set.of();
    }
  }

  /** Resets the connection between two nodes: messages in flight are lost, both get onDisconnect. */
  record Reset(long atNanos, NodeId a, NodeId b) implements FaultEvent {
    public Reset {
      checkTime(atNanos);
      if (a.equals(b)) {
        throw new IllegalArgumentException("reset needs two different nodes: " + a);
      }
    }

    @Override
    public String action() {
      return "reset " + a + " " + b;
    }

    @Override
    public Set<NodeId> nodes() {
      return Set.of(a, b);
    }
  }

  /** Sets the node's wall clock to true time plus {@code offsetNanos}, running {@code driftPpm} fast. */
  record ClockSkew(long atNanos, NodeId node, long offsetNanos, long driftPpm) implements OnNode {
    public ClockSkew {
      checkTime(atNanos);
      if (Math.abs(offsetNanos) > SimLimits.CLOCK_OFFSET_MILLIS_MAX * 1_000_000 || Math.abs(driftPpm) > SimLimits.CLOCK_DRIFT_PPM_MAX) {
        throw new IllegalArgumentException("clock skew out of range: " + offsetNanos + "ns, " + driftPpm + "ppm");
      }
    }

    @Override
    public String action() {
      return "skew " + node + " " + ScheduleText.duration(offsetNanos) + " " + driftPpm + "ppm";
    }
  }

  /** Moves the node's wall clock by {@code deltaNanos}, possibly backward. */
  record ClockJump(long atNanos, NodeId node, long deltaNanos) implements OnNode {
    public ClockJump {
      checkTime(atNanos);
      if (Math.abs(deltaNanos) > SimLimits.CLOCK_OFFSET_MILLIS_MAX * 1_000_000) {
        throw new IllegalArgumentException("clock jump out of range: " + deltaNanos + "ns");
      }
    }

    @Override
    public String action() {
      return "jump " + node + " " + ScheduleText.duration(deltaNanos);
    }
  }

  /** Flips one bit in a random durable sector of the node's disk. */
  record Rot(long atNanos, NodeId node) implements OnNode {
    public Rot {
      checkTime(atNanos);
    }

    @Override
    public String action() {
      return "rot " + node;
    }
  }

  /** Makes the node's disk full (every growth and create fails) or gives its space back. */
  record DiskFull(long atNanos, NodeId node, boolean full) implements OnNode {
    public DiskFull {
      checkTime(atNanos);
    }

    @Override
    public String action() {
      return (full ? "disk-full " : "disk-ok ") + node;
    }
  }

  /** Crashes the node (if up) and replaces its disk by an empty one; a restart brings it back. */
  record ReplaceDisk(long atNanos, NodeId node) implements OnNode {
    public ReplaceDisk {
      checkTime(atNanos);
    }

    @Override
    public String action() {
      return "replace-disk " + node;
    }
  }
}
