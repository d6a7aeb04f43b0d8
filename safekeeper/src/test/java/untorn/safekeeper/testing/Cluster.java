package untorn.safekeeper.testing;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import untorn.core.Invariants;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.acceptor.AcceptorConfig;
import untorn.safekeeper.check.AcceptorView;
import untorn.safekeeper.check.ConsensusChecker;
import untorn.safekeeper.check.TraceRules;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.proposer.Proposer;
import untorn.safekeeper.proposer.ProposerConfig;
import untorn.safekeeper.proposer.ProposerEffect;
import untorn.safekeeper.proto.AcceptorMessage;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.MessageCodec;
import untorn.safekeeper.proto.MessageDecodeException;
import untorn.core.trace.RecordingTraceSink;
import untorn.core.trace.TraceEvent;
import untorn.core.trace.TraceSink;
import untorn.safekeeper.testing.CrashableFileSystem.Loss;

/**
 * Cluster is the unit harness for interaction tests in etcd raft's style: acceptors (each a {@link
 * TimelineHost} on its own {@link CrashableFileSystem}) and proposers (bare {@link Proposer}
 * cores) exchange encoded messages through a FIFO network that the test script controls: deliver
 * everything, drop or hold what matches a predicate, cut nodes off, crash an acceptor's disk,
 * tick. The {@link ConsensusChecker} runs after every delivered message; by default a violation
 * (or an invariant error in the code) fails the test at once, and a negative-control test can
 * instead collect them.
 */
public final class Cluster {
  public static final TenantTimeline TT = TenantTimeline.of(0xC0FFEE, 1);
  public static final WalLayout LAYOUT = new WalLayout(64 << 10);

  /** A message on the wire. */
  public record Envelope(NodeId from, NodeId to, byte[] bytes) {
    public Message message() {
      try {
        return MessageCodec.decode(bytes);
      } catch (MessageDecodeException e) {
        throw new AssertionError(e);
      }
    }

    @Override
    public String toString() {
      return from + "->" + to + " " + message();
    }
  }

  private final long seed;
  private final Random random;
  private final Mutants mutants;
  private final List<NodeId> acceptorIds = new ArrayList<>();
  private final Map<NodeId, CrashableFileSystem> disks = new LinkedHashMap<>();
  private final Map<NodeId, TimelineHost> hosts = new LinkedHashMap<>();
  private final Map<NodeId, Proposer> proposers = new LinkedHashMap<>();
  private final Map<NodeId, WalFixture> computes = new LinkedHashMap<>();
  private final ArrayDeque<Envelope> network = new ArrayDeque<>();
  private final Set<NodeId> isolated = new HashSet<>();
  private final RecordingTraceSink events = new RecordingTraceSink();
  private long nonces;
  private final ConsensusChecker checker;
  private boolean failFast = true;
  private boolean restartOnCrashPoint;
  private long delivered;

  private Cluster(int acceptors, long seed, Mutants mutants) {
    this.seed = seed;
    this.random = new Random(seed);
    this.mutants = mutants;
    for (int i = 1; i <= acceptors; i++) {
      acceptorIds.add(NodeId.of("sk" + i));
    }
    this.checker = new ConsensusChecker(acceptors, id -> view(hosts.get(id)));
    for (NodeId a : acceptorIds) {
      CrashableFileSystem fs = new CrashableFileSystem();
      disks.put(a, fs);
      try {
        // Timelines are created correctly (bootstrap is not what the mutants break), then run
        // with the mutants from their first start.
        TimelineHost.create(a, TT, fs, config(a), Mutants.NONE, TraceSink.NONE).close();
      } catch (StorageException e) {
        throw new IllegalStateException(e);
      }
      hosts.put(a, TimelineHost.open(a, TT, fs, config(a), mutants, sink(a)));
    }
  }

  public static Cluster of(int acceptors, long seed) {
    return new Cluster(acceptors, seed, Mutants.NONE);
  }

  public static Cluster of(int acceptors, long seed, Mutants mutants) {
    return new Cluster(acceptors, seed, mutants);
  }

  private AcceptorConfig config(NodeId self) {
    List<NodeId> peers = acceptorIds.stream().filter(x -> !x.equals(self)).toList();
    return new AcceptorConfig(LAYOUT, peers, 2, 2);
  }

  private TraceSink sink(NodeId node) {
    return this::trace;
  }

  private void trace(TraceEvent e) {
    events.emit(e);
    checker.onEvent(e);
  }

  /** An acceptor that dies at an injected crash point is restarted from its disk at once. */
  public Cluster restartOnCrashPoint() {
    restartOnCrashPoint = true;
    return this;
  }

  /** What the checker sees of a host: its acceptor and its WAL, read from the test file system. */
  static AcceptorView view(TimelineHost h) {
    return new AcceptorView() {
      @Override
      public Acceptor acceptor() {
        return h == null ? null : h.acceptor();
      }

      @Override
      public String lostCommittedWal() {
        return h != null && h.lostCommittedWal() ? h.brokenReason() : null;
      }

      @Override
      public untorn.safekeeper.storage.ControlState durableControl() {
        return h == null || h.storage() == null ? null : h.storage().durableControl();
      }

      @Override
      public byte[] wal(Lsn from, Lsn to) {
        try {
          return h.storage().wal().rawBytes(from, (int) to.minus(from));
        } catch (StorageException e) {
          throw new IllegalStateException("checker cannot read WAL: " + e.getMessage(), e);
        }
      }
    };
  }

  /** A cluster of {@code acceptors} in which {@code proposer} was elected (term 1, no WAL yet). */
  public static Cluster elected(int acceptors, long seed, String proposer) {
    Cluster c = of(acceptors, seed);
    c.startProposer(proposer);
    c.deliverAll();
    return c;
  }

  /** Collect violations instead of failing at the first (for negative controls). */
  public Cluster collectViolations() {
    failFast = false;
    return this;
  }

  // ---- script steps ----

  /** Starts a proposer (a compute's walproposer) over all acceptors. */
  public Proposer startProposer(String name) {
    return startProposer(name, Term.ZERO);
  }

  public Proposer startProposer(String name, Term minTerm) {
    NodeId id = NodeId.of(name);
    Proposer old = proposers.get(id);
    if (old != null && old.phase() != Proposer.Phase.DEFEATED) {
      trace(new TraceEvent.ProposerCrash(id)); // The old incarnation is gone, as if it crashed.
    }
    Proposer p = new Proposer(id, TT, acceptorIds, minTerm, ++nonces, ProposerConfig.DEFAULTS, mutants);
    proposers.put(id, p);
    computes.remove(id);
    run(id, p.start());
    return p;
  }

  /** Stops a proposer for good (its process dies); messages to it are lost. */
  public Cluster stopProposer(String name) {
    NodeId id = NodeId.of(name);
    Proposer p = proposers.remove(id);
    if (p != null && p.phase() != Proposer.Phase.DEFEATED) {
      trace(new TraceEvent.ProposerCrash(id));
    }
    network.removeIf(e -> e.to().equals(id));
    return this;
  }

  /** Replaces a defeated (or any) proposer by a new attempt above every term it saw. */
  public Proposer restartProposer(String name) {
    Proposer old = proposer(name);
    return startProposer(name, Term.max(old.seenTerm(), old.term()).next());
  }

  /** The compute behind {@code name} appends {@code n} records; returns their stream bytes. */
  public List<EncodedRecord> append(String name, int n) {
    NodeId id = NodeId.of(name);
    Proposer p = proposers.get(id);
    WalFixture compute = computes.computeIfAbsent(id,
        k -> new WalFixture(p.termStartLsn(), p.termStartPrevLsn(), seed ^ name.hashCode() ^ p.term().value()));
    List<EncodedRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      EncodedRecord r = compute.next();
      Invariants.check(p.canAppend(r.bytes().length), "%s cannot append: %s", name, p);
      run(id, p.append(r));
      out.add(r);
    }
    return out;
  }

  /** Delivers every message, including those sent while delivering, in FIFO order. */
  public Cluster deliverAll() {
    return deliverAll(e -> true);
  }

  /** Delivers messages matching {@code keep}, dropping the others, until the network is empty. */
  public Cluster deliverAll(Predicate<Envelope> keep) {
    int budget = 200_000;
    ArrayDeque<Envelope> recent = new ArrayDeque<>();
    while (!network.isEmpty()) {
      if (--budget == 0) {
        throw new AssertionError("seed " + seed + ": delivery did not quiesce; last messages: " + recent);
      }
      Envelope e = network.poll();
      recent.add(e);
      if (recent.size() > 12) {
        recent.poll();
      }
      if (keep.test(e)) {
        deliver(e);
      }
    }
    return this;
  }

  /**
   * Delivers messages until the next one matches {@code stop} (which stays first in line); false
   * if the network ran empty first.
   */
  public boolean deliverUntil(Predicate<Envelope> stop) {
    while (!network.isEmpty() && !stop.test(network.peek())) {
      deliver(network.poll());
    }
    return !network.isEmpty();
  }

  /** Ticks (and delivers) until a message matching {@code stop} is first in line; false if none came. */
  public boolean runUntil(Predicate<Envelope> stop, int maxTicks) {
    for (int i = 0; i <= maxTicks; i++) {
      if (deliverUntil(stop)) {
        return true;
      }
      tickOnly();
    }
    return false;
  }

  /** Delivers the next message. */
  public Cluster deliverOne() {
    deliver(network.poll());
    return this;
  }

  /** Loses the next message. */
  public Cluster dropNext() {
    network.poll();
    return this;
  }

  /** Delivers the next message and keeps a copy of it in flight (a duplicate). */
  public Cluster duplicateNext() {
    Envelope e = network.peek();
    if (e != null) {
      network.add(e);
      deliverOne();
    }
    return this;
  }

  /** Moves the next message to the end of the line (reordering). */
  public Cluster deferNext() {
    Envelope e = network.poll();
    if (e != null) {
      network.add(e);
    }
    return this;
  }

  /** The acceptor's process dies right before its {@code ops}-th next disk operation. */
  public Cluster armCrash(String name, int ops) {
    CrashableFileSystem d = disk(name);
    d.crashBefore(d.mutatingOps() + ops);
    return this;
  }

  /** Problems the local trace rules find in the whole trace so far. */
  public List<String> traceProblems() {
    return TraceRules.check(events.events());
  }

  /** Drops every message in flight. */
  public Cluster dropAll() {
    network.clear();
    return this;
  }

  public List<Envelope> inFlight() {
    return List.copyOf(network);
  }

  /** Messages to or from isolated nodes are lost from now on. */
  public Cluster isolate(String... names) {
    for (String n : names) {
      isolated.add(NodeId.of(n));
    }
    return this;
  }

  public Cluster heal() {
    isolated.clear();
    return this;
  }

  /** One logical tick for every proposer and acceptor, then delivery of everything. */
  public Cluster tickAll() {
    tickOnly();
    return deliverAll();
  }

  /** One logical tick for every proposer and acceptor; what they send stays in flight. */
  public Cluster tickOnly() {
    for (Map.Entry<NodeId, Proposer> e : proposers.entrySet()) {
      run(e.getKey(), e.getValue().tick());
    }
    for (NodeId a : acceptorIds) {
      if (!isolated.contains(a)) {
        try {
          checkStep(hosts.get(a).tick(out(a)));
        } catch (CrashableFileSystem.CrashPoint died) {
          if (!restartOnCrashPoint) {
            throw died;
          }
          crash(a.name(), Loss.ANY_PREFIX);
        }
      }
    }
    return this;
  }

  /** Ticks until nothing is in flight after a tick, at most {@code rounds} times. */
  public Cluster stabilize(int rounds) {
    deliverAll();
    for (int i = 0; i < rounds; i++) {
      tickAll();
    }
    return this;
  }

  /** A power loss on an acceptor's machine: its unsynced data is gone; it restarts from disk. */
  public Cluster crash(String name) {
    return crash(name, Loss.ALL_UNSYNCED);
  }

  public Cluster crash(String name, Loss loss) {
    NodeId id = NodeId.of(name);
    hosts.get(id).close();
    trace(new TraceEvent.AcceptorCrash(id));
    disks.get(id).crash(loss, random);
    hosts.put(id, TimelineHost.open(id, TT, disks.get(id), config(id), mutants, sink(id)));
    network.removeIf(e -> e.to().equals(id));
    check();
    return this;
  }

  /**
   * The acceptor's disk is replaced by an empty one and it restarts: it no longer has the timeline
   * (it is not created again: it would have forgotten its promises) and refuses to serve it.
   */
  public Cluster replaceDisk(String name) {
    NodeId id = NodeId.of(name);
    hosts.get(id).close();
    trace(new TraceEvent.AcceptorCrash(id));
    disks.put(id, new CrashableFileSystem());
    hosts.put(id, TimelineHost.open(id, TT, disks.get(id), config(id), mutants, sink(id)));
    network.removeIf(e -> e.to().equals(id));
    check();
    return this;
  }

  private void deliver(Envelope e) {
    if (isolated.contains(e.from()) || isolated.contains(e.to())) {
      return;
    }
    delivered++;
    Message m = e.message();
    try {
      if (hosts.containsKey(e.to())) {
        checkStep(hosts.get(e.to()).deliver(e.from(), m, out(e.to())));
      } else if (proposers.containsKey(e.to())) {
        run(e.to(), proposers.get(e.to()).handle(e.from(), (AcceptorMessage) m));
      }
    } catch (Invariants.InvariantViolation v) {
      checker.violation("invariant: " + v.getMessage());
      if (failFast) {
        throw v;
      }
    } catch (CrashableFileSystem.CrashPoint died) {
      if (!restartOnCrashPoint) {
        throw died;
      }
      crash(e.to().name(), Loss.ANY_PREFIX);
    }
    check();
  }

  private void checkStep(Acceptor.Step step) {
    String bad = TraceRules.checkStep(step);
    if (bad != null) {
      checker.violation("step order: " + bad);
    }
  }

  private void check() {
    checker.checkAcceptors(acceptorIds);
    if (failFast && !checker.violations().isEmpty()) {
      throw new AssertionError("seed " + seed + ": " + checker.violations());
    }
  }

  private untorn.safekeeper.node.Outbox out(NodeId from) {
    return (to, m) -> send(from, to, m);
  }

  private void send(NodeId from, NodeId to, Message m) {
    network.add(new Envelope(from, to, MessageCodec.encode(m)));
  }

  private void run(NodeId proposer, List<ProposerEffect> effects) {
    for (ProposerEffect e : effects) {
      if (e instanceof ProposerEffect.Send s) {
        send(proposer, s.to(), s.message());
      } else if (e instanceof ProposerEffect.Emit ev) {
        trace(ev.event());
      }
    }
    if (failFast && !checker.violations().isEmpty()) {
      throw new AssertionError("seed " + seed + ": " + checker.violations());
    }
  }

  // ---- views ----

  public Proposer proposer(String name) {
    return proposers.get(NodeId.of(name));
  }

  public Acceptor acceptor(String name) {
    return hosts.get(NodeId.of(name)).acceptor();
  }

  public TimelineHost host(String name) {
    return hosts.get(NodeId.of(name));
  }

  public CrashableFileSystem disk(String name) {
    return disks.get(NodeId.of(name));
  }

  public List<NodeId> acceptors() {
    return acceptorIds;
  }

  public List<TraceEvent> events() {
    return events.events();
  }

  public List<String> violations() {
    return checker.violations();
  }

  public Lsn committedEnd() {
    return checker.committedEnd();
  }

  public long delivered() {
    return delivered;
  }

  /** An acceptor's WAL bytes [from, to). */
  public byte[] wal(String name, Lsn from, Lsn to) {
    try {
      return host(name).storage().wal().rawBytes(from, (int) to.minus(from));
    } catch (StorageException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Delivers one message to a node directly, as if it came from {@code from}. A persisted-LSN
   * update is the pageserver's word that it persisted that WAL: the checker takes it as such.
   */
  public void inject(String from, String to, Message m) {
    if (m instanceof untorn.safekeeper.proto.PersistedLsnUpdate u) {
      checker.pageserverPersisted(u.persistedLsn());
    }
    send(NodeId.of(from), NodeId.of(to), m);
  }

  /** The trace events of one type, in order. */
  public <T extends TraceEvent> List<T> eventsOf(Class<T> type) {
    return events.events().stream().filter(type::isInstance).map(type::cast).toList();
  }
}
