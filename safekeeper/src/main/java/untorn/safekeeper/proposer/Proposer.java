package untorn.safekeeper.proposer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import untorn.core.Invariants;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.history.CommonPoint;
import untorn.safekeeper.history.HistoryMismatchException;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.proto.AcceptorGreeting;
import untorn.safekeeper.proto.AcceptorMessage;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.Greeting;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.proto.ProposerMessage;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteRequest;
import untorn.safekeeper.proto.VoteResponse;
import untorn.safekeeper.proto.WalBatch;
import untorn.safekeeper.proto.WalChunk;
import untorn.safekeeper.proto.WalReadRequest;

/**
 * Proposer is the walproposer of one timeline, as a pure state machine: it takes acceptor replies,
 * ticks and the compute's WAL, and returns {@link ProposerEffect}s (messages, trace events). One
 * object is one attempt to lead: it greets the acceptors, picks a term above every term it saw,
 * collects a quorum of votes, takes the most advanced voter as donor, recovers the WAL it lacks
 * from the donor, then streams WAL with bounded in-flight bytes per acceptor and advances the
 * commit LSN by the quorum rule. Once it sees a higher term or times out it is {@link
 * Phase#DEFEATED} for good: the driver starts a new object, and the compute restarts from the new
 * term's start LSN (never from its own WAL position).
 */
public final class Proposer {
  /** Where the attempt is. */
  public enum Phase { GREETING, VOTING, RECOVERING, STREAMING, DEFEATED }

  private final NodeId self;
  private final TenantTimeline timeline;
  private final List<NodeId> acceptors;
  private final int quorum;
  private final ProposerConfig config;
  private final Mutants mutants;
  private final Term minTerm;
  private final long nonce;
  private final Map<NodeId, PeerProgress> peers = new LinkedHashMap<>();

  private Phase phase = Phase.GREETING;
  private Term term = Term.ZERO;
  private Term seenTerm = Term.ZERO;
  private NodeId donor;
  private TermHistory history;
  private Lsn termStartLsn;
  private Lsn termStartPrevLsn;
  private WalWindow window;
  private Lsn commitLsn = Lsn.ZERO;
  private Lsn peerHorizonLsn = Lsn.ZERO;
  private long ticks;
  private long phaseStartTick;
  private long lastRecoveryProgressTick;
  private String defeatReason = "";
  private List<ProposerEffect> out = new ArrayList<>();

  /**
   * A proposer for {@code timeline} over {@code acceptors} that will pick a term of at least
   * {@code minTerm} (a restarted proposer passes one above every term it saw). {@code nonce} names
   * this incarnation in its greetings (the driver draws it from the node's seeded random).
   */
  public Proposer(NodeId self, TenantTimeline timeline, List<NodeId> acceptors, Term minTerm, long nonce,
      ProposerConfig config, Mutants mutants) {
    this.self = Objects.requireNonNull(self);
    this.timeline = Objects.requireNonNull(timeline);
    this.acceptors = List.copyOf(acceptors);
    if (this.acceptors.isEmpty() || this.acceptors.size() > Limits.ACCEPTORS_MAX
        || this.acceptors.stream().distinct().count() != this.acceptors.size()) {
      throw new IllegalArgumentException("1.." + Limits.ACCEPTORS_MAX + " distinct acceptors needed: " + acceptors);
    }
    this.quorum = this.acceptors.size() / 2 + 1;
    this.minTerm = Objects.requireNonNull(minTerm);
    this.nonce = nonce;
    this.config = Objects.requireNonNull(config);
    this.mutants = Objects.requireNonNull(mutants);
    for (NodeId a : this.acceptors) {
      peers.put(a, new PeerProgress());
    }
  }

  // ---- inputs ----

  /** Starts the election: greets every acceptor. */
  public List<ProposerEffect> start() {
    Invariants.check(phase == Phase.GREETING && ticks == 0 && term.equals(Term.ZERO), "proposer started twice");
    for (NodeId a : acceptors) {
      send(a, new Greeting(timeline, nonce));
    }
    return drain();
  }

  /** Handles a reply from an acceptor; replies from others, or after defeat, are ignored. */
  public List<ProposerEffect> handle(NodeId from, AcceptorMessage m) {
    PeerProgress p = peers.get(from);
    if (p == null || phase == Phase.DEFEATED || !m.timeline().equals(timeline)) {
      return drain();
    }
    seenTerm = Term.max(seenTerm, m.term());
    if (phase != Phase.GREETING && m.term().isAfter(term)) {
      defeat("acceptor " + from + " is in " + m.term());
    } else if (m instanceof AcceptorGreeting g) {
      onGreeting(from, p, g);
    } else if (m instanceof VoteResponse v) {
      onVote(from, p, v);
    } else if (m instanceof AppendResponse r) {
      onFlushReport(from, p, r.term(), r.flushLsn());
    } else if (m instanceof Reject r) {
      onReject(from, p, r);
    } else if (m instanceof WalChunk c) {
      onRecoveryChunk(from, c);
    } else {
      throw new AssertionError("unknown acceptor message " + m);
    }
    checkInvariants();
    return drain();
  }

  /** A logical clock tick: resends, heartbeats, rewinds of stalled streams, timeouts. */
  public List<ProposerEffect> tick() {
    ticks++;
    if (phase == Phase.GREETING || phase == Phase.VOTING) {
      if (ticks - phaseStartTick > config.electionTimeoutTicks()) {
        defeat("election timed out in " + phase);
        return drain();
      }
      resendElectionMessages();
    } else if (phase == Phase.RECOVERING || phase == Phase.STREAMING) {
      if (phase == Phase.RECOVERING) {
        tickRecovery();
      }
      for (Map.Entry<NodeId, PeerProgress> e : peers.entrySet()) {
        tickPeer(e.getKey(), e.getValue());
      }
      pump();
    }
    checkInvariants();
    return drain();
  }

  /** Whether the compute may append a record of {@code bytes} now (elected, recovered, room). */
  public boolean canAppend(int bytes) {
    return phase == Phase.STREAMING && window.sizeBytes() + bytes <= Limits.PROPOSER_WINDOW_BYTES_MAX;
  }

  /**
   * Takes a record the compute encoded at the end of the WAL: it must start where the window ends
   * and chain onto its last record (the compute builds its encoder at {@link #termStartLsn()} with
   * {@link #termStartPrevLsn()}). Check {@link #canAppend} first.
   */
  public List<ProposerEffect> append(EncodedRecord record) {
    Invariants.check(canAppend(record.bytes().length), "append while %s with %d window bytes", phase,
        window == null ? 0 : window.sizeBytes());
    if (!record.writeStart().equals(window.endLsn()) || !record.logged().prevLsn().equals(window.lastRecordLsn())) {
      throw new IllegalArgumentException("record at " + record.writeStart() + " (prev " + record.logged().prevLsn()
          + ") does not continue the WAL at " + window.endLsn() + " (last record " + window.lastRecordLsn() + ")");
    }
    window.append(record.bytes(), new long[] {record.logged().endLsn().value()}, record.logged().startLsn());
    emit(new TraceEvent.Propose(timeline, self, term, record.logged().startLsn(), record.logged().endLsn()));
    pump();
    return drain();
  }

  // ---- election ----

  private void onGreeting(NodeId from, PeerProgress p, AcceptorGreeting g) {
    if (g.nonce() != nonce) {
      return; // An answer to an earlier incarnation: its connection is gone.
    }
    p.greetedTerm = g.term();
    if (phase == Phase.GREETING) {
      emit(new TraceEvent.Greet(timeline, self, from, g.term()));
      long greeted = peers.values().stream().filter(x -> x.greetedTerm != null).count();
      if (greeted >= quorum) {
        term = Term.max(minTerm, seenTerm.next());
        phase = Phase.VOTING;
        emit(new TraceEvent.RequestVote(timeline, self, term));
        phaseStartTick = ticks;
        for (Map.Entry<NodeId, PeerProgress> e : peers.entrySet()) {
          if (e.getValue().greetedTerm != null) {
            requestVote(e.getKey(), e.getValue());
          }
        }
      }
    } else if (p.vote == null) {
      requestVote(from, p);
    }
  }

  private void requestVote(NodeId to, PeerProgress p) {
    p.lastRequestTick = ticks;
    send(to, new VoteRequest(timeline, term));
  }

  private void onVote(NodeId from, PeerProgress p, VoteResponse v) {
    if (!v.term().equals(term) || p.vote != null) {
      return; // Another proposer's term, or a duplicate.
    }
    if (!v.granted()) {
      // The acceptor already promised our term: its granted answer to us was lost, or it voted
      // for a rival in the same term, who cannot be elected too. It cannot count toward the
      // election, but once we are elected it can follow us like any acceptor of our term (the
      // elected message carries our history, and it reports its state here). Without this, an
      // acceptor whose vote was lost would never take part in the term (a liveness bug the
      // torture suite found).
      if (phase == Phase.RECOVERING || phase == Phase.STREAMING) {
        p.vote = v;
        sendElected(from, p);
      }
      return;
    }
    p.vote = v;
    if (phase == Phase.VOTING) {
      Map<NodeId, VoteResponse> votes = votes();
      if (votes.size() >= quorum) {
        becomeElected(votes);
      }
    } else if (phase == Phase.RECOVERING || phase == Phase.STREAMING) {
      sendElected(from, p); // A late voter joins the term.
    }
  }

  private Map<NodeId, VoteResponse> votes() {
    Map<NodeId, VoteResponse> votes = new LinkedHashMap<>();
    peers.forEach((id, p) -> {
      if (p.vote != null) {
        votes.put(id, p.vote);
      }
    });
    return votes;
  }

  private void becomeElected(Map<NodeId, VoteResponse> votes) {
    donor = Donor.choose(votes, mutants);
    VoteResponse d = votes.get(donor);
    termStartLsn = d.flushLsn();
    termStartPrevLsn = d.lastRecordLsn();
    history = d.history().append(new TermSwitch(term, termStartLsn, termStartPrevLsn));
    Lsn windowStart = termStartLsn;
    for (VoteResponse v : votes.values()) {
      // Leader completeness: the donor's log holds all a voter knows committed. (The commit LSN
      // itself starts at zero: only acknowledgements in this term raise it, as in the spec.)
      Invariants.check(!v.commitLsn().isAfter(termStartLsn), "voter commit %s above the donor's WAL end %s (donor %s)",
          v.commitLsn(), termStartLsn, donor);
      windowStart = Lsn.min(windowStart, commonPoint(v).lsn());
    }
    window = new WalWindow(windowStart, windowStart.equals(termStartLsn) ? termStartPrevLsn : null);
    phase = windowStart.isBefore(termStartLsn) ? Phase.RECOVERING : Phase.STREAMING;
    phaseStartTick = ticks;
    lastRecoveryProgressTick = ticks;
    emit(new TraceEvent.Elect(timeline, self, term, List.copyOf(votes.keySet()), donor, history.toTrace()));
    if (phase == Phase.RECOVERING) {
      requestRecovery();
    }
    for (Map.Entry<NodeId, PeerProgress> e : peers.entrySet()) {
      if (e.getValue().vote != null) {
        sendElected(e.getKey(), e.getValue());
      } else if (e.getValue().greetedTerm == null) {
        send(e.getKey(), new Greeting(timeline, nonce));
      }
    }
  }

  private CommonPoint commonPoint(VoteResponse v) {
    try {
      return TermHistory.commonPoint(history, v.history(), v.flushLsn(), v.lastRecordLsn());
    } catch (HistoryMismatchException e) {
      throw Invariants.fail("voter history contradicts the donor's: %s", e.getMessage());
    }
  }

  private void sendElected(NodeId to, PeerProgress p) {
    CommonPoint cp = commonPoint(p.vote);
    p.startStreamingAt = cp.lsn();
    p.lastRequestTick = ticks;
    send(to, new ProposerElected(timeline, term, cp.lsn(), history));
  }

  // ---- recovery from the donor ----

  private void requestRecovery() {
    lastRecoveryProgressTick = ticks;
    send(donor, new WalReadRequest(timeline, term, window.endLsn(), termStartLsn));
  }

  private void onRecoveryChunk(NodeId from, WalChunk c) {
    if (phase != Phase.RECOVERING || !from.equals(donor) || !c.term().equals(term) || !c.beginLsn().equals(window.endLsn())
        || c.wal().length == 0 || c.endLsn().isAfter(termStartLsn)) {
      return; // Stale, duplicate or reordered: the next request asks again from the window end.
    }
    WalBatch batch;
    try {
      batch = WalBatch.parse(c.beginLsn(), c.wal(), window.lastRecordLsn());
    } catch (WalBatch.MalformedWalException e) {
      return; // Damaged on the way or at the donor: asking again, or timing out, is all we can do.
    }
    window.append(c.wal(), batch.recordEnds(), batch.lastRecordLsn());
    if (window.endLsn().equals(termStartLsn)) {
      Invariants.check(window.lastRecordLsn().equals(termStartPrevLsn), "donor %s WAL ends with a record at %s, it voted %s",
          donor, window.lastRecordLsn(), termStartPrevLsn);
      phase = Phase.STREAMING;
    } else {
      requestRecovery();
    }
    pump();
  }

  private void tickRecovery() {
    if (ticks - phaseStartTick > config.recoveryTimeoutTicks()) {
      defeat("recovery from donor " + donor + " timed out at " + window.endLsn());
    } else if (ticks - lastRecoveryProgressTick >= config.resendTicks()) {
      requestRecovery();
    }
  }

  // ---- streaming ----

  private void onFlushReport(NodeId from, PeerProgress p, Term t, Lsn flush) {
    if (!t.equals(term) || (phase != Phase.RECOVERING && phase != Phase.STREAMING) || p.lost) {
      return; // A report the lost acceptor sent before it lost its disk counts no more either.
    }
    p.adopted = true;
    if (flush.isAfter(p.ackedFlushLsn)) {
      p.ackedFlushLsn = flush;
      p.lastProgressTick = ticks;
    }
    if (flush.isAfter(p.nextSendLsn)) {
      p.nextSendLsn = flush;
    }
    advanceCommit();
    emit(new TraceEvent.AdvanceCommit(timeline, self, term, from, flush, commitLsn));
    pump();
  }

  /**
   * A refusal in our term. A gap or a rewrite tells where the acceptor's WAL ends: resume there
   * (it is not a flush acknowledgement, so it moves no commit). A missing elected message is sent
   * again. A donor that removed WAL we still have to recover ends the attempt. An acceptor that no
   * longer holds the timeline (any term) stops counting ({@link #lostTimeline}).
   */
  private void onReject(NodeId from, PeerProgress p, Reject r) {
    if (phase != Phase.RECOVERING && phase != Phase.STREAMING) {
      return;
    }
    if (r.reason() == RejectReason.UNKNOWN_TIMELINE || r.reason() == RejectReason.TIMELINE_BROKEN) {
      lostTimeline(from, p);
      return;
    }
    if (!r.term().equals(term)) {
      return;
    }
    if (r.reason() == RejectReason.WAL_REMOVED && phase == Phase.RECOVERING && from.equals(donor)
        && window.endLsn().isBefore(r.flushLsn())) {
      // The peer horizon rule makes this impossible (the torture checker asserts it): say so at
      // once instead of waiting for the recovery timeout. A refusal of a stale request, below
      // what we already hold, is no news.
      defeat("donor " + from + " removed WAL we need: it starts at " + r.flushLsn() + ", we hold up to "
          + window.endLsn());
      return;
    }
    if ((r.reason() == RejectReason.GAP || r.reason() == RejectReason.OVERLAP) && p.adopted) {
      p.nextSendLsn = r.flushLsn();
      pump();
    } else if (r.reason() == RejectReason.NOT_ELECTED && p.vote != null) {
      sendElected(from, p);
    }
  }

  /**
   * The acceptor no longer holds the timeline: its disk was replaced by an empty one (it is not
   * bootstrapped again: it would have forgotten its promises), or its timeline refuses to start.
   * Whatever it acknowledged is gone, so its acknowledgements stop counting: the peer horizon,
   * which lets every acceptor remove WAL below it, no longer advances (WAL removal waits for every
   * acceptor, as in Neon), and the commit LSN advances on the others' flushes alone. A donor that
   * lost the WAL we are recovering from it ends this attempt at once.
   */
  private void lostTimeline(NodeId from, PeerProgress p) {
    p.lost = true;
    p.adopted = false;
    p.needsPeerRecovery = false;
    if (phase == Phase.RECOVERING && from.equals(donor)) {
      defeat("donor " + from + " no longer holds the timeline");
    }
  }

  /** Sends WAL to every adopted acceptor while it has room in its in-flight budget. */
  private void pump() {
    if (window == null) {
      return;
    }
    for (Map.Entry<NodeId, PeerProgress> e : peers.entrySet()) {
      PeerProgress p = e.getValue();
      if (!p.adopted) {
        continue;
      }
      if (!p.nextSendLsn.isBefore(window.endLsn())) {
        p.needsPeerRecovery = false;
        continue;
      }
      p.needsPeerRecovery = p.nextSendLsn.isBefore(window.startLsn()) || !window.isRecordBoundary(p.nextSendLsn);
      while (!p.needsPeerRecovery && p.nextSendLsn.isBefore(window.endLsn())
          && p.inFlightBytes() < Limits.PROPOSER_IN_FLIGHT_BYTES_MAX) {
        byte[] wal = window.read(p.nextSendLsn, Limits.APPEND_BYTES_TARGET);
        if (wal.length == 0) {
          break;
        }
        sendAppend(e.getKey(), p, wal);
      }
    }
  }

  private void sendAppend(NodeId to, PeerProgress p, byte[] wal) {
    send(to, new AppendRequest(timeline, term, p.nextSendLsn, commitLsn, peerHorizonLsn, wal));
    p.nextSendLsn = p.nextSendLsn.plus(wal.length);
    p.lastSendTick = ticks;
  }

  private void tickPeer(NodeId id, PeerProgress p) {
    if (p.vote == null) {
      if (ticks - p.lastRequestTick >= config.resendTicks()) {
        p.lastRequestTick = ticks;
        send(id, p.greetedTerm == null ? new Greeting(timeline, nonce) : new VoteRequest(timeline, term));
      }
    } else if (!p.adopted) {
      if (ticks - p.lastRequestTick >= config.resendTicks()) {
        sendElected(id, p);
      }
    } else {
      if (p.nextSendLsn.isAfter(p.ackedFlushLsn) && ticks - Math.max(p.lastProgressTick, p.lastSendTick) >= config.resendTicks()) {
        p.nextSendLsn = p.ackedFlushLsn; // Nothing acknowledged for a while: assume the sends were lost.
        p.lastProgressTick = ticks;
      }
      if (ticks - p.lastSendTick >= config.heartbeatTicks()) {
        sendAppend(id, p, new byte[0]); // Carries the commit LSN, and asks for a flush report.
      }
    }
  }

  /**
   * Advances the commit LSN to the quorum-th highest flush LSN among adopted acceptors at or past
   * the term start, and the peer horizon to the lowest flush LSN of all acceptors (below the commit
   * LSN): WAL every acceptor holds, that none will need again.
   */
  private void advanceCommit() {
    Map<NodeId, Lsn> flushes = new LinkedHashMap<>();
    Lsn horizon = Lsn.MAX;
    for (Map.Entry<NodeId, PeerProgress> e : peers.entrySet()) {
      PeerProgress p = e.getValue();
      if (p.adopted) {
        flushes.put(e.getKey(), p.ackedFlushLsn);
      }
      if (p.adopted) {
        horizon = Lsn.min(horizon, p.ackedFlushLsn);
      } else if (!mutants.has(Mutant.HORIZON_WITHOUT_LAGGARDS)) { // Mutant: forgets who is not here.
        horizon = Lsn.ZERO;
      }
    }
    int needed = mutants.has(Mutant.COMMIT_ON_MINORITY) ? Math.max(1, quorum - 1) : quorum;
    QuorumCommit.Result r = QuorumCommit.compute(flushes, termStartLsn, needed);
    if (r != null && r.commitLsn().isAfter(commitLsn)) {
      commitLsn = r.commitLsn();
    }
    peerHorizonLsn = Lsn.max(peerHorizonLsn, Lsn.min(horizon, commitLsn));
    trimWindow();
  }

  /**
   * Drops WAL that is committed and that every acceptor that may still get it from us has flushed.
   * An acceptor more than {@link Limits#PROPOSER_LAGGARD_BYTES_MAX} behind the WAL end holds nothing
   * back: it catches up from its peers (peer recovery). Otherwise one acceptor that went silent
   * after joining the term would fill the window and stop the compute while a majority is up.
   */
  private void trimWindow() {
    long end = window.endLsn().value();
    Lsn laggardBelow = Lsn.of(end > Limits.PROPOSER_LAGGARD_BYTES_MAX ? end - Limits.PROPOSER_LAGGARD_BYTES_MAX : 0);
    Lsn keep = commitLsn;
    for (PeerProgress p : peers.values()) {
      Lsn needs = null;
      if (p.adopted && !p.needsPeerRecovery) {
        needs = p.ackedFlushLsn;
      } else if (p.startStreamingAt != null && !p.adopted) {
        needs = p.startStreamingAt;
      }
      if (needs != null && needs.atLeast(laggardBelow)) {
        keep = Lsn.min(keep, needs);
      }
    }
    if (keep.isAfter(window.startLsn()) && window.isRecordBoundary(keep)) {
      window.trimTo(keep);
    }
  }

  // ---- helpers ----

  private void resendElectionMessages() {
    for (Map.Entry<NodeId, PeerProgress> e : peers.entrySet()) {
      PeerProgress p = e.getValue();
      if (ticks - p.lastRequestTick < config.resendTicks()) {
        continue;
      }
      if (p.greetedTerm == null) {
        p.lastRequestTick = ticks;
        send(e.getKey(), new Greeting(timeline, nonce));
      } else if (phase == Phase.VOTING && p.vote == null) {
        requestVote(e.getKey(), p);
      }
    }
  }

  /**
   * Gives up for good; to the specification this is a proposer crash, traced even while greeting:
   * the greetings this attempt recorded must not count for the next one.
   */
  private void defeat(String reason) {
    phase = Phase.DEFEATED;
    defeatReason = reason;
    emit(new TraceEvent.ProposerCrash(self));
  }

  private void send(NodeId to, ProposerMessage m) {
    out.add(new ProposerEffect.Send(to, m));
  }

  private void emit(TraceEvent e) {
    out.add(new ProposerEffect.Emit(e));
  }

  private List<ProposerEffect> drain() {
    List<ProposerEffect> r = out;
    out = new ArrayList<>();
    return r;
  }

  private void checkInvariants() {
    if (window == null) {
      return;
    }
    Invariants.check(!commitLsn.isAfter(window.endLsn()) || window.endLsn().isBefore(termStartLsn),
        "commit %s above the proposer's WAL end %s", commitLsn, window.endLsn());
    Invariants.check(!peerHorizonLsn.isAfter(commitLsn), "peer horizon above commit");

  }

  // ---- read-only views ----

  public NodeId self() {
    return self;
  }

  public TenantTimeline timeline() {
    return timeline;
  }

  public Phase phase() {
    return phase;
  }

  /** The term of this attempt (ZERO until chosen). */
  public Term term() {
    return term;
  }

  /** The highest term any acceptor reported. */
  public Term seenTerm() {
    return seenTerm;
  }

  public String defeatReason() {
    return defeatReason;
  }

  public NodeId donor() {
    return donor;
  }

  public TermHistory history() {
    return history;
  }

  /** Where this term's WAL starts (the donor's WAL end); null before election. */
  public Lsn termStartLsn() {
    return termStartLsn;
  }

  /** The start of the last record before the term start: the compute's first prev-link. */
  public Lsn termStartPrevLsn() {
    return termStartPrevLsn;
  }

  public Lsn commitLsn() {
    return commitLsn;
  }

  public Lsn peerHorizonLsn() {
    return peerHorizonLsn;
  }

  /** The end of the WAL this proposer holds (where the next record goes), or null before election. */
  public Lsn walEndLsn() {
    return window == null ? null : window.endLsn();
  }

  public List<NodeId> acceptors() {
    return acceptors;
  }

  /** The acceptors it knows need peer recovery (their WAL end is below what it still holds). */
  public List<NodeId> lagging() {
    List<NodeId> out = new ArrayList<>();
    peers.forEach((id, p) -> {
      if (p.needsPeerRecovery) {
        out.add(id);
      }
    });
    return out;
  }

  /** The flush LSN an acceptor last reported in this term (ZERO if none). */
  public Lsn ackedFlushLsn(NodeId acceptor) {
    return peers.get(acceptor).ackedFlushLsn;
  }

  @Override
  public String toString() {
    return "Proposer[" + self + " " + timeline + " " + phase + " " + term + " start=" + termStartLsn + " commit=" + commitLsn
        + "]";
  }
}
