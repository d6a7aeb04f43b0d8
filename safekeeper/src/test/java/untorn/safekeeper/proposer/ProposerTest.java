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
import untorn.safekeeper.proto.VoteResponse;

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
}
