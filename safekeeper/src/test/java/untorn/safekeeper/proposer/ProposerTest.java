package untorn.safekeeper.proposer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalRecord;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.proto.AcceptorGreeting;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.Greeting;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteResponse;
import untorn.safekeeper.proto.WalReadRequest;

/**
 * The proposer core alone, driven by hand-written acceptor replies (no disks, no network): what
 * it sends and when it lets the compute append.
 */
class ProposerTest {
  static final TenantTimeline TT = TenantTimeline.of(5, 5);
  static final List<NodeId> SKS = List.of(NodeId.of("sk1"), NodeId.of("sk2"), NodeId.of("sk3"));

  /** A proposer elected in term 1 by all three (empty) acceptors, each of which adopted its history. */
  static Proposer electedByAll() {
    Proposer p = new Proposer(NodeId.of("p"), TT, SKS, Term.ZERO, 7, ProposerConfig.DEFAULTS, Mutants.NONE);
    long nonce = p.start().stream().map(e -> ((Greeting) ((ProposerEffect.Send) e).message()).nonce()).findFirst()
        .orElseThrow();
    for (NodeId a : SKS) {
      p.handle(a, new AcceptorGreeting(TT, Term.ZERO, nonce));
    }
    for (NodeId a : SKS) {
      p.handle(a, new VoteResponse(TT, Term.of(1), true, Lsn.ZERO, Lsn.ZERO, Lsn.ZERO, TermHistory.EMPTY));
    }
    for (NodeId a : SKS) {
      p.handle(a, new AppendResponse(TT, Term.of(1), Lsn.ZERO, Lsn.ZERO));
    }
    assertThat(p.phase()).isEqualTo(Proposer.Phase.STREAMING);
    return p;
  }

  /** Answers every append to {@code live} acceptors with a flush report of its end; returns the next effects. */
  static List<ProposerEffect> ackAll(Proposer p, List<ProposerEffect> effects, List<NodeId> live) {
    List<ProposerEffect> next = new ArrayList<>();
    for (ProposerEffect e : effects) {
      if (e instanceof ProposerEffect.Send s && s.message() instanceof AppendRequest a && live.contains(s.to())) {
        next.addAll(p.handle(s.to(), new AppendResponse(TT, a.term(), a.endLsn(), Lsn.ZERO)));
      }
    }
    return next;
  }

  /**
   * DESIGN §6: progress is required once a majority is up and connected. One acceptor that went
   * silent after adopting the term must not stop the compute once the proposer's WAL window fills:
   * WAL the majority committed is left to peer recovery for the laggard.
   */
  @Test
  void oneSilentAcceptorDoesNotBlockTheComputeOnceTheWindowWouldFill() {
    Proposer p = electedByAll();
    List<NodeId> live = SKS.subList(0, 2);
    WalEncoder enc = new WalEncoder(p.termStartLsn(), p.termStartPrevLsn());
    byte[] payload = new byte[Limits.APPEND_BYTES_TARGET / 2];
    long target = Limits.PROPOSER_WINDOW_BYTES_MAX + Limits.PROPOSER_WINDOW_BYTES_MAX / 4;
    while (p.walEndLsn().value() < target) {
      EncodedRecord r = enc.encode(WalRecord.message(payload));
      List<ProposerEffect> effects = new ArrayList<>();
      for (int tick = 0; tick < 5 && !p.canAppend(r.bytes().length); tick++) {
        effects.addAll(p.tick());
      }
      assertThat(p.canAppend(r.bytes().length)).as("compute blocked at %s with commit %s", p.walEndLsn(), p.commitLsn())
          .isTrue();
      effects.addAll(p.append(r));
      while (!effects.isEmpty()) {
        effects = ackAll(p, effects, live);
      }
    }
    assertThat(p.commitLsn()).isEqualTo(p.walEndLsn());
    assertThat(p.lagging()).containsExactly(NodeId.of("sk3"));
  }

  /** Back-pressure: without a majority acknowledging, the compute stops once the window is full. */
  @Test
  void withoutAcknowledgementsTheComputeStopsAtTheWindowBound() {
    Proposer p = electedByAll();
    WalEncoder enc = new WalEncoder(p.termStartLsn(), p.termStartPrevLsn());
    byte[] payload = new byte[Limits.APPEND_BYTES_TARGET / 2];
    EncodedRecord r = enc.encode(WalRecord.message(payload));
    while (p.canAppend(r.bytes().length)) {
      p.append(r);
      p.tick();
      r = enc.encode(WalRecord.message(payload));
    }
    long held = p.walEndLsn().minus(p.termStartLsn());
    assertThat(held).isLessThanOrEqualTo(Limits.PROPOSER_WINDOW_BYTES_MAX)
        .isGreaterThan(Limits.PROPOSER_WINDOW_BYTES_MAX - r.bytes().length);
    assertThat(p.commitLsn()).isEqualTo(Lsn.ZERO);
  }

  /** Appends {@code n} small records and lets {@code live} acknowledge everything sent. */
  static void appendAcked(Proposer p, WalEncoder enc, int n, List<NodeId> live) {
    for (int i = 0; i < n; i++) {
      List<ProposerEffect> effects = p.append(enc.encode(WalRecord.message(new byte[100])));
      while (!effects.isEmpty()) {
        effects = ackAll(p, effects, live);
      }
    }
  }

  /**
   * The peer horizon (below which every acceptor may remove WAL) is the lowest flush of all
   * acceptors. One whose disk was replaced says it no longer hosts the timeline: from then on its
   * earlier acknowledgements count for nothing, also one that arrives late, so the horizon stops
   * where it was (WAL removal waits for every acceptor) while the others keep committing.
   */
  @Test
  void anAcceptorThatLostTheTimelineHoldsThePeerHorizonWhereItWas() {
    Proposer p = electedByAll();
    WalEncoder enc = new WalEncoder(p.termStartLsn(), p.termStartPrevLsn());
    appendAcked(p, enc, 5, SKS);
    Lsn allHad = p.walEndLsn();
    assertThat(p.peerHorizonLsn()).isEqualTo(allHad);
    NodeId sk3 = SKS.get(2);
    p.handle(sk3, Reject.of(TT, Term.ZERO, RejectReason.UNKNOWN_TIMELINE, Lsn.ZERO, "replaced disk"));
    appendAcked(p, enc, 5, SKS.subList(0, 2));
    p.handle(sk3, new AppendResponse(TT, Term.of(1), p.walEndLsn(), Lsn.ZERO)); // sent before the replacement
    appendAcked(p, enc, 1, SKS.subList(0, 2));
    assertThat(p.commitLsn()).isEqualTo(p.walEndLsn());
    assertThat(p.peerHorizonLsn()).isEqualTo(allHad);
    // Appends carry it to the acceptors.
    List<ProposerEffect> sent = p.append(enc.encode(WalRecord.message(new byte[100])));
    assertThat(sent).filteredOn(e -> e instanceof ProposerEffect.Send s && s.message() instanceof AppendRequest)
        .isNotEmpty()
        .allSatisfy(e -> assertThat(((AppendRequest) ((ProposerEffect.Send) e).message()).peerHorizonLsn()).isEqualTo(allHad));
  }

  /**
   * Elected in term 2 by sk1 (term-1 WAL up to 800, the donor) and sk2 (empty): it must recover
   * [0, 800) from sk1 before it streams.
   */
  static Proposer recoveringFromSk1() {
    Proposer p = new Proposer(NodeId.of("p"), TT, SKS, Term.of(2), 7, ProposerConfig.DEFAULTS, Mutants.NONE);
    long nonce = ((Greeting) ((ProposerEffect.Send) p.start().get(0)).message()).nonce();
    for (NodeId a : SKS) {
      p.handle(a, new AcceptorGreeting(TT, Term.of(1), nonce));
    }
    TermHistory h1 = TermHistory.of(untorn.safekeeper.history.TermSwitch.of(1, 0, 0));
    List<ProposerEffect> out = new ArrayList<>(
        p.handle(SKS.get(0), new VoteResponse(TT, Term.of(2), true, Lsn.of(800), Lsn.of(700), Lsn.ZERO, h1)));
    out.addAll(p.handle(SKS.get(1), new VoteResponse(TT, Term.of(2), true, Lsn.ZERO, Lsn.ZERO, Lsn.ZERO, TermHistory.EMPTY)));
    assertThat(p.phase()).isEqualTo(Proposer.Phase.RECOVERING);
    assertThat(out).anyMatch(e -> e instanceof ProposerEffect.Send s && s.to().equals(SKS.get(0))
        && s.message() instanceof WalReadRequest r && r.fromLsn().equals(Lsn.ZERO));
    return p;
  }

  /** A donor that no longer holds the timeline ends the recovery from it at once, not at a timeout. */
  @Test
  void aDonorThatLostTheTimelineEndsTheAttempt() {
    Proposer p = recoveringFromSk1();
    p.handle(SKS.get(1), Reject.of(TT, Term.ZERO, RejectReason.TIMELINE_BROKEN, Lsn.ZERO, "not the donor"));
    assertThat(p.phase()).isEqualTo(Proposer.Phase.RECOVERING);
    p.handle(SKS.get(0), Reject.of(TT, Term.ZERO, RejectReason.UNKNOWN_TIMELINE, Lsn.ZERO, "replaced disk"));
    assertThat(p.phase()).isEqualTo(Proposer.Phase.DEFEATED);
    assertThat(p.defeatReason()).contains("donor sk1 no longer holds the timeline");
  }

  /**
   * A donor whose WAL now starts above what we still have to recover from it (WAL the peer horizon
   * rule should have kept) ends the attempt at once, with the reason; a refusal at or below what we
   * hold answers a stale request and changes nothing.
   */
  @Test
  void aDonorThatRemovedWalWeNeedEndsTheAttempt() {
    Proposer p = recoveringFromSk1();
    p.handle(SKS.get(0), Reject.of(TT, Term.of(2), RejectReason.WAL_REMOVED, Lsn.ZERO, "stale"));
    assertThat(p.phase()).isEqualTo(Proposer.Phase.RECOVERING);
    p.handle(SKS.get(0), Reject.of(TT, Term.of(2), RejectReason.WAL_REMOVED, Lsn.of(400), "WAL below 0/190 was removed"));
    assertThat(p.phase()).isEqualTo(Proposer.Phase.DEFEATED);
    assertThat(p.defeatReason()).contains("donor sk1 removed WAL we need: it starts at 0/190");
  }
}
