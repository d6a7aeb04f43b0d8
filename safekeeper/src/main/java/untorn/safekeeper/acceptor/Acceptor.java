package untorn.safekeeper.acceptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import untorn.core.Invariants;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.history.CommonPoint;
import untorn.safekeeper.history.HistoryMismatchException;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.proto.AcceptorGreeting;
import untorn.safekeeper.proto.AcceptorMessage;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.Greeting;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.PeerRecoveryRequest;
import untorn.safekeeper.proto.PeerRecoveryResponse;
import untorn.safekeeper.proto.PersistedLsnUpdate;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteRequest;
import untorn.safekeeper.proto.VoteResponse;
import untorn.safekeeper.proto.WalBatch;
import untorn.safekeeper.proto.WalChunk;
import untorn.safekeeper.proto.WalReadRequest;
import untorn.safekeeper.storage.ProtocolState;

/**
 * Acceptor is the Paxos acceptor of one timeline on one safekeeper, as a pure state machine: each
 * input ({@link #handle} a message, {@link #tick}) changes its in-memory state and returns a
 * {@link Step}: the effects the driver must carry out in order (persist, write, fsync, then send)
 * and whether the input was accepted or refused with a typed reason. It does no I/O.
 *
 * <p>The in-memory state is what the disk holds once the step's effects are done. If the first
 * disk effect of a step fails cleanly (a full disk: nothing was written), the driver puts the
 * state back with {@link #restore} from a {@link #snapshot} taken before the step; any other
 * failure ends the process. A refused input changes nothing at all. The rules of DESIGN §5 it
 * enforces:
 *
 * <ul>
 *   <li>it votes only for a term strictly above its own, and persists the term before answering;
 *   <li>it accepts WAL only in its current term, after adopting that term's history, only at its
 *       WAL end (no gap, no rewrite), and only as whole valid records chaining onto its last one;
 *   <li>it acknowledges a flush only after the fsync effect that makes it durable;
 *   <li>on an elected message it computes the highest common point itself, asserts it is not below
 *       its commit LSN, durably cuts its WAL there, and only then durably adopts the history;
 *   <li>its commit LSN is persisted whenever it rises, before it is reported or traced, so it never
 *       decreases, even across crashes.
 * </ul>
 *
 * <p>Trace events ({@link TraceEvent}) are effects too, placed after the storage effects that make
 * them true and before the messages that depend on them; refused inputs emit none.
 */
public final class Acceptor {
  private final NodeId self;
  private final TenantTimeline timeline;
  private final AcceptorConfig config;
  private final Mutants mutants;

  private ProtocolState state;
  private Lsn flushLsn;
  private Lsn lastRecordLsn;
  private Lsn localStartLsn;
  private long ticks;
  private long ticksSinceProposerWal;

  /** What one input did: the effects to carry out in order, and the outcome. */
  public record Step(List<AcceptorEffect> effects, RejectReason rejected, String detail) {
    public Step {
      effects = List.copyOf(effects);
    }

    public boolean accepted() {
      return rejected == null;
    }
  }

  /** The in-memory state, to put back if a step's first disk effect fails cleanly. */
  public record Memento(ProtocolState state, Lsn flushLsn, Lsn lastRecordLsn, Lsn localStartLsn, long ticks,
      long ticksSinceProposerWal) {}

  public Memento snapshot() {
    return new Memento(state, flushLsn, lastRecordLsn, localStartLsn, ticks, ticksSinceProposerWal);
  }

  public void restore(Memento m) {
    state = m.state();
    flushLsn = m.flushLsn();
    lastRecordLsn = m.lastRecordLsn();
    localStartLsn = m.localStartLsn();
    ticks = m.ticks();
    ticksSinceProposerWal = m.ticksSinceProposerWal();
    checkInvariants();
  }

  private Acceptor(NodeId self, TenantTimeline timeline, AcceptorConfig config, Mutants mutants, ProtocolState state,
      Lsn flushLsn, Lsn lastRecordLsn, Lsn localStartLsn) {
    this.self = Objects.requireNonNull(self);
    this.timeline = Objects.requireNonNull(timeline);
    this.config = Objects.requireNonNull(config);
    this.mutants = Objects.requireNonNull(mutants);
    this.state = state;
    this.flushLsn = flushLsn;
    this.lastRecordLsn = lastRecordLsn;
    this.localStartLsn = localStartLsn;
    checkInvariants();
  }

  /**
   * An acceptor rebuilt from what its disk holds: the durable protocol state, the end of valid WAL
   * and the start of its last record (both found by the restart scan), and where its WAL begins.
   */
  public static Acceptor recovered(NodeId self, TenantTimeline timeline, AcceptorConfig config, Mutants mutants,
      ProtocolState durable, Lsn flushLsn, Lsn lastRecordLsn, Lsn localStartLsn) {
    Invariants.check(!durable.commitLsn().isAfter(flushLsn), "durable commit %s above recovered WAL end %s",
        durable.commitLsn(), flushLsn);
    return new Acceptor(self, timeline, config, mutants, durable, flushLsn, lastRecordLsn, localStartLsn);
  }

  /** The event a driver emits once it rebuilt this acceptor from disk. */
  public TraceEvent.AcceptorRestart restartEvent() {
    return new TraceEvent.AcceptorRestart(timeline, self, state.term(), flushLsn, state.commitLsn(),
        state.history().toTrace());
  }

  // ---- inputs ----

  /** Handles a message from {@code from}. */
  public Step handle(NodeId from, Message m) {
    Invariants.check(m.timeline().equals(timeline), "message for %s routed to %s", m.timeline(), timeline);
    Step step;
    if (m instanceof Greeting g) {
      step = ok(new AcceptorEffect.Send(from, new AcceptorGreeting(timeline, state.term(), g.nonce())));
    } else if (m instanceof VoteRequest r) {
      step = onVoteRequest(from, r);
    } else if (m instanceof ProposerElected r) {
      step = onElected(from, r);
    } else if (m instanceof AppendRequest r) {
      step = onAppend(from, r);
    } else if (m instanceof WalReadRequest r) {
      step = onWalRead(from, r);
    } else if (m instanceof PeerRecoveryRequest r) {
      step = onPeerRecoveryRequest(from, r);
    } else if (m instanceof PeerRecoveryResponse r) {
      step = onPeerRecoveryResponse(r);
    } else if (m instanceof PersistedLsnUpdate r) {
      step = onPersistedLsn(r);
    } else if (m instanceof AcceptorMessage) {
      // Never answered: two acceptors answering each other's answers would never stop.
      step = rejectStep(RejectReason.UNEXPECTED_MESSAGE, m.getClass().getSimpleName() + " sent to an acceptor");
    } else {
      throw new AssertionError("unknown message " + m);
    }
    checkInvariants();
    return step;
  }

  /**
   * A logical clock tick: removes WAL nobody needs any more, and asks the peers for WAL once no
   * proposer has streamed for a while.
   */
  public Step tick() {
    ticks++;
    ticksSinceProposerWal++;
    List<AcceptorEffect> out = new ArrayList<>();
    removeWalIfPossible(out);
    if (!config.peers().isEmpty() && state.term().value() > 0 && ticksSinceProposerWal >= config.peerRecoveryQuietTicks()
        && ticks % config.peerRecoveryIntervalTicks() == 0) {
      PeerRecoveryRequest req =
          new PeerRecoveryRequest(timeline, state.term(), flushLsn, lastRecordLsn, state.history().upTo(flushLsn));
      for (NodeId peer : config.peers()) {
        out.add(new AcceptorEffect.Send(peer, req));
      }
    }
    checkInvariants();
    return new Step(out, null, "");
  }

  // ---- votes ----

  private Step onVoteRequest(NodeId from, VoteRequest r) {
    if (!r.term().isAfter(state.term())) {
      Step refused = rejectStep(RejectReason.STALE_TERM, "vote for " + r.term() + " but promised " + state.term());
      return withSends(refused, new AcceptorEffect.Send(from, voteResponse(false)));
    }
    state = state.withTerm(r.term());
    List<AcceptorEffect> out = new ArrayList<>();
    if (!mutants.has(Mutant.VOTE_WITHOUT_PERSIST)) {
      out.add(new AcceptorEffect.PersistState(state));
    }
    out.add(new AcceptorEffect.Emit(new TraceEvent.Vote(timeline, self, from, state.term(), flushLsn,
        state.history().upTo(flushLsn).toTrace())));
    out.add(new AcceptorEffect.Send(from, voteResponse(true)));
    return new Step(out, null, "");
  }

  private VoteResponse voteResponse(boolean granted) {
    return new VoteResponse(timeline, state.term(), granted, flushLsn, lastRecordLsn, state.commitLsn(),
        state.history().upTo(flushLsn));
  }

  // ---- elected: truncate and adopt ----

  private Step onElected(NodeId from, ProposerElected r) {
    Step refused = checkTermForElected(r.term());
    if (refused != null) {
      return withSends(refused, rejectSend(from, refused));
    }
    boolean repeated = state.history().lastTerm().equals(r.term());
    if (repeated && !state.history().equals(r.history())) {
      return reject(from, RejectReason.HISTORY_MISMATCH, Lsn.ZERO, "term " + r.term() + " already has history "
          + state.history() + ", not " + r.history());
    }
    CommonPoint cp;
    try {
      cp = TermHistory.commonPoint(r.history(), state.history(), flushLsn, lastRecordLsn);
    } catch (HistoryMismatchException e) {
      return reject(from, RejectReason.HISTORY_MISMATCH, Lsn.ZERO, e.getMessage());
    }
    // A repeated message finds the point at our flush LSN now; the first one must agree with the
    // point the proposer computed from our vote.
    if (!repeated && !cp.lsn().equals(r.startStreamingAt())) {
      return reject(from, RejectReason.BAD_START, Lsn.ZERO,
          "proposer streams from " + r.startStreamingAt() + " but the common point is " + cp.lsn());
    }
    List<AcceptorEffect> out = new ArrayList<>();
    adopt(r.history(), cp, out);
    out.add(ackFlush(r.term()));
    out.add(new AcceptorEffect.Send(from, appendResponse(r.term())));
    return new Step(out, null, "");
  }

  private Step checkTermForElected(Term t) {
    if (t.compareTo(state.term()) < 0) {
      return rejectStep(RejectReason.STALE_TERM, "elected in " + t + " but promised " + state.term());
    }
    if (t.isAfter(state.term())) {
      return rejectStep(RejectReason.NOT_VOTED, "elected in " + t + " but never voted for it (term " + state.term() + ")");
    }
    return null;
  }

  /**
   * Cuts the WAL at the common point and adopts {@code history}, in that order: the WAL cut is
   * durable before the control file says the bytes after it belong to the new term.
   */
  private void adopt(TermHistory history, CommonPoint cp, List<AcceptorEffect> out) {
    Invariants.check(cp.lsn().atLeast(state.commitLsn()),
        "acceptor %s asked to truncate %s at %s, below its commit LSN %s (history %s, proposer's %s)", self, timeline,
        cp.lsn(), state.commitLsn(), state.history(), history);
    if (!mutants.has(Mutant.NO_TRUNCATE)) {
      // Always cut, even with nothing above the point in memory: a failed earlier write may have
      // left bytes on disk past the flush LSN that a restart would otherwise read as WAL.
      out.add(new AcceptorEffect.TruncateWal(cp.lsn()));
      flushLsn = cp.lsn();
      lastRecordLsn = cp.prevLsn();
    }
    if (!state.history().equals(history)) {
      state = state.withHistory(history);
      out.add(new AcceptorEffect.PersistState(state));
    }
    // The mutant reports the flush LSN the cut would have left: its lie surfaces in later steps.
    out.add(new AcceptorEffect.Emit(new TraceEvent.AcceptElected(timeline, self, state.term(), cp.lsn(),
        Lsn.min(flushLsn, cp.lsn()), history.toTrace())));
  }

  /** The trace event that goes with every flush report: the fsync before it returned. */
  private AcceptorEffect ackFlush(Term term) {
    return new AcceptorEffect.Emit(new TraceEvent.AckFlush(timeline, self, term, flushLsn));
  }

  // ---- appends ----

  private Step onAppend(NodeId from, AppendRequest r) {
    boolean stale = r.term().compareTo(state.term()) < 0;
    boolean staleButAccepted = stale && mutants.has(Mutant.ACCEPT_STALE_TERM) && state.history().lastTerm().equals(r.term());
    if (stale && !staleButAccepted) {
      return reject(from, RejectReason.STALE_TERM, Lsn.ZERO, "append in " + r.term() + " but promised " + state.term());
    }
    if (r.term().isAfter(state.term())) {
      return reject(from, RejectReason.NOT_VOTED, Lsn.ZERO, "append in " + r.term() + " but never voted for it");
    }
    if (!state.history().lastTerm().equals(r.term())) {
      return reject(from, RejectReason.NOT_ELECTED, Lsn.ZERO, "append in " + r.term() + " before its elected message");
    }
    if (!r.beginLsn().equals(flushLsn)) {
      RejectReason why = r.beginLsn().isAfter(flushLsn) ? RejectReason.GAP : RejectReason.OVERLAP;
      return reject(from, why, flushLsn, "append at " + r.beginLsn() + " but the WAL ends at " + flushLsn);
    }
    List<AcceptorEffect> out = new ArrayList<>();
    if (r.wal().length > 0) {
      WalBatch batch;
      try {
        batch = WalBatch.parse(r.beginLsn(), r.wal(), lastRecordLsn);
      } catch (WalBatch.MalformedWalException e) {
        return reject(from, RejectReason.MALFORMED_WAL, flushLsn, e.getMessage());
      }
      appendWal(r.term(), r.wal(), batch, out);
      ticksSinceProposerWal = 0; // Heartbeats do not count: a proposer that cannot serve us sends only those.
    }
    // The mutant answers in the stale proposer's term, so the stale proposer counts the ack.
    Term replyTerm = staleButAccepted ? r.term() : state.term();
    out.add(ackFlush(replyTerm));
    learnCommit(replyTerm, r.commitLsn(), r.peerHorizonLsn(), out);
    out.add(new AcceptorEffect.Send(from, appendResponse(replyTerm)));
    return new Step(out, null, "");
  }

  private void appendWal(Term term, byte[] wal, WalBatch batch, List<AcceptorEffect> out) {
    Invariants.check(batch.beginLsn().equals(flushLsn), "append at %s, WAL ends at %s", batch.beginLsn(), flushLsn);
    out.add(new AcceptorEffect.WriteWal(batch.beginLsn(), wal));
    out.add(new AcceptorEffect.Emit(new TraceEvent.Append(timeline, self, term, batch.beginLsn(), batch.endLsn())));
    if (!mutants.has(Mutant.ACK_BEFORE_FSYNC)) {
      out.add(new AcceptorEffect.SyncWal());
    }
    flushLsn = batch.endLsn();
    lastRecordLsn = batch.lastRecordLsn();
  }

  private AppendResponse appendResponse(Term term) {
    return new AppendResponse(timeline, term, flushLsn, state.commitLsn());
  }

  /**
   * Takes a commit LSN and peer horizon from the proposer (or a peer) of the adopted term. Both are
   * positions in that term's log, and this acceptor's WAL up to its flush LSN is a prefix of that
   * log, so the part below the flush LSN is committed here too. A higher commit LSN is persisted
   * before it is traced or reported.
   */
  private void learnCommit(Term term, Lsn commit, Lsn peerHorizon, List<AcceptorEffect> out) {
    Lsn learned = Lsn.max(state.commitLsn(), Lsn.min(commit, flushLsn));
    Lsn horizon = Lsn.max(state.peerHorizonLsn(), Lsn.min(peerHorizon, learned));
    boolean rose = learned.isAfter(state.commitLsn());
    state = state.withCommit(learned, state.persistedLsn(), horizon);
    if (rose) {
      out.add(new AcceptorEffect.PersistState(state));
      out.add(new AcceptorEffect.Emit(new TraceEvent.LearnCommit(timeline, self, term, learned)));
    }
  }

  /**
   * Removes WAL below what the pageserver persisted, every acceptor flushed (the peer horizon) and
   * this acceptor knows durably committed, once that passes a segment boundary. Nothing above it is
   * ever removed. The removal makes the persisted LSN and the peer horizon it relied on durable in
   * the same control-file write that moves the WAL start, so the control file never shows WAL
   * removed above the values that allowed it, even after a crash (both are otherwise kept in
   * memory until the next control write).
   */
  private void removeWalIfPossible(List<AcceptorEffect> out) {
    Lsn allowed = Lsn.min(state.peerHorizonLsn(), state.commitLsn());
    // The mutant forgets the pageserver: WAL it has not persisted yet goes too.
    Lsn horizon = mutants.has(Mutant.REMOVE_ABOVE_PERSISTED) ? allowed : Lsn.min(state.persistedLsn(), allowed);
    long segment = config.layout().segmentNumber(horizon.value());
    if (horizon.isAfter(localStartLsn) && config.layout().segmentStart(segment) > localStartLsn.value()) {
      out.add(new AcceptorEffect.RemoveWal(horizon, state.persistedLsn(), state.peerHorizonLsn()));
      localStartLsn = horizon;
    }
  }

  // ---- donor and peer recovery ----

  private Step onWalRead(NodeId from, WalReadRequest r) {
    if (!r.term().equals(state.term())) {
      RejectReason why = r.term().compareTo(state.term()) < 0 ? RejectReason.STALE_TERM : RejectReason.NOT_VOTED;
      return reject(from, why, Lsn.ZERO, "WAL read in " + r.term() + ", acceptor term " + state.term());
    }
    if (r.fromLsn().isBefore(localStartLsn)) {
      return reject(from, RejectReason.WAL_REMOVED, localStartLsn, "WAL below " + localStartLsn + " was removed");
    }
    if (r.fromLsn().isAfter(flushLsn)) {
      return reject(from, RejectReason.BAD_RANGE, flushLsn, "WAL read from " + r.fromLsn() + " above the end " + flushLsn);
    }
    WalChunk template = new WalChunk(timeline, state.term(), r.fromLsn(), new byte[0]);
    return ok(new AcceptorEffect.SendWal(from, template, r.fromLsn(), Lsn.min(r.toLsn(), flushLsn),
        Limits.RECOVERY_CHUNK_BYTES));
  }

  /** A peer asks for WAL: relay ours if we adopted its term's history and hold more than it. */
  private Step onPeerRecoveryRequest(NodeId from, PeerRecoveryRequest r) {
    if (!r.term().equals(state.term()) || !state.history().lastTerm().equals(state.term())) {
      return rejectStep(RejectReason.STALE_TERM, "peer in " + r.term() + ", we are in " + state.term() + " with "
          + state.history().lastTerm() + " adopted");
    }
    CommonPoint cp;
    try {
      cp = TermHistory.commonPoint(state.history(), r.history(), r.flushLsn(), r.lastRecordLsn());
    } catch (HistoryMismatchException e) {
      return rejectStep(RejectReason.HISTORY_MISMATCH, e.getMessage());
    }
    // Relay if we hold WAL past the common point, or the peer holds a divergent tail past it
    // (an empty relay still makes it cut that tail, as the term's proposer would).
    if (!flushLsn.isAfter(cp.lsn()) && !r.flushLsn().isAfter(cp.lsn())) {
      return rejectStep(RejectReason.OVERLAP, "peer is not behind");
    }
    if (cp.lsn().isAfter(flushLsn)) {
      return rejectStep(RejectReason.OVERLAP, "peer is ahead of us");
    }
    if (cp.lsn().isBefore(localStartLsn)) {
      return rejectStep(RejectReason.WAL_REMOVED, "peer needs WAL from " + cp.lsn() + ", we hold " + localStartLsn
          + ".." + flushLsn);
    }
    PeerRecoveryResponse template =
        new PeerRecoveryResponse(timeline, state.term(), state.history(), state.commitLsn(), cp.lsn(), new byte[0]);
    return ok(new AcceptorEffect.SendWal(from, template, cp.lsn(), flushLsn, Limits.RECOVERY_CHUNK_BYTES));
  }

  /**
   * WAL relayed by a peer that adopted our term's history: exactly what that term's proposer would
   * send, so it is taken through the same checks as its elected message and appends.
   */
  private Step onPeerRecoveryResponse(PeerRecoveryResponse r) {
    if (!r.term().equals(state.term())) {
      return rejectStep(RejectReason.STALE_TERM, "relay in " + r.term() + ", we are in " + state.term());
    }
    List<AcceptorEffect> out = new ArrayList<>();
    if (!state.history().lastTerm().equals(r.term())) {
      CommonPoint cp;
      try {
        cp = TermHistory.commonPoint(r.history(), state.history(), flushLsn, lastRecordLsn);
      } catch (HistoryMismatchException e) {
        return rejectStep(RejectReason.HISTORY_MISMATCH, e.getMessage());
      }
      adopt(r.history(), cp, out);
    } else if (!state.history().equals(r.history())) {
      return rejectStep(RejectReason.HISTORY_MISMATCH, "relay history " + r.history() + " vs ours " + state.history());
    }
    if (!r.beginLsn().equals(flushLsn) || r.wal().length == 0) {
      // Not (or no longer) contiguous with our WAL: the adoption alone stands.
      return new Step(out, out.isEmpty() ? (r.beginLsn().isAfter(flushLsn) ? RejectReason.GAP : RejectReason.OVERLAP)
          : null, "relay at " + r.beginLsn() + ", WAL ends at " + flushLsn);
    }
    WalBatch batch;
    try {
      batch = WalBatch.parse(r.beginLsn(), r.wal(), lastRecordLsn);
    } catch (WalBatch.MalformedWalException e) {
      return out.isEmpty() ? rejectStep(RejectReason.MALFORMED_WAL, e.getMessage()) : new Step(out, null, "");
    }
    appendWal(state.term(), r.wal(), batch, out);
    out.add(ackFlush(state.term()));
    learnCommit(state.term(), r.commitLsn(), Lsn.ZERO, out);
    return new Step(out, null, "");
  }

  /**
   * Kept in memory (and persisted with the next control write, at the latest with the removal it
   * allows); WAL is removed at a tick. The value only rises: a stale, duplicated or reordered
   * update, or one from a pageserver that restarted from an older state, changes nothing.
   */
  private Step onPersistedLsn(PersistedLsnUpdate r) {
    if (r.persistedLsn().isAfter(state.persistedLsn())) {
      state = state.withCommit(state.commitLsn(), r.persistedLsn(), state.peerHorizonLsn());
    }
    return new Step(List.of(), null, "");
  }

  // ---- helpers ----

  private static Step ok(AcceptorEffect effect) {
    return new Step(List.of(effect), null, "");
  }

  private static Step rejectStep(RejectReason reason, String detail) {
    return new Step(List.of(), reason, detail);
  }

  private Step reject(NodeId to, RejectReason reason, Lsn flush, String detail) {
    Reject msg = Reject.of(timeline, state.term(), reason, flush, detail);
    return new Step(List.of(new AcceptorEffect.Send(to, msg)), reason, detail);
  }

  private AcceptorEffect.Send rejectSend(NodeId to, Step refused) {
    return new AcceptorEffect.Send(to, Reject.of(timeline, state.term(), refused.rejected(), Lsn.ZERO, refused.detail()));
  }

  private static Step withSends(Step s, AcceptorEffect.Send send) {
    List<AcceptorEffect> out = new ArrayList<>(s.effects());
    out.add(send);
    return new Step(out, s.rejected(), s.detail());
  }

  private void checkInvariants() {
    Invariants.check(!state.history().lastTerm().isAfter(state.term()), "history term above promised term");
    Invariants.check(!state.commitLsn().isAfter(flushLsn), "commit %s above flush %s", state.commitLsn(), flushLsn);
    Invariants.check(!localStartLsn.isAfter(state.commitLsn()), "WAL removed above the commit LSN");
    Invariants.check(!state.peerHorizonLsn().isAfter(state.commitLsn()), "peer horizon above the commit LSN");
    Invariants.check(lastRecordLsn.isBefore(flushLsn) || lastRecordLsn.equals(Lsn.ZERO),
        "last record %s not below the flush LSN %s", lastRecordLsn, flushLsn);
  }

  // ---- read-only views for drivers and checkers ----

  public NodeId self() {
    return self;
  }

  public TenantTimeline timeline() {
    return timeline;
  }

  public Term term() {
    return state.term();
  }

  public TermHistory history() {
    return state.history();
  }

  public ProtocolState protocolState() {
    return state;
  }

  public Lsn flushLsn() {
    return flushLsn;
  }

  public Lsn lastRecordLsn() {
    return lastRecordLsn;
  }

  /** The commit LSN (durable once the step that raised it is done). */
  public Lsn commitLsn() {
    return state.commitLsn();
  }

  public Lsn localStartLsn() {
    return localStartLsn;
  }

  @Override
  public String toString() {
    return "Acceptor[" + self + " " + timeline + " " + state.term() + " flush=" + flushLsn + " commit=" + state.commitLsn()
        + " history=" + state.history() + "]";
  }
}
