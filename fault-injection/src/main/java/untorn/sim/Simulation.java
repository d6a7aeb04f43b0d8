package untorn.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import untorn.core.Invariants;
import untorn.core.io.Node;
import untorn.core.io.StorageException;
import untorn.core.types.NodeId;
import untorn.sim.base.Counters;
import untorn.sim.base.CrashKind;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;
import untorn.sim.base.SimulatedCrash;
import untorn.sim.base.Stat;
import untorn.sim.disk.DiskFaultRates;
import untorn.sim.disk.SimDisk;
import untorn.sim.fault.FaultCategory;
import untorn.sim.fault.FaultEvent;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.PartitionSpec;
import untorn.sim.fault.ScheduleText;
import untorn.sim.net.NetworkRates;
import untorn.sim.net.SimNetwork;

/**
 * Simulation runs nodes on one thread in virtual time, with every choice drawn from one seed, and
 * injects the faults of a {@link FaultSchedule}: the same seed and schedule give the same run, bit
 * for bit, with the same {@link #traceHash}.
 *
 * <p>Use: build it, {@link #addNode add nodes} with a factory (called again at every restart),
 * {@link #addInvariant register checks} that run after every delivered event, then run it: {@link
 * #step}, {@link #runUntil(long)}, {@link #runUntil(Predicate, long)}, or {@link #run} for a
 * safety phase under faults followed by a liveness phase on a {@link #heal healed} cluster.
 * Checkers read nodes with {@link #node(NodeId, Class)} and disks with {@link #disk}; they must
 * not change them.
 *
 * <p>Events are message arrivals, timer firings, disconnect notices, starts, scheduled faults and
 * external actions, ordered by (virtual time, insertion order). A node handles one event at a
 * time; I/O inside a handler takes virtual time (the disk's latency), which delays what the
 * handler sends and the node's next event. A handler that throws a {@link StorageException} (or
 * an exception caused by one) stops its node like a real process would (a "panic"); the node is
 * restarted after {@link Knob#PROC_PANIC_RESTART_MS}. A panic is a process exit, so by default its
 * disk takes a process kill ({@link Builder#panicCrash}): the page cache survives, and the next
 * incarnation reads the bytes a failed fsync left visible, marked clean and maybe not durable,
 * which no sync of its own writes back unless it writes them again first (fsyncgate across a
 * restart; the safekeeper rewrites the WAL tail it recovers). A power loss at the panic is the
 * older, kinder model: it decides right away what the failed fsync kept, so the restart never
 * reads undurable bytes. Any other throwable from a node, or from a check, fails the run with a
 * {@link SimulationFailure} naming the seed.
 *
 * <p>Not thread-safe, and it needs not be: there is no static mutable state, so a suite runs
 * seeds in parallel on separate instances.
 */
public final class Simulation implements SimNetwork.Sink {
  private final long seed;
  private final FaultSchedule schedule;
  private final FaultProfile profile;
  private final String replayHint;
  private final long diskCapacityBytes;
  private final CrashKind panicCrash;
  private final Counters counters = new Counters();
  private final EventQueue queue = new EventQueue();
  /** The schedule's faults, already in time order: kept out of the heap, which stays small. */
  private final List<FaultEvent> faults;
  private int nextFault;
  private final SimNetwork network;
  private final Trace trace;
  private final List<NodeSlot> slots = new ArrayList<>();
  private final Map<NodeId, NodeSlot> byId = new HashMap<>();
  /** The same slots by name: a String's hash is cached, a record's is recomputed (hot in send). */
  private final Map<String, NodeSlot> byName = new HashMap<>();
  private final List<String> invariantNames = new ArrayList<>();
  private final List<Consumer<Simulation>> invariants = new ArrayList<>();
  private final List<Consumer<NodeId>> crashListeners = new ArrayList<>();
  private long nowNanos;
  private long lastInstantNanos = -1;
  private int eventsAtInstant;
  private long timerIds;
  private boolean started;
  private boolean faultsOn = true;
  private boolean failed;

  private Simulation(Builder b) {
    this.seed = b.seed;
    this.schedule = b.schedule;
    this.profile = b.schedule.plan().profile();
    this.faults = b.schedule.events();
    this.replayHint = b.replayHint;
    this.diskCapacityBytes = b.diskCapacityBytes;
    this.panicCrash = b.panicCrash;
    this.network = new SimNetwork(SimRandom.stream(seed, "network", 0), counters, networkRates(profile));
    this.trace = new Trace(b.traceTailLines, b.traceSink);
  }

  /** Starts building a simulation seeded with {@code seed}. */
  public static Builder builder(long seed) {
    return new Builder(seed);
  }

  /** Options of a simulation; only the seed is required. */
  public static final class Builder {
    private final long seed;
    private FaultSchedule schedule = FaultSchedule.of(FaultPlan.of(FaultProfile.none()));
    private String replayHint;
    private int traceTailLines;
    private TraceSink traceSink;
    private long diskCapacityBytes = SimLimits.DISK_CAPACITY_BYTES_DEFAULT;
    private CrashKind panicCrash = CrashKind.PROCESS_KILL;

    private Builder(long seed) {
      this.seed = seed;
    }

    /** The faults: their plan (intensities, targets) and scheduled events. Default: none. */
    public Builder schedule(FaultSchedule s) {
      this.schedule = s;
      return this;
    }

    /** The command that replays this run, printed in failures. */
    public Builder replayHint(String hint) {
      this.replayHint = hint;
      return this;
    }

    /** Keeps the last {@code lines} trace lines for failure reports (costs a line per event). */
    public Builder traceTail(int lines) {
      Invariants.check(lines >= 0 && lines <= SimLimits.TRACE_TAIL_LINES_MAX, "bad trace tail %d", lines);
      this.traceTailLines = lines;
      return this;
    }

    /** Streams every trace line to {@code sink}. */
    public Builder traceSink(TraceSink sink) {
      this.traceSink = sink;
      return this;
    }

    /**
     * What a panic (a node stopped by its own storage error) does to its disk. Default: a {@link
     * CrashKind#PROCESS_KILL}, what a process exit really is. {@link CrashKind#POWER_LOSS} hides
     * fsyncgate across a restart (see the class doc); only for nodes that do not survive it.
     */
    public Builder panicCrash(CrashKind kind) {
      this.panicCrash = Objects.requireNonNull(kind, "kind");
      return this;
    }

    public Builder diskCapacityBytes(long bytes) {
      this.diskCapacityBytes = bytes;
      return this;
    }

    public Simulation build() {
      return new Simulation(this);
    }
  }

  static NetworkRates networkRates(FaultProfile p) {
    return new NetworkRates(p.get(Knob.NET_DROP_P), p.get(Knob.NET_DUPLICATE_P), p.get(Knob.NET_REORDER_P),
        p.get(Knob.NET_CORRUPT_P), p.nanos(Knob.NET_LATENCY_MIN_MS), Math.max(p.nanos(Knob.NET_LATENCY_MIN_MS),
        p.nanos(Knob.NET_LATENCY_MAX_MS)), p.get(Knob.NET_TAIL_P), p.nanos(Knob.NET_TAIL_MAX_MS));
  }

  static DiskFaultRates diskRates(FaultProfile p, boolean target) {
    DiskFaultRates r = new DiskFaultRates(p.get(Knob.DISK_FSYNC_FAIL_P), p.get(Knob.DISK_READ_ERROR_P),
        p.get(Knob.DISK_WRITE_ERROR_P), p.get(Knob.DISK_LOST_WRITE_P), p.get(Knob.DISK_MISDIRECTED_WRITE_P),
        p.get(Knob.DISK_UNSYNCED_SURVIVAL_P), p.get(Knob.DISK_METADATA_SURVIVAL_P), p.nanos(Knob.DISK_IO_MS),
        p.nanos(Knob.DISK_SYNC_MS));
    return target ? r : r.withoutFaults();
  }

  // ---------------------------------------------------------------- setup

  /**
   * Adds a node; it starts at the current virtual time. Names in the schedule must all be added
   * before the first step.
   */
  public void addNode(NodeId id, NodeFactory factory) {
    Invariants.check(!byId.containsKey(id), "node %s added twice", id);
    Invariants.check(slots.size() < SimLimits.NODES_MAX, "more than %d nodes", SimLimits.NODES_MAX);
    int index = slots.size();
    boolean diskTarget = isTarget(FaultCategory.DISK, id);
    SimDisk disk = new SimDisk(id.name(), SimRandom.stream(seed, "disk", index), counters,
        diskRates(profile, diskTarget), diskCapacityBytes);
    NodeSlot slot = new NodeSlot(this, id, index, factory, disk);
    slot.clock.skew(nowNanos, 0, 0);
    slots.add(slot);
    byId.put(id, slot);
    byName.put(id.name(), slot);
    network.setFaulty(index, isTarget(FaultCategory.NETWORK, id));
    queue.add(new Lifecycle(slot), nowNanos);
  }

  /**
   * Registers an observer told, at the instant a node dies (any crash: scheduled, at I/O, a panic,
   * a disk replacement; not a restart), which node it is, while the dead incarnation can still be
   * read with {@link #node}. For protocol traces that record crashes when they happen; it must not
   * change the simulation.
   */
  public void addCrashListener(Consumer<NodeId> listener) {
    crashListeners.add(java.util.Objects.requireNonNull(listener));
  }

  private boolean isTarget(FaultCategory category, NodeId id) {
    String group = schedule.plan().targets().get(category);
    return group == null || schedule.plan().groups().get(group).contains(id);
  }

  /**
   * Registers a check that runs after every delivered event; it throws (an {@code
   * InvariantViolation}, an {@code AssertionError}...) to fail the run.
   */
  public void addInvariant(String name, Consumer<Simulation> check) {
    Invariants.check(!invariantNames.contains(name), "invariant '%s' registered twice", name);
    invariantNames.add(name);
    invariants.add(check);
  }

  /** Runs {@code action} as an event after {@code delayNanos} (a client request, a probe). */
  public void schedule(long delayNanos, String label, Runnable action) {
    Invariants.check(delayNanos >= 0, "negative delay %d", delayNanos);
    enqueue(new Action(label, action), nowNanos + delayNanos);
  }

  // ---------------------------------------------------------------- running

  /** Runs the next event; false if none is left. */
  public boolean step() {
    if (failed) {
      throw new IllegalStateException("this simulation failed; build a new one to replay it");
    }
    if (!started) {
      begin();
    }
    if (!hasEvents()) {
      return false;
    }
    SimEvent e = nextEvent();
    advanceTo(e.atNanos);
    boolean delivered;
    try {
      delivered = e.fire();
    } catch (SimulationFailure f) {
      failed = true;
      throw f;
    }
    if (delivered) {
      counters.increment(Stat.EVENTS);
      checkInvariants();
    }
    return true;
  }

  /** Runs every event up to and including {@code timeNanos}; the clock then reads that time. */
  public void runUntil(long timeNanos) {
    Invariants.check(timeNanos <= SimLimits.VIRTUAL_NANOS_MAX, "virtual time beyond the limit: %d", timeNanos);
    if (!started) {
      begin();
    }
    while (hasEvents() && nextTime() <= timeNanos) {
      step();
    }
    advanceTo(Math.max(nowNanos, timeNanos));
  }

  public void runFor(long durationNanos) {
    runUntil(nowNanos + durationNanos);
  }

  /**
   * Runs until {@code condition} holds (checked before and after every event) or virtual time
   * passes {@code deadlineNanos}; returns whether it holds.
   */
  public boolean runUntil(Predicate<Simulation> condition, long deadlineNanos) {
    if (!started) {
      begin();
    }
    while (!condition.test(this)) {
      if (!hasEvents() || nextTime() > deadlineNanos) {
        advanceTo(Math.max(nowNanos, deadlineNanos));
        return condition.test(this);
      }
      step();
    }
    return true;
  }

  /** Runs {@code n} events (fewer if the queue empties). */
  public void runEvents(long n) {
    for (long i = 0; i < n && step(); i++) {
      // step() does the work
    }
  }

  /**
   * The standard run: the safety phase under the schedule's faults until {@code safetyNanos},
   * then {@link #heal}, then the liveness phase until {@code progress} holds or {@code
   * livenessNanos} more pass. Invariants are checked throughout; a failure throws.
   */
  public RunOutcome run(long safetyNanos, Predicate<Simulation> progress, long livenessNanos) {
    runUntil(safetyNanos);
    heal();
    long healedAt = nowNanos;
    boolean progressed = runUntil(progress, healedAt + livenessNanos);
    return new RunOutcome(seed, progressed, healedAt, progressed ? nowNanos - healedAt : -1, nowNanos,
        counters.copy(), trace.hash());
  }

  /**
   * Ends the fault phase: scheduled faults still pending are skipped, per-operation faults stop
   * (latencies stay), partitions heal, pauses and full disks end, armed crashes are dropped and
   * every down node restarts. Clock skews stay: safety never depends on time.
   */
  public void heal() {
    faultsOn = false;
    network.heal();
    network.setRates(network.rates().withoutFaults());
    for (NodeSlot s : slots) {
      s.disk.setRates(s.disk.rates().withoutFaults());
      s.disk.setFull(false);
      s.disk.disarmCrash();
      s.pausedUntilNanos = Math.min(s.pausedUntilNanos, nowNanos);
    }
    traceLine(Trace.FAULT, -1, Trace.hashString("heal-all"), "heal all: faults off");
    for (NodeSlot s : slots) {
      if (!s.isUp()) {
        startIncarnation(s);
      }
    }
    if (started) {
      checkInvariants(); // the restarts ran handlers outside any event
    }
  }

  private void begin() {
    started = true;
    for (FaultEvent e : faults) { // a schedule is input (maybe hand-written): bad ones get a plain error
      for (NodeId n : e.nodes()) {
        if (!byId.containsKey(n)) {
          throw new IllegalArgumentException("the schedule names node " + n + ", which was not added (nodes: "
              + new java.util.TreeSet<>(byId.keySet()) + ")");
        }
      }
      if (e.atNanos() < nowNanos) {
        throw new IllegalArgumentException("fault '" + e.action() + "' is before the start at " + ScheduleText.duration(nowNanos));
      }
    }
  }

  private boolean hasEvents() {
    return !queue.isEmpty() || nextFault < faults.size();
  }

  private long nextTime() {
    long fault = nextFault < faults.size() ? faults.get(nextFault).atNanos() : Long.MAX_VALUE;
    return queue.isEmpty() ? fault : Math.min(fault, queue.peekTime());
  }

  /** The earliest event; a scheduled fault goes before queued events of the same time. */
  private SimEvent nextEvent() {
    if (nextFault < faults.size() && (queue.isEmpty() || faults.get(nextFault).atNanos() <= queue.peekTime())) {
      FaultAction a = new FaultAction(faults.get(nextFault++));
      a.atNanos = a.fault.atNanos();
      return a;
    }
    return queue.poll();
  }

  private void advanceTo(long t) {
    if (t < nowNanos) { // not Invariants.check(..., args): boxing on every event
      throw Invariants.fail("time went backward: %d < %d", t, nowNanos);
    }
    if (t > SimLimits.VIRTUAL_NANOS_MAX) {
      throw failure("virtual time passed its limit", null, null);
    }
    if (t == lastInstantNanos) {
      if (++eventsAtInstant > SimLimits.EVENTS_AT_ONE_INSTANT_MAX) {
        throw failure("more than " + SimLimits.EVENTS_AT_ONE_INSTANT_MAX + " events at one instant: a zero-delay loop", null, null);
      }
    } else {
      lastInstantNanos = t;
      eventsAtInstant = 0;
    }
    nowNanos = t;
  }

  private void checkInvariants() {
    for (int i = 0; i < invariants.size(); i++) {
      try {
        invariants.get(i).accept(this);
      } catch (SimulationFailure f) {
        throw f;
      } catch (Throwable t) {
        throw failure("invariant '" + invariantNames.get(i) + "' violated: " + t.getMessage(), t, null);
      }
    }
  }

  private SimulationFailure failure(String what, Throwable cause, NodeSlot slot) {
    failed = true;
    String where = slot == null ? what : slot.id + ": " + what;
    return new SimulationFailure(where, cause, seed, schedule, nowNanos, counters.get(Stat.EVENTS), trace.hash(),
        trace.tail(), counters.copy(), replayHint);
  }

  private void enqueue(SimEvent e, long atNanos) {
    if (queue.size() >= SimLimits.EVENTS_QUEUED_MAX) {
      throw failure("more than " + SimLimits.EVENTS_QUEUED_MAX + " queued events: a node floods the simulation", null, null);
    }
    queue.add(e, atNanos);
  }

  // ---------------------------------------------------------------- node lifecycle

  private void startIncarnation(NodeSlot s) {
    s.incarnation++;
    SimRandom random = SimRandom.stream(seed, "node/" + s.index, s.incarnation);
    s.clock.newIncarnation(nowNanos, random.nextLong(1L << 50));
    s.context = new SimNodeContext(this, s, s.incarnation, s.disk.attach(), random);
    s.busyUntilNanos = nowNanos;
    if (s.incarnation > 1) {
      counters.increment(Stat.RESTARTS);
    }
    traceLine(Trace.START, s.index, s.incarnation, (s.incarnation > 1 ? "restart " : "start ") + s.id
        + " (incarnation " + s.incarnation + ")");
    Node node;
    try {
      node = s.factory.create(s.id);
    } catch (RuntimeException | Error e) {
      throw failure("node factory failed", e, s);
    }
    Invariants.check(node != null, "factory of %s returned null", s.id);
    s.node = node;
    SimNodeContext ctx = s.context;
    runHandler(s, () -> node.start(ctx));
  }

  /** Runs one handler of a node and deals with its death or its bug. */
  private void runHandler(NodeSlot s, Runnable handler) {
    s.handlerStartNanos = nowNanos;
    Throwable thrown = null;
    try {
      handler.run();
    } catch (SimulatedCrash c) {
      // The disk killed the node at an I/O operation: handled below.
    } catch (RuntimeException | Error t) {
      thrown = t;
    } finally {
      s.handlerStartNanos = -1;
    }
    long ioNanos = s.disk.takeChargedNanos();
    String killPoint = s.disk.killPoint();
    if (killPoint != null) {
      CrashKind kind = s.disk.armedKind();
      crash(s, null, kind, (kind == CrashKind.PROCESS_KILL ? "killed at I/O: " : "crashed at I/O: ") + killPoint);
    } else if (thrown != null) {
      StorageException storage = storageCause(thrown);
      if (storage == null) {
        throw failure("node threw " + thrown, thrown, s);
      }
      crash(s, Stat.PANICS, panicCrash, "stopped on a storage error: " + storage.getMessage());
      long restartNanos = profile.nanos(Knob.PROC_PANIC_RESTART_MS);
      if (restartNanos > 0) {
        enqueue(new Lifecycle(s), nowNanos + restartNanos);
      }
    } else if (s.isUp()) {
      s.busyUntilNanos = Math.max(s.busyUntilNanos, nowNanos + ioNanos);
    }
  }

  private static StorageException storageCause(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof StorageException se) {
        return se;
      }
    }
    return null;
  }

  /**
   * Kills a node: its disk applies the crash {@code kind} (a power loss loses what was not
   * durable, a process kill keeps it visible and still undurable), messages in flight to it are
   * lost, its timers die, and each peer that is up gets onDisconnect after the messages the node
   * sent. {@code stat} is what to count, null for a crash at I/O (the disk counted it).
   */
  private void crash(NodeSlot s, Stat stat, CrashKind kind, String why) {
    if (!s.isUp()) {
      return;
    }
    if (stat != null) {
      counters.increment(stat);
    }
    traceLine(Trace.CRASH, s.index, Trace.hashString(why), s.id + " " + why);
    for (Consumer<NodeId> l : crashListeners) {
      l.accept(s.id);
    }
    s.node = null;
    s.context = null;
    s.disk.crash(kind);
    s.timers.clear();
    s.pausedUntilNanos = 0;
    s.busyUntilNanos = 0;
    network.dropInFlight(s.index, s.index); // messages to itself die with it
    for (NodeSlot peer : slots) {
      if (peer != s) {
        // What the dead process sent is on the wire and still arrives (an ack sent before a
        // missing fsync must be able to reach its client); what was sent to it is lost.
        network.dropInFlight(peer.index, s.index);
        if (peer.isUp()) {
          long notice = Math.max(nowNanos + network.latency(), network.fifoHorizonNanos(s.index, peer.index));
          enqueue(new Disconnect(peer, peer.incarnation, s.id), notice);
        }
      }
    }
  }

  // ---------------------------------------------------------------- faults, also for scripted tests

  /** Crashes a node between events with a power loss (nothing if it is down). */
  public void crash(NodeId id) {
    crash(id, CrashKind.POWER_LOSS);
  }

  /** Crashes a node between events (nothing if it is down): a power loss or a process kill. */
  public void crash(NodeId id, CrashKind kind) {
    if (kind == CrashKind.PROCESS_KILL) {
      crash(slot(id), Stat.PROCESS_KILLS, kind, "killed (process only)");
    } else {
      crash(slot(id), Stat.CRASHES, kind, "crashed");
    }
  }

  /** Arms a power loss at the node's {@code ioOps}-th I/O operation from now. */
  public void crashAtIo(NodeId id, int ioOps) {
    crashAtIo(id, ioOps, CrashKind.POWER_LOSS);
  }

  /** Arms a crash of {@code kind} at the node's {@code ioOps}-th I/O operation from now. */
  public void crashAtIo(NodeId id, int ioOps, CrashKind kind) {
    NodeSlot s = slot(id);
    if (s.isUp()) {
      s.disk.armCrash(ioOps, kind);
    }
  }

  /** Starts a down node from its disk; on an up node, drops an armed crash. */
  public void restart(NodeId id) {
    NodeSlot s = slot(id);
    if (s.isUp()) {
      s.disk.disarmCrash();
    } else {
      startIncarnation(s);
    }
  }

  public void pause(NodeId id, long durationNanos) {
    NodeSlot s = slot(id);
    if (s.isUp()) {
      s.pausedUntilNanos = Math.max(s.pausedUntilNanos, nowNanos + durationNanos);
      counters.increment(Stat.PAUSES);
    }
  }

  /** Replaces the current partition by {@code spec}. */
  public void partition(PartitionSpec spec) {
    network.heal();
    for (NodeId[] link : spec.blockedLinks()) {
      network.block(slot(link[0]).index, slot(link[1]).index);
    }
    counters.increment(Stat.PARTITIONS);
  }

  public void healPartition() {
    network.heal();
  }

  /** Resets the connection between two nodes; each one that is up gets onDisconnect. */
  public void reset(NodeId a, NodeId b) {
    NodeSlot sa = slot(a);
    NodeSlot sb = slot(b);
    network.reset(sa.index, sb.index);
    counters.increment(Stat.RESETS);
    if (sa.isUp()) {
      enqueue(new Disconnect(sa, sa.incarnation, b), nowNanos);
    }
    if (sb.isUp()) {
      enqueue(new Disconnect(sb, sb.incarnation, a), nowNanos);
    }
  }

  public void skewClock(NodeId id, long offsetNanos, long driftPpm) {
    slot(id).clock.skew(nowNanos, offsetNanos, driftPpm);
    counters.increment(Stat.CLOCK_SKEWS);
  }

  public void jumpClock(NodeId id, long deltaNanos) {
    slot(id).clock.jump(nowNanos, deltaNanos);
    counters.increment(Stat.CLOCK_JUMPS);
  }

  /** Flips a bit of a random durable sector of the node's disk; returns where, or null. */
  public String rot(NodeId id) {
    return slot(id).disk.rot();
  }

  public void setDiskFull(NodeId id, boolean full) {
    slot(id).disk.setFull(full);
  }

  /** Crashes the node if it is up and gives it an empty disk; {@link #restart} brings it back. */
  public void replaceDisk(NodeId id) {
    NodeSlot s = slot(id);
    crash(s, Stat.CRASHES, CrashKind.POWER_LOSS, "crashed for a disk replacement");
    s.disk.replace();
  }

  private void apply(FaultEvent e) {
    if (e instanceof FaultEvent.Crash c) {
      if (c.ioOps() == 0) {
        crash(c.node(), c.kind());
      } else {
        crashAtIo(c.node(), c.ioOps(), c.kind());
      }
    } else if (e instanceof FaultEvent.Restart r) {
      restart(r.node());
    } else if (e instanceof FaultEvent.Pause p) {
      pause(p.node(), p.durationNanos());
    } else if (e instanceof FaultEvent.Partition p) {
      partition(p.spec());
    } else if (e instanceof FaultEvent.Heal) {
      healPartition();
    } else if (e instanceof FaultEvent.Reset r) {
      reset(r.a(), r.b());
    } else if (e instanceof FaultEvent.ClockSkew c) {
      skewClock(c.node(), c.offsetNanos(), c.driftPpm());
    } else if (e instanceof FaultEvent.ClockJump j) {
      jumpClock(j.node(), j.deltaNanos());
    } else if (e instanceof FaultEvent.Rot r) {
      String where = rot(r.node());
      if (where != null) {
        traceLine(Trace.FAULT, slot(r.node()).index, Trace.hashString(where), "  rot at " + where);
      }
    } else if (e instanceof FaultEvent.DiskFull f) {
      setDiskFull(f.node(), f.full());
    } else if (e instanceof FaultEvent.ReplaceDisk d) {
      replaceDisk(d.node());
    } else {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- ports (from SimNodeContext)

  /** The slot of a destination, or null if no such node was added. */
  NodeSlot route(NodeId to) {
    return byName.get(to.name());
  }

  /** Sends from a node's handler; {@code target} is null for an unknown destination. */
  void send(NodeSlot from, NodeSlot target, byte[] message) {
    if (target == null) {
      counters.increment(Stat.MESSAGES_SENT);
      counters.increment(Stat.DROPPED_UNROUTABLE);
      return;
    }
    network.send(from.localNanos(), from.index, target.index, message, this);
  }

  @Override
  public void arriveAt(long atNanos, int from, int to, byte[] message, int epoch) {
    enqueue(new Delivery(from, to, message, epoch), atNanos);
  }

  long scheduleTimer(NodeSlot s, long atNanos, Object tag) {
    long id = ++timerIds;
    TimerEvent t = new TimerEvent(s, s.incarnation, id, tag);
    s.timers.put(id, t);
    enqueue(t, atNanos);
    return id;
  }

  // ---------------------------------------------------------------- inspection

  public long seed() {
    return seed;
  }

  public FaultSchedule faultSchedule() {
    return schedule;
  }

  public long nowNanos() {
    return nowNanos;
  }

  /** The 64-bit hash of every event delivered so far. */
  public long traceHash() {
    return trace.hash();
  }

  /** The last trace lines, if the builder asked to keep them. */
  public List<String> traceTail() {
    return trace.tail();
  }

  /** Live counters of this run (read them; copy them to keep). */
  public Counters stats() {
    return counters;
  }

  public List<NodeId> nodes() {
    List<NodeId> ids = new ArrayList<>();
    for (NodeSlot s : slots) {
      ids.add(s.id);
    }
    return Collections.unmodifiableList(ids);
  }

  public boolean isUp(NodeId id) {
    return slot(id).isUp();
  }

  /** How many times the node has started (1 after its first start). */
  public int incarnation(NodeId id) {
    return slot(id).incarnation;
  }

  /** The node's current object, or null while it is down. Read it; do not change it. */
  public Node node(NodeId id) {
    return slot(id).node;
  }

  /** The node's current object as {@code type}, or null while it is down. */
  public <T> T node(NodeId id, Class<T> type) {
    return type.cast(slot(id).node);
  }

  /** The node's disk, for checkers and tests (its inspection methods inject nothing). */
  public SimDisk disk(NodeId id) {
    return slot(id).disk;
  }

  /** The node's wall clock reading now, in milliseconds. */
  public long wallClockMillis(NodeId id) {
    return Math.floorDiv(slot(id).clock.wallAt(nowNanos), 1_000_000);
  }

  /** Events waiting: queued ones and scheduled faults not yet applied. */
  public int pendingEvents() {
    return queue.size() + faults.size() - nextFault;
  }

  private NodeSlot slot(NodeId id) {
    NodeSlot s = byId.get(id);
    if (s == null) {
      throw new IllegalArgumentException("unknown node " + id + " (nodes: " + byId.keySet() + ")");
    }
    return s;
  }

  private void traceLine(int kind, int node, long detail, String text) {
    trace.record(nowNanos, kind, node, detail);
    if (trace.wantsLines()) {
      trace.line(nowNanos, ScheduleText.duration(nowNanos) + " " + text);
    }
  }

  // ---------------------------------------------------------------- events

  /** Defers an event for a node that is paused or busy; true if it was deferred. */
  private boolean deferred(NodeSlot s, SimEvent e) {
    long ready = s.readyNanos();
    if (ready > nowNanos) {
      counters.increment(Stat.DEFERRED);
      if (queue.size() >= SimLimits.EVENTS_QUEUED_MAX) {
        throw failure("more than " + SimLimits.EVENTS_QUEUED_MAX + " queued events: a node floods the simulation", null, null);
      }
      queue.defer(e, ready); // keeps its place among events of that time: a FIFO link stays FIFO
      return true;
    }
    return false;
  }

  private final class Delivery extends SimEvent {
    final int from;
    final int to;
    final byte[] message;
    final int epoch;
    /** Set once the message reached the node's host; then only the process can lose it. */
    int arrivedIncarnation = -1;

    Delivery(int from, int to, byte[] message, int epoch) {
      this.from = from;
      this.to = to;
      this.message = message;
      this.epoch = epoch;
    }

    @Override
    boolean fire() {
      NodeSlot s = slots.get(to);
      if (arrivedIncarnation < 0 && !network.deliverable(from, to, epoch)) {
        return dropped("lost (reset or partition)");
      }
      if (!s.isUp() || (arrivedIncarnation >= 0 && arrivedIncarnation != s.incarnation)) {
        counters.increment(Stat.DROPPED_DOWN);
        return dropped("lost (receiver down)");
      }
      arrivedIncarnation = s.incarnation;
      if (deferred(s, this)) {
        return false;
      }
      counters.increment(Stat.MESSAGES_DELIVERED);
      long h = Trace.hashBytes(message);
      trace.record(nowNanos, Trace.MESSAGE, to, h ^ ((long) from << 56));
      if (trace.wantsLines()) {
        trace.line(nowNanos, String.format("%s %s <- %s message %dB #%08x", ScheduleText.duration(nowNanos), s.id,
            slots.get(from).id, message.length, (int) h));
      }
      Node node = s.node;
      NodeId sender = slots.get(from).id;
      runHandler(s, () -> node.onMessage(sender, message));
      return true;
    }

    private boolean dropped(String why) {
      traceLine(Trace.DROP, to, from, slots.get(to).id + " <- " + slots.get(from).id + " message " + why);
      return true;
    }
  }

  final class TimerEvent extends SimEvent {
    final NodeSlot slot;
    final int incarnation;
    final long id;
    final Object tag;
    boolean cancelled;

    TimerEvent(NodeSlot slot, int incarnation, long id, Object tag) {
      this.slot = slot;
      this.incarnation = incarnation;
      this.id = id;
      this.tag = tag;
    }

    @Override
    boolean fire() {
      if (cancelled || incarnation != slot.incarnation || !slot.isUp()) {
        return false;
      }
      if (deferred(slot, this)) {
        return false;
      }
      slot.timers.remove(id);
      counters.increment(Stat.TIMERS_FIRED);
      trace.record(nowNanos, Trace.TIMER, slot.index, id);
      if (trace.wantsLines()) {
        trace.line(nowNanos, ScheduleText.duration(nowNanos) + " " + slot.id + " timer " + id + " " + tag);
      }
      Node node = slot.node;
      runHandler(slot, () -> node.onTimer(id, tag));
      return true;
    }
  }

  private final class Disconnect extends SimEvent {
    final NodeSlot slot;
    final int incarnation;
    final NodeId peer;

    Disconnect(NodeSlot slot, int incarnation, NodeId peer) {
      this.slot = slot;
      this.incarnation = incarnation;
      this.peer = peer;
    }

    @Override
    boolean fire() {
      if (incarnation != slot.incarnation || !slot.isUp() || deferred(slot, this)) {
        return false;
      }
      counters.increment(Stat.DISCONNECTS);
      traceLine(Trace.DISCONNECT, slot.index, Trace.hashString(peer.name()), slot.id + " disconnected from " + peer);
      Node node = slot.node;
      runHandler(slot, () -> node.onDisconnect(peer));
      return true;
    }
  }

  /** A first start (at addNode) or a supervisor's restart after a panic, in either phase. */
  private final class Lifecycle extends SimEvent {
    final NodeSlot slot;

    Lifecycle(NodeSlot slot) {
      this.slot = slot;
    }

    @Override
    boolean fire() {
      if (slot.isUp()) {
        return false; // restarted meanwhile (by a restart event or the heal)
      }
      startIncarnation(slot);
      return true;
    }
  }

  private final class FaultAction extends SimEvent {
    final FaultEvent fault;

    FaultAction(FaultEvent fault) {
      this.fault = fault;
    }

    @Override
    boolean fire() {
      if (!faultsOn) {
        return false;
      }
      traceLine(Trace.FAULT, -1, Trace.hashString(fault.action()), "fault: " + fault.action());
      apply(fault);
      return true;
    }
  }

  private final class Action extends SimEvent {
    final String label;
    final Runnable action;

    Action(String label, Runnable action) {
      this.label = label;
      this.action = action;
    }

    @Override
    boolean fire() {
      counters.increment(Stat.ACTIONS);
      traceLine(Trace.ACTION, -1, Trace.hashString(label), "action: " + label);
      try {
        action.run();
      } catch (SimulationFailure f) {
        throw f;
      } catch (RuntimeException | Error e) {
        throw failure("action '" + label + "' threw " + e, e, null);
      }
      return true;
    }
  }
}
