package untorn.torture.consensus;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import untorn.core.trace.RecordingTraceSink;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.check.ConsensusChecker;
import untorn.safekeeper.check.TraceRules;
import untorn.safekeeper.node.ProposerNode;
import untorn.safekeeper.node.SafekeeperConfig;
import untorn.safekeeper.node.SafekeeperNode;
import untorn.safekeeper.proposer.Proposer;
import untorn.safekeeper.proposer.ProposerConfig;
import untorn.sim.Simulation;
import untorn.sim.fault.BudgetRule;
import untorn.sim.fault.FaultCategory;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.ScheduleGenerator;

/**
 * ConsensusScenario is one simulated cluster of the consensus torture suite: 3 or 5 safekeepers
 * hosting one timeline and 1 to 3 computes whose walproposers compete for it, all drawn from the
 * seed. Faults of every class of DESIGN §6 hit the safekeepers within a minority budget (at most a
 * minority down or cut off at once, at most a minority of disks replaced); computes crash and
 * restart too. Crashes are a mix of power losses and process kills (the page cache survives: the
 * restarted acceptor sees WAL and a control file that were never made durable), and half the
 * kills turn into crash loops (a power loss right after the restart), which is where a restart
 * that acts on what it found before syncing it breaks (mutant {@code skip-restart-sync}). A
 * safekeeper that halts on its own storage error (a failed fsync) is a process kill too, as a
 * process exit is: its restart sees WAL the failed fsync left clean in the page cache, and one that
 * only fsyncs it, without writing it again, loses it at a later power loss (mutant {@code
 * trust-page-cache}). A simulated pageserver ({@link SimPageserver}) tells the safekeepers, through
 * the same faulty network, the LSN up to which it persisted the committed WAL, so they remove WAL
 * under faults too. After a safety phase under faults the cluster is healed, every compute but
 * the first retires, and the first must commit more WAL (the liveness phase).
 *
 * <p>After every simulated event the {@link ConsensusChecker} checks the protocol's safety
 * properties on the acceptors' real state and WAL bytes (read from the simulated disks without
 * I/O), WAL removal included; at the end the whole trace is replayed through {@link TraceRules}.
 * Rotted sectors and lost or misdirected writes are off: an acceptor whose acknowledged WAL silently changes is a
 * forgetful acceptor, which no Paxos variant survives together with a crash of another one (see
 * the package doc).
 */
public final class ConsensusScenario {
  public static final TenantTimeline TIMELINE = TenantTimeline.of(0xC0FFEE, 1);
  /** Small segments: WAL crosses them often, and the checker copies little of them. */
  static final WalLayout LAYOUT = new WalLayout(untorn.core.Limits.WAL_SEGMENT_SIZE_BYTES_MIN);
  static final long MILLI = 1_000_000L;
  public static final long SAFETY_NANOS = 4_000 * MILLI;
  public static final long LIVENESS_NANOS = 10_000 * MILLI;
  /** WAL the healed cluster must commit beyond what it had. */
  public static final long PROGRESS_BYTES = 2_000;
  static final String SAFEKEEPERS = "sk";
  static final String COMPUTES = "compute";
  /** The simulated pageserver that tells the safekeepers its persisted LSN ({@link SimPageserver}). */
  static final NodeId PAGESERVER = NodeId.of("ps");

  /** The cluster a seed runs: how many safekeepers and computes. */
  public record Shape(int safekeepers, int computes) {
    public static Shape of(long seed) {
      SplittableRandom r = new SplittableRandom(seed ^ 0x5AFE_C0DEL);
      return new Shape(r.nextBoolean() ? 3 : 5, 1 + r.nextInt(3));
    }

    public List<NodeId> safekeeperIds() {
      List<NodeId> out = new ArrayList<>();
      for (int i = 1; i <= safekeepers; i++) {
        out.add(NodeId.of("sk" + i));
      }
      return out;
    }

    public List<NodeId> computeIds() {
      List<NodeId> out = new ArrayList<>();
      for (int i = 1; i <= computes; i++) {
        out.add(NodeId.of("c" + i));
      }
      return out;
    }

    List<NodeId> all() {
      List<NodeId> out = new ArrayList<>(safekeeperIds());
      out.addAll(computeIds());
      out.add(PAGESERVER);
      return out;
    }

    int minority() {
      return (safekeepers - 1) / 2;
    }
  }

  /** The intensities: the torture profile, message corruption on, the forgetful-disk faults off. */
  public static FaultProfile profile() {
    return FaultProfile.torture()
        .with(Knob.NET_CORRUPT_P, 0.002)
        .with(Knob.DISK_ROT_PER_S, 0)
        .with(Knob.DISK_LOST_WRITE_P, 0)
        .with(Knob.DISK_MISDIRECTED_WRITE_P, 0)
        .with(Knob.DISK_REPLACE_PER_S, 0.02);
  }

  public static FaultPlan plan(Shape shape) {
    return FaultPlan.of(profile())
        .withGroup(SAFEKEEPERS, shape.safekeeperIds())
        .withGroup(COMPUTES, shape.computeIds())
        .withTarget(FaultCategory.DISK, SAFEKEEPERS)
        .withBudget(SAFEKEEPERS, BudgetRule.Kind.DOWN, shape.minority())
        .withBudget(SAFEKEEPERS, BudgetRule.Kind.UNAVAILABLE, shape.minority())
        .withBudget(SAFEKEEPERS, BudgetRule.Kind.DISK_LOST, shape.minority());
  }

  /** The fault schedule a seed draws for its safety phase. */
  public static FaultSchedule schedule(long seed) {
    Shape shape = Shape.of(seed);
    return ScheduleGenerator.generate(plan(shape), shape.all(), seed, SAFETY_NANOS);
  }

  /** What one run did; {@code violations} is empty when every check passed. */
  public record Outcome(long events, long traceHash, Map<String, Long> faults, Map<String, Long> counters,
      List<String> violations) {}

  private final long seed;
  private final Shape shape;
  private final Mutants mutants;
  private final RecordingTraceSink trace = new RecordingTraceSink();
  private final ConsensusChecker checker;
  /** Safekeepers whose first start completed: the control plane bootstraps them no more. */
  private final java.util.Set<NodeId> provisioned = new java.util.HashSet<>();
  private Simulation sim;
  private boolean liveness;
  private final WalRemovalStats removal;

  public ConsensusScenario(long seed, Mutants mutants) {
    this.seed = seed;
    this.shape = Shape.of(seed);
    this.mutants = mutants;
    Map<NodeId, SimAcceptorView> views = new HashMap<>();
    this.checker = new ConsensusChecker(shape.safekeepers(),
        id -> views.computeIfAbsent(id, k -> new SimAcceptorView(sim, k, TIMELINE, LAYOUT)));
    this.removal = new WalRemovalStats(checker);
  }

  /** Builds the simulation under {@code schedule}, runs both phases and checks; throws on a safety violation. */
  public Outcome run(FaultSchedule schedule, String replayHint, int traceTailLines) {
    sim = Simulation.builder(seed).schedule(schedule).replayHint(replayHint).traceTail(traceTailLines).build();
    for (NodeId sk : shape.safekeeperIds()) {
      sim.addNode(sk, id -> safekeeper(id));
    }
    for (NodeId c : shape.computeIds()) {
      sim.addNode(c, id -> compute(id));
    }
    sim.addNode(PAGESERVER, id -> new SimPageserver(TIMELINE, shape.safekeeperIds(), checker::committedEnd, removal));
    sim.addInvariant("consensus safety", s -> check());
    sim.addCrashListener(this::onCrash);
    sim.runUntil(SAFETY_NANOS);
    long committedAtHeal = checker.committedEnd().value();
    liveness = true;
    sim.heal();
    boolean progressed = sim.runUntil(s -> checker.committedEnd().value() >= committedAtHeal + PROGRESS_BYTES,
        SAFETY_NANOS + LIVENESS_NANOS);
    List<String> violations = new ArrayList<>();
    if (!progressed) {
      violations.add("liveness: the healed cluster committed " + (checker.committedEnd().value() - committedAtHeal)
          + " bytes in " + LIVENESS_NANOS / MILLI + " ms, not " + PROGRESS_BYTES);
    }
    for (String p : TraceRules.check(trace.events())) {
      violations.add("trace: " + p);
      break; // the first one explains the rest
    }
    return new Outcome(sim.stats().get(untorn.sim.base.Stat.EVENTS), sim.traceHash(), faults(), counters(committedAtHeal),
        violations);
  }

  private void check() {
    for (NodeId sk : shape.safekeeperIds()) {
      SafekeeperNode n = sim.node(sk, SafekeeperNode.class);
      if (n != null && n.timeline(TIMELINE) != null && n.timeline(TIMELINE).acceptor() != null) {
        provisioned.add(sk);
      }
    }
    checker.checkAcceptors(shape.safekeeperIds());
    removal.observe(sim, shape.safekeeperIds(), LAYOUT);
    if (!checker.violations().isEmpty()) {
      throw new IllegalStateException(checker.violations().get(0));
    }
  }

  /**
   * Traces a crash at the instant it happens (TraceEvent's contract): the safekeeper's loses what
   * was not durable; the compute's ends its proposer, unless a defeat already ended (and traced)
   * it. A proposer still greeting is traced too: its next incarnation greets afresh. The
   * pageserver is in no protocol trace.
   */
  private void onCrash(NodeId id) {
    if (shape.safekeeperIds().contains(id)) {
      emit(new TraceEvent.AcceptorCrash(id));
    } else if (shape.computeIds().contains(id)) {
      ProposerNode c = sim.node(id, ProposerNode.class);
      if (c == null || c.driver().proposer() == null || c.driver().proposer().phase() != Proposer.Phase.DEFEATED) {
        emit(new TraceEvent.ProposerCrash(id));
      }
    }
  }

  private SafekeeperNode safekeeper(NodeId id) {
    List<NodeId> peers = shape.safekeeperIds().stream().filter(x -> !x.equals(id)).toList();
    // Bootstrap until the first start completed (a crash may hit the first start itself), never
    // after: a replaced disk must not come back as an acceptor that forgot its promises.
    Set<TenantTimeline> bootstrap = provisioned.contains(id) ? Set.of() : Set.of(TIMELINE);
    SafekeeperConfig cfg = new SafekeeperConfig(peers, LAYOUT, bootstrap, 10, 5, 10, mutants);
    return new SafekeeperNode(cfg, this::emit);
  }

  private ProposerNode compute(NodeId id) {
    boolean primary = id.equals(shape.computeIds().get(0));
    return new ProposerNode(TIMELINE, shape.safekeeperIds(), ProposerConfig.DEFAULTS, mutants, this::emit, 10, 5, 300,
        () -> primary || !liveness);
  }

  private void emit(TraceEvent e) {
    trace.emit(e);
    checker.onEvent(e);
  }

  private Map<String, Long> faults() {
    Map<String, Long> out = new java.util.TreeMap<>();
    sim.stats().nonZero().forEach((stat, n) -> {
      if (stat.isFault()) {
        out.put(stat.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), n);
      }
    });
    return out;
  }

  private Map<String, Long> counters(long committedAtHeal) {
    Map<String, Long> c = new java.util.TreeMap<>();
    long truncations = 0;
    long rewritten = 0;
    long rewrittenMax = 0;
    Map<NodeId, Lsn> flush = new HashMap<>();
    for (TraceEvent e : trace.events()) {
      c.merge("events-" + e.getClass().getSimpleName(), 1L, Long::sum);
      if (e instanceof TraceEvent.AcceptorRestart r && r.flushLsn().isAfter(r.commitLsn())) {
        // The WAL above the durable commit LSN, which the restart wrote again before reporting it.
        rewritten += r.flushLsn().minus(r.commitLsn());
        rewrittenMax = Math.max(rewrittenMax, r.flushLsn().minus(r.commitLsn()));
      }
      if (e instanceof TraceEvent.AckFlush a) {
        flush.put(a.acceptor(), a.flushLsn());
      } else if (e instanceof TraceEvent.AcceptElected ae) {
        if (ae.flushLsn().isBefore(flush.getOrDefault(ae.acceptor(), Lsn.ZERO))) {
          truncations++;
        }
        flush.put(ae.acceptor(), ae.flushLsn());
      }
    }
    Map<String, Long> out = new java.util.TreeMap<>();
    out.put("elections", c.getOrDefault("events-Elect", 0L));
    out.put("records-proposed", c.getOrDefault("events-Propose", 0L));
    out.put("acceptor-restarts", c.getOrDefault("events-AcceptorRestart", 0L));
    out.put("proposer-crashes", c.getOrDefault("events-ProposerCrash", 0L));
    out.put("divergent-tails-cut", truncations);
    out.put("restart-rewritten-bytes", rewritten);
    out.put("restart-rewritten-bytes-max", rewrittenMax);
    out.put("bytes-committed", checker.committedEnd().value());
    out.put("bytes-committed-in-safety-phase", committedAtHeal);
    out.put("clusters-3", shape.safekeepers() == 3 ? 1L : 0L);
    out.put("clusters-5", shape.safekeepers() == 5 ? 1L : 0L);
    out.put("computes", (long) shape.computes());
    out.putAll(removal.counters());
    return out;
  }

  public Shape shape() {
    return shape;
  }

  /** Every trace event of the run, for trace validation by the spec's checker. */
  public List<TraceEvent> traceEvents() {
    return trace.events();
  }
}
