package untorn.safekeeper.acceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.proto.PeerRecoveryRequest;
import untorn.safekeeper.proto.PeerRecoveryResponse;
import untorn.safekeeper.proto.PersistedLsnUpdate;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.storage.ProtocolState;

/**
 * The acceptor core alone, on hand-set state (no disk): the effects one input asks for, where the
 * interaction scripts cannot reach the state the rule is about.
 */
class AcceptorTest {
  static final TenantTimeline TT = TenantTimeline.of(8, 8);
  static final NodeId SELF = NodeId.of("sk1");
  static final NodeId P = NodeId.of("p");
  static final TermHistory H1 = TermHistory.of(TermSwitch.of(1, 0, 0));

  /** An acceptor whose WAL of term-1 records ends at 1000 (last record at 900), in {@code term}. */
  static Acceptor acceptor(Term term, TermHistory history, long commit) {
    return Acceptor.recovered(SELF, TT, AcceptorConfig.defaults(new WalLayout(64 << 10), List.of(NodeId.of("sk2"))),
        Mutants.NONE, new ProtocolState(term, history, Lsn.of(commit), Lsn.ZERO, Lsn.ZERO), Lsn.of(1000), Lsn.of(900),
        Lsn.ZERO);
  }

  /** Term 2's proposer continues a voter that holds term 1 only up to 504: the common point is 504. */
  static ProposerElected electedAt504() {
    TermHistory h2 = H1.append(TermSwitch.of(2, 504, 496));
    return new ProposerElected(TT, Term.of(2), Lsn.of(504), h2);
  }

  @Test
  void anElectedMessageCutsTheWalDurablyBeforeItAdoptsTheHistory() {
    Acceptor a = acceptor(Term.of(2), H1, 400);
    Acceptor.Step step = a.handle(P, electedAt504());
    assertThat(step.accepted()).isTrue();
    assertThat(step.effects().get(0)).isEqualTo(new AcceptorEffect.TruncateWal(Lsn.of(504)));
    assertThat(step.effects().get(1)).isInstanceOf(AcceptorEffect.PersistState.class);
    assertThat(a.flushLsn()).isEqualTo(Lsn.of(504));
    assertThat(a.lastRecordLsn()).isEqualTo(Lsn.of(496));
  }

  /** DESIGN §5: an acceptor must never be asked to truncate below its commit LSN — asserted. */
  @Test
  void beingAskedToCutBelowTheCommitLsnIsAnInvariantViolation() {
    Acceptor a = acceptor(Term.of(2), H1, 800);
    assertThatThrownBy(() -> a.handle(P, electedAt504())).isInstanceOf(Invariants.InvariantViolation.class)
        .hasMessageContaining("below its commit LSN 0/320");
  }

  /**
   * A peer with a divergent tail (term 2 from 600, which this acceptor's term-3 history does not
   * have) is sent WAL from the highest common point, 504, not from its own WAL end: the relay both
   * cuts its tail and continues its WAL.
   */
  @Test
  void aPeerWithADivergentTailIsServedFromTheCommonPoint() {
    TermHistory h3 = H1.append(TermSwitch.of(3, 504, 496));
    Acceptor a = acceptor(Term.of(3), h3, 1000);
    TermHistory peer = H1.append(TermSwitch.of(2, 600, 592));
    Acceptor.Step step = a.handle(NodeId.of("sk2"),
        new PeerRecoveryRequest(TT, Term.of(3), Lsn.of(800), Lsn.of(700), peer));
    assertThat(step.accepted()).isTrue();
    AcceptorEffect.SendWal relay = (AcceptorEffect.SendWal) step.effects().get(0);
    assertThat(relay.fromLsn()).isEqualTo(Lsn.of(504));
    assertThat(relay.upToLsn()).isEqualTo(Lsn.of(1000));
    assertThat(((PeerRecoveryResponse) relay.template()).history()).isEqualTo(h3);
  }

  static final NodeId PS = NodeId.of("ps");

  /**
   * An acceptor in term 1 whose WAL ends at 200,000 (64 KiB segments), committed to 150,000, with
   * a peer horizon of 140,000 and nothing persisted by the pageserver yet.
   */
  static Acceptor withWal(Mutants mutants) {
    return Acceptor.recovered(SELF, TT, AcceptorConfig.defaults(new WalLayout(64 << 10), List.of(NodeId.of("sk2"))),
        mutants, new ProtocolState(Term.of(1), H1, Lsn.of(150_000), Lsn.ZERO, Lsn.of(140_000)), Lsn.of(200_000),
        Lsn.of(199_000), Lsn.ZERO);
  }

  static List<AcceptorEffect> removals(Acceptor.Step step) {
    return step.effects().stream().filter(e -> e instanceof AcceptorEffect.RemoveWal).toList();
  }

  /**
   * WAL is removed at a tick, below the lowest of the pageserver's persisted LSN, the peer horizon
   * and the commit LSN, once that passes a segment boundary; the removal carries the values it
   * relied on (they become durable with it). Persisted-LSN updates only raise the value: a stale
   * or duplicated one, or one from a pageserver that restarted from an older state, changes
   * nothing and removes nothing.
   */
  @Test
  void walIsRemovedOnlyBelowThePersistedLsnThePeerHorizonAndTheCommitLsn() {
    Acceptor a = withWal(Mutants.NONE);
    assertThat(removals(a.tick())).isEmpty(); // The pageserver has persisted nothing.
    Acceptor.Step update = a.handle(PS, new PersistedLsnUpdate(TT, Lsn.of(60_000)));
    assertThat(update.accepted()).isTrue();
    assertThat(update.effects()).isEmpty(); // No reply; kept in memory until a control write.
    assertThat(removals(a.tick())).isEmpty(); // Still within the first segment.
    a.handle(PS, new PersistedLsnUpdate(TT, Lsn.of(70_000)));
    assertThat(removals(a.tick())).containsExactly(new AcceptorEffect.RemoveWal(Lsn.of(70_000), Lsn.of(70_000),
        Lsn.of(140_000)));
    assertThat(a.localStartLsn()).isEqualTo(Lsn.of(70_000));
    // Stale and duplicated updates.
    a.handle(PS, new PersistedLsnUpdate(TT, Lsn.of(30_000)));
    a.handle(PS, new PersistedLsnUpdate(TT, Lsn.of(70_000)));
    assertThat(a.protocolState().persistedLsn()).isEqualTo(Lsn.of(70_000));
    assertThat(removals(a.tick())).isEmpty();
    // The pageserver may be ahead of this acceptor: the peer horizon bounds the removal then.
    a.handle(PS, new PersistedLsnUpdate(TT, Lsn.of(1_000_000)));
    assertThat(removals(a.tick())).containsExactly(new AcceptorEffect.RemoveWal(Lsn.of(140_000), Lsn.of(1_000_000),
        Lsn.of(140_000)));
    assertThat(a.localStartLsn()).isEqualTo(Lsn.of(140_000));
    assertThat(removals(a.tick())).isEmpty();
  }

  /** The negative control: it removes up to the peer horizon and commit LSN, whatever the pageserver has. */
  @Test
  void theRemoveAbovePersistedMutantIgnoresThePageserver() {
    Acceptor a = withWal(Mutants.of(Mutant.REMOVE_ABOVE_PERSISTED));
    assertThat(removals(a.tick())).containsExactly(new AcceptorEffect.RemoveWal(Lsn.of(140_000), Lsn.ZERO,
        Lsn.of(140_000)));
  }

  /** A WAL read below the WAL start is refused as removed, saying where the WAL now starts. */
  @Test
  void aReadOfRemovedWalIsRefusedWithTheWalStart() {
    Acceptor a = withWal(Mutants.NONE);
    a.handle(PS, new PersistedLsnUpdate(TT, Lsn.of(70_000)));
    a.tick();
    Acceptor.Step step = a.handle(P, new untorn.safekeeper.proto.WalReadRequest(TT, Term.of(1), Lsn.of(60_000),
        Lsn.of(200_000)));
    assertThat(step.rejected()).isEqualTo(untorn.safekeeper.proto.RejectReason.WAL_REMOVED);
    untorn.safekeeper.proto.Reject sent =
        (untorn.safekeeper.proto.Reject) ((AcceptorEffect.Send) step.effects().get(0)).message();
    assertThat(sent.flushLsn()).isEqualTo(Lsn.of(70_000));
    assertThat(a.handle(P, new untorn.safekeeper.proto.WalReadRequest(TT, Term.of(1), Lsn.of(70_000), Lsn.of(200_000)))
        .accepted()).isTrue();
  }
}
