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
import untorn.safekeeper.Mutants;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.proto.PeerRecoveryRequest;
import untorn.safekeeper.proto.PeerRecoveryResponse;
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
}
