package untorn.safekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.PeerRecoveryResponse;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteRequest;
import untorn.safekeeper.proto.VoteResponse;
import untorn.safekeeper.proto.WalReadRequest;
import untorn.safekeeper.testing.Cluster;
import untorn.safekeeper.testing.WalFixture;

/**
 * Bad input to an acceptor in term 2 (after a term-1 proposer and a term-2 proposer wrote WAL):
 * each message is refused with its typed reason, the sender gets the matching answer, and neither
 * the acceptor's in-memory state nor a byte of its disk (durable or visible) changes.
 */
class BadInputTest {
  static final NodeId P = NodeId.of("p2");
  Cluster c;
  TimelineHost host;
  Lsn flush;
  Lsn last;
  TermHistory history;

  @BeforeEach
  void twoTermsOfWal() {
    c = Cluster.of(3, 77);
    c.startProposer("p1");
    c.deliverAll();
    c.append("p1", 10);
    c.stabilize(2);
    c.startProposer("p2", Term.of(2));
    c.stabilize(2);
    c.append("p2", 5);
    c.stabilize(2);
    host = c.host("sk1");
    flush = host.acceptor().flushLsn();
    last = host.acceptor().lastRecordLsn();
    history = host.acceptor().history();
    assertThat(host.acceptor().term()).isEqualTo(Term.of(2));
  }

  record Outcome(RejectReason reason, List<Message> replies) {}

  /** Delivers m and checks that nothing changed; returns the outcome. */
  Outcome refuse(Message m) {
    Map<String, List<Byte>> durable = c.disk("sk1").durableSnapshot();
    Map<String, List<Byte>> visible = c.disk("sk1").visibleSnapshot();
    String before = host.acceptor().snapshot().toString();
    List<Message> replies = new ArrayList<>();
    Acceptor.Step step = host.deliver(P, m, (to, reply) -> replies.add(reply));
    assertThat(step.accepted()).as("%s must be refused", m).isFalse();
    assertThat(c.disk("sk1").durableSnapshot()).as("durable state after %s", m).isEqualTo(durable);
    assertThat(c.disk("sk1").visibleSnapshot()).as("visible state after %s", m).isEqualTo(visible);
    assertThat(host.acceptor().snapshot().toString())
        .isEqualTo(before);
    return new Outcome(step.rejected(), replies);
  }

  static RejectReason answered(Outcome o) {
    assertThat(o.replies()).hasSize(1);
    return ((Reject) o.replies().get(0)).reason();
  }

  AppendRequest append(Term term, Lsn at, byte[] wal) {
    return new AppendRequest(Cluster.TT, term, at, Lsn.ZERO, Lsn.ZERO, wal);
  }

  byte[] nextRecords(int n) {
    return WalFixture.bytes(new WalFixture(flush, last, 5).next(n));
  }

  @Test
  void staleTermsAreRefused() {
    Outcome vote = refuse(new VoteRequest(Cluster.TT, Term.of(2)));
    assertThat(vote.reason()).isEqualTo(RejectReason.STALE_TERM);
    assertThat(((VoteResponse) vote.replies().get(0)).granted()).isFalse();
    assertThat(answered(refuse(append(Term.of(1), flush, nextRecords(1))))).isEqualTo(RejectReason.STALE_TERM);
    assertThat(answered(refuse(new ProposerElected(Cluster.TT, Term.of(1), Lsn.ZERO, TermHistory.of(TermSwitch.of(1, 0, 0))))))
        .isEqualTo(RejectReason.STALE_TERM);
    assertThat(answered(refuse(new WalReadRequest(Cluster.TT, Term.of(1), Lsn.ZERO, flush)))).isEqualTo(RejectReason.STALE_TERM);
  }

  @Test
  void termsNeverVotedForAreRefused() {
    assertThat(answered(refuse(append(Term.of(3), flush, nextRecords(1))))).isEqualTo(RejectReason.NOT_VOTED);
    TermHistory h3 = history.append(new TermSwitch(Term.of(3), flush, last));
    assertThat(answered(refuse(new ProposerElected(Cluster.TT, Term.of(3), flush, h3)))).isEqualTo(RejectReason.NOT_VOTED);
  }

  @Test
  void appendsThatSkipOrRewriteLsnsAreRefusedWithTheWalEnd() {
    Outcome gap = refuse(append(Term.of(2), flush.plus(8), nextRecords(1)));
    assertThat(answered(gap)).isEqualTo(RejectReason.GAP);
    assertThat(((Reject) gap.replies().get(0)).flushLsn()).isEqualTo(flush);
    Outcome overlap = refuse(append(Term.of(2), last, nextRecords(1)));
    assertThat(answered(overlap)).isEqualTo(RejectReason.OVERLAP);
    assertThat(((Reject) overlap.replies().get(0)).flushLsn()).isEqualTo(flush);
  }

  @Test
  void walThatIsNotWholeValidChainedRecordsIsRefused() {
    byte[] good = nextRecords(3);
    byte[] flipped = good.clone();
    flipped[flipped.length / 2] ^= 0x04;
    assertThat(answered(refuse(append(Term.of(2), flush, flipped)))).isEqualTo(RejectReason.MALFORMED_WAL);
    byte[] partial = Arrays.copyOf(good, good.length - 10);
    assertThat(answered(refuse(append(Term.of(2), flush, partial)))).isEqualTo(RejectReason.MALFORMED_WAL);
    byte[] otherChain = WalFixture.bytes(new WalFixture(flush, Lsn.of(8), 5).next(2));
    assertThat(answered(refuse(append(Term.of(2), flush, otherChain)))).isEqualTo(RejectReason.MALFORMED_WAL);
    byte[] garbage = new byte[4096];
    new java.util.Random(1).nextBytes(garbage);
    assertThat(answered(refuse(append(Term.of(2), flush, garbage)))).isEqualTo(RejectReason.MALFORMED_WAL);
    // The same records, intact, are accepted.
    List<Message> replies = new ArrayList<>();
    assertThat(host.deliver(P, append(Term.of(2), flush, good), (to, m) -> replies.add(m)).accepted()).isTrue();
    assertThat(((AppendResponse) replies.get(0)).flushLsn()).isEqualTo(flush.plus(good.length));
  }

  @Test
  void historiesThatContradictTheAcceptorsAreRefused() {
    TermHistory other = TermHistory.of(TermSwitch.of(1, 0, 0), new TermSwitch(Term.of(2), history.get(1).startLsn().plus(8),
        history.get(1).startLsn()));
    assertThat(answered(refuse(new ProposerElected(Cluster.TT, Term.of(2), Lsn.ZERO, other))))
        .isEqualTo(RejectReason.HISTORY_MISMATCH);
  }

  @Test
  void anElectedMessageWhoseStartIsNotTheCommonPointIsRefused() {
    List<Message> sink = new ArrayList<>();
    assertThat(host.deliver(P, new VoteRequest(Cluster.TT, Term.of(3)), (to, m) -> sink.add(m)).accepted()).isTrue();
    TermHistory h3 = history.append(new TermSwitch(Term.of(3), flush, last));
    assertThat(answered(refuse(new ProposerElected(Cluster.TT, Term.of(3), last.isBefore(flush) ? Lsn.ZERO : flush, h3))))
        .isEqualTo(RejectReason.BAD_START);
    TermHistory wrong = TermHistory.of(TermSwitch.of(1, 0, 0), new TermSwitch(Term.of(2), history.get(1).startLsn().plus(8),
        history.get(1).startLsn()), new TermSwitch(Term.of(3), flush, last));
    assertThat(answered(refuse(new ProposerElected(Cluster.TT, Term.of(3), flush, wrong))))
        .isEqualTo(RejectReason.HISTORY_MISMATCH);
    // Voted for 3 but not elected: appends of term 3 wait for the elected message.
    assertThat(answered(refuse(append(Term.of(3), flush, nextRecords(1))))).isEqualTo(RejectReason.NOT_ELECTED);
  }

  @Test
  void readsOutsideTheWalAreRefused() {
    assertThat(answered(refuse(new WalReadRequest(Cluster.TT, Term.of(2), flush.plus(8), flush.plus(64)))))
        .isEqualTo(RejectReason.BAD_RANGE);
  }

  @Test
  void repliesSentToAnAcceptorAreRefusedWithoutAnAnswer() {
    Outcome o = refuse(new AppendResponse(Cluster.TT, Term.of(9), flush, Lsn.ZERO));
    assertThat(o.reason()).isEqualTo(RejectReason.UNEXPECTED_MESSAGE);
    assertThat(o.replies()).isEmpty();
    Outcome relay = refuse(new PeerRecoveryResponse(Cluster.TT, Term.of(5),
        TermHistory.of(TermSwitch.of(5, 0, 0)), Lsn.ZERO, flush, new byte[0]));
    assertThat(relay.reason()).isEqualTo(RejectReason.STALE_TERM);
    assertThat(relay.replies()).isEmpty();
  }

  @Test
  void aFullDiskRefusesTheVoteAndPromisesNothing() {
    c.disk("sk1").setFreeBytes(10);
    assertThat(answered(refuse(new VoteRequest(Cluster.TT, Term.of(3))))).isEqualTo(RejectReason.DISK_FULL);
    assertThat(host.acceptor().term()).isEqualTo(Term.of(2));
    c.disk("sk1").setFreeBytes(Long.MAX_VALUE);
    List<Message> replies = new ArrayList<>();
    assertThat(host.deliver(P, new VoteRequest(Cluster.TT, Term.of(3)), (to, m) -> replies.add(m)).accepted()).isTrue();
    assertThat(((VoteResponse) replies.get(0)).granted()).isTrue();
  }

  @Test
  void aFullDiskRefusesTheAppendAndChangesNothingUntilSpaceReturns() {
    byte[] big = WalFixture.bytes(new WalFixture(flush, last, 9).next(60));
    c.disk("sk1").setFreeBytes(1000);
    Outcome full = refuse(append(Term.of(2), flush, big));
    assertThat(answered(full)).isEqualTo(RejectReason.DISK_FULL);
    assertThat(host.acceptor().flushLsn()).isEqualTo(flush);
    c.disk("sk1").setFreeBytes(Long.MAX_VALUE);
    List<Message> replies = new ArrayList<>();
    assertThat(host.deliver(P, append(Term.of(2), flush, big), (to, m) -> replies.add(m)).accepted()).isTrue();
    assertThat(host.acceptor().flushLsn()).isEqualTo(flush.plus(big.length));
  }
}
