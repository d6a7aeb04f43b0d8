package untorn.safekeeper.node;

import java.util.List;
import java.util.Objects;
import untorn.core.io.NodeContext;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.proposer.Proposer;
import untorn.safekeeper.proposer.ProposerConfig;
import untorn.safekeeper.proposer.ProposerEffect;
import untorn.safekeeper.proto.AcceptorMessage;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.MessageCodec;
import untorn.core.trace.TraceSink;

/**
 * ProposerDriver is the walproposer a compute embeds: it runs a {@link Proposer} core on the
 * compute's ports (sends through the transport, ticks on a timer, events to a sink) and tells the
 * compute, through a {@link Listener}, when it may write WAL and from where, how far WAL is
 * committed, and when it lost. A defeated proposer is replaced after a randomized backoff by a new
 * one above every term it saw; the compute must then restart from the new term's start LSN (pages
 * at that LSN), never continue its own WAL: two computes racing on a stale start was a real bug.
 */
public final class ProposerDriver {
  /** What the compute learns from its walproposer. */
  public interface Listener {
    /**
     * The proposer leads {@code term} and holds all WAL below {@code termStartLsn}: the compute
     * writes its next record there, with prev-link {@code prevLsn}, and not anywhere else.
     */
    void onStreaming(Term term, Lsn termStartLsn, Lsn prevLsn);

    /** WAL below {@code commitLsn} is committed (a majority flushed it in this term). */
    void onCommit(Lsn commitLsn);

    /** The proposer lost; WAL not committed may be gone. A new attempt follows after a backoff. */
    void onDefeated(Term seenTerm, String reason);
  }

  /** Timer tags; the driver ignores timers that are not its own. */
  private record Tag(String what, long attempt) {}

  private final TenantTimeline timeline;
  private final List<NodeId> acceptors;
  private final ProposerConfig config;
  private final Mutants mutants;
  private final TraceSink sink;
  private final Listener listener;
  private final long tickMillis;
  private final long restartBackoffMillis;
  private final java.util.function.BooleanSupplier mayCampaign;
  private NodeContext context;
  private Proposer proposer;
  private long attempt;
  private Proposer.Phase lastPhase;
  private Lsn lastCommit = Lsn.ZERO;

  public ProposerDriver(TenantTimeline timeline, List<NodeId> acceptors, ProposerConfig config, Mutants mutants,
      TraceSink sink, Listener listener, long tickMillis, long restartBackoffMillis) {
    this(timeline, acceptors, config, mutants, sink, listener, tickMillis, restartBackoffMillis, () -> true);
  }

  /**
   * A driver whose attempts after a defeat start only while {@code mayCampaign} says so (a
   * control plane that retired this compute; a torture run's liveness phase keeps one compute).
   */
  public ProposerDriver(TenantTimeline timeline, List<NodeId> acceptors, ProposerConfig config, Mutants mutants,
      TraceSink sink, Listener listener, long tickMillis, long restartBackoffMillis,
      java.util.function.BooleanSupplier mayCampaign) {
    this.mayCampaign = Objects.requireNonNull(mayCampaign);
    this.timeline = Objects.requireNonNull(timeline);
    this.acceptors = List.copyOf(acceptors);
    this.config = Objects.requireNonNull(config);
    this.mutants = Objects.requireNonNull(mutants);
    this.sink = Objects.requireNonNull(sink);
    this.listener = Objects.requireNonNull(listener);
    if (tickMillis < 1 || restartBackoffMillis < 0) {
      throw new IllegalArgumentException("bad proposer timing");
    }
    this.tickMillis = tickMillis;
    this.restartBackoffMillis = restartBackoffMillis;
  }

  /** Starts the first attempt (call from the compute node's {@code start}). */
  public void start(NodeContext ctx) {
    this.context = ctx;
    if (mayCampaign.getAsBoolean()) {
      begin(Term.ZERO);
    } else {
      proposer = new Proposer(ctx.self(), timeline, acceptors, Term.ZERO, 0, config, mutants);
      context.timers().schedule(restartBackoffMillis + 1, new Tag("restart", attempt));
    }
  }

  private void begin(Term minTerm) {
    attempt++;
    proposer = new Proposer(context.self(), timeline, acceptors, minTerm, context.random().nextLong(), config, mutants);
    lastPhase = proposer.phase();
    lastCommit = Lsn.ZERO;
    execute(proposer.start());
    context.timers().schedule(tickMillis, new Tag("tick", attempt));
  }

  /** Takes a message if it is an acceptor's reply for this timeline; returns whether it was. */
  public boolean onMessage(NodeId from, Message m) {
    if (!(m instanceof AcceptorMessage am) || !m.timeline().equals(timeline) || !acceptors.contains(from)) {
      return false;
    }
    execute(proposer.handle(from, am));
    return true;
  }

  /** Takes a timer if it is this driver's; returns whether it was. */
  public boolean onTimer(Object tag) {
    if (!(tag instanceof Tag t) || t.attempt() != attempt) {
      return tag instanceof Tag;
    }
    if (t.what().equals("tick") && proposer.phase() != Proposer.Phase.DEFEATED) {
      execute(proposer.tick());
      context.timers().schedule(tickMillis, new Tag("tick", attempt));
    } else if (t.what().equals("restart")) {
      if (mayCampaign.getAsBoolean()) {
        begin(Term.max(proposer.seenTerm(), proposer.term()).next());
      } else {
        context.timers().schedule(restartBackoffMillis + 1, new Tag("restart", attempt));
      }
    }
    return true;
  }

  /** Whether the compute may append a record of {@code bytes} now. */
  public boolean canAppend(int bytes) {
    return proposer != null && proposer.canAppend(bytes);
  }

  /** Streams a record the compute encoded; it must continue the WAL (see {@link Listener}). */
  public void append(EncodedRecord record) {
    execute(proposer.append(record));
  }

  private void execute(List<ProposerEffect> effects) {
    for (ProposerEffect e : effects) {
      if (e instanceof ProposerEffect.Send s) {
        context.transport().send(s.to(), MessageCodec.encode(s.message()));
      } else if (e instanceof ProposerEffect.Emit ev) {
        sink.emit(ev.event());
      } else {
        throw new AssertionError("unknown effect " + e);
      }
    }
    notifyListener();
  }

  private void notifyListener() {
    Proposer.Phase phase = proposer.phase();
    if (phase != lastPhase) {
      lastPhase = phase;
      if (phase == Proposer.Phase.STREAMING) {
        listener.onStreaming(proposer.term(), proposer.termStartLsn(), proposer.termStartPrevLsn());
      } else if (phase == Proposer.Phase.DEFEATED) {
        listener.onDefeated(proposer.seenTerm(), proposer.defeatReason());
        long jitter = restartBackoffMillis == 0 ? 0 : context.random().nextLong(restartBackoffMillis + 1);
        context.timers().schedule(restartBackoffMillis + jitter, new Tag("restart", attempt));
      }
    }
    if (proposer.commitLsn().isAfter(lastCommit)) {
      lastCommit = proposer.commitLsn();
      listener.onCommit(lastCommit);
    }
  }

  /** The current attempt, for checkers. */
  public Proposer proposer() {
    return proposer;
  }

  /** How many attempts (elections) this driver started. */
  public long attempts() {
    return attempt;
  }
}
