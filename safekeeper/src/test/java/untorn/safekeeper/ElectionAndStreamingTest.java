package untorn.safekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.proposer.Proposer.Phase;
import untorn.safekeeper.testing.Cluster;
import untorn.core.trace.TraceEvent;

/**
 * Step-by-step interaction scripts of elections and streaming, each named by what it shows. The
 * harness checks the safety properties after every delivered message.
 */
class ElectionAndStreamingTest {
  static Lsn end(List<EncodedRecord> records) {
    return records.get(records.size() - 1).logged().endLsn();
  }

  @Test
  void aProposerIsElectedWithTermOneAndCommitsWhatAMajorityFlushed() {
    Cluster c = Cluster.elected(3, 1, "p1");
    assertThat(c.proposer("p1").phase()).isEqualTo(Phase.STREAMING);
    assertThat(c.proposer("p1").term()).isEqualTo(Term.of(1));
    assertThat(c.proposer("p1").history()).isEqualTo(TermHistory.of(TermSwitch.of(1, 0, 0)));
    List<EncodedRecord> wal = c.append("p1", 20);
    c.deliverAll();
    assertThat(c.proposer("p1").commitLsn()).isEqualTo(end(wal));
    for (NodeId a : c.acceptors()) {
      assertThat(c.acceptor(a.name()).flushLsn()).isEqualTo(end(wal));
      assertThat(c.acceptor(a.name()).history()).isEqualTo(c.proposer("p1").history());
    }
    // Acceptors learn the commit LSN with the next message: a heartbeat.
    c.stabilize(3);
    assertThat(c.acceptor("sk1").commitLsn()).isEqualTo(end(wal));
    assertThat(c.committedEnd()).isEqualTo(end(wal));
  }

  @Test
  void oneAcceptorDownStillElectsAndCommitsWithTheOtherTwo() {
    Cluster c = Cluster.of(3, 2);
    c.isolate("sk3");
    c.startProposer("p1");
    c.stabilize(2);
    assertThat(c.proposer("p1").phase()).isEqualTo(Phase.STREAMING);
    List<EncodedRecord> wal = c.append("p1", 5);
    c.deliverAll();
    assertThat(c.proposer("p1").commitLsn()).isEqualTo(end(wal));
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(Lsn.ZERO);
    // sk3 comes back: the proposer greets it, gets its vote, and streams to it from its start.
    c.heal().stabilize(6);
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(end(wal));
  }

  @Test
  void anAcceptorWhoseVoteWasLostStillFollowsTheElectedProposer() {
    Cluster c = Cluster.of(3, 9);
    c.startProposer("p1");
    // sk3 grants its vote, but the answer is lost; sk1 and sk2 elect p1.
    assertThat(c.deliverUntil(e -> e.from().name().equals("sk3") && e.message() instanceof untorn.safekeeper.proto.VoteResponse))
        .isTrue();
    c.dropNext();
    c.deliverAll();
    assertThat(c.proposer("p1").phase()).isEqualTo(Phase.STREAMING);
    List<EncodedRecord> wal = c.append("p1", 5);
    c.stabilize(8);
    // Asked again, sk3 answers "already promised this term"; p1 sends it the elected message.
    assertThat(c.proposer("p1").ackedFlushLsn(NodeId.of("sk3"))).isEqualTo(end(wal));
    assertThat(c.eventsOf(TraceEvent.Elect.class).get(0).voters()).doesNotContain(NodeId.of("sk3"));
  }

  @Test
  void twoAcceptorsDownMeansNoElection() {
    Cluster c = Cluster.of(3, 3);
    c.isolate("sk2", "sk3");
    c.startProposer("p1");
    c.stabilize(40);
    assertThat(c.proposer("p1").phase()).isEqualTo(Phase.DEFEATED);
    assertThat(c.proposer("p1").defeatReason()).contains("timed out");
    assertThat(c.eventsOf(TraceEvent.Elect.class)).isEmpty();
  }

  @Test
  void competingProposersNeverShareATermAndTheLoserStepsDown() {
    Cluster c = Cluster.of(3, 4);
    c.startProposer("p1");
    c.startProposer("p2");
    c.deliverAll();
    // Both greeted the same terms and picked term 1; each acceptor votes once for it.
    List<TraceEvent.Elect> elected = c.eventsOf(TraceEvent.Elect.class);
    assertThat(elected).hasSize(1);
    String winner = elected.get(0).proposer().name();
    String loser = winner.equals("p1") ? "p2" : "p1";
    assertThat(c.proposer(loser).phase()).isIn(Phase.VOTING, Phase.DEFEATED);
    c.stabilize(40);
    assertThat(c.proposer(loser).phase()).isEqualTo(Phase.DEFEATED);
    // The loser restarts above every term it saw and takes over; the old leader is defeated.
    c.restartProposer(loser);
    c.stabilize(3);
    assertThat(c.proposer(loser).phase()).isEqualTo(Phase.STREAMING);
    assertThat(c.proposer(loser).term()).isEqualTo(Term.of(2));
    c.stabilize(3);
    assertThat(c.proposer(winner).phase()).isEqualTo(Phase.DEFEATED);
  }

  @Test
  void aDeposedProposersWalIsRefusedAfterTheNewTermIsPromised() {
    Cluster c = Cluster.elected(3, 5, "p1");
    List<EncodedRecord> first = c.append("p1", 3);
    c.deliverAll();
    c.startProposer("p2", Term.of(2));
    c.deliverAll();
    assertThat(c.proposer("p2").phase()).isEqualTo(Phase.STREAMING);
    assertThat(c.proposer("p2").termStartLsn()).isEqualTo(end(first));
    c.append("p1", 2);
    c.deliverAll();
    assertThat(c.proposer("p1").phase()).isEqualTo(Phase.DEFEATED);
    for (NodeId a : c.acceptors()) {
      assertThat(c.acceptor(a.name()).flushLsn()).isEqualTo(end(first));
    }
    List<EncodedRecord> second = c.append("p2", 4);
    c.deliverAll();
    assertThat(c.proposer("p2").commitLsn()).isEqualTo(end(second));
  }

  @Test
  void lostAndReorderedAppendsAreResentAndNeverLeaveAGap() {
    Cluster c = Cluster.elected(3, 6, "p1");
    List<EncodedRecord> wal = c.append("p1", 30);
    // Lose every second message to sk2, and deliver the rest to sk3 in reverse order.
    List<Cluster.Envelope> flight = c.inFlight();
    c.dropAll();
    int i = 0;
    for (Cluster.Envelope e : flight) {
      if (!(e.to().name().equals("sk2") && i++ % 2 == 0) && !e.to().name().equals("sk3")) {
        c.inject(e.from().name(), e.to().name(), e.message());
      }
    }
    for (int j = flight.size() - 1; j >= 0; j--) {
      if (flight.get(j).to().name().equals("sk3")) {
        c.inject("p1", "sk3", flight.get(j).message());
      }
    }
    c.stabilize(10);
    for (NodeId a : c.acceptors()) {
      assertThat(c.acceptor(a.name()).flushLsn()).as("%s", a).isEqualTo(end(wal));
    }
    assertThat(c.proposer("p1").commitLsn()).isEqualTo(end(wal));
  }

  @Test
  void duplicatedMessagesChangeNothing() {
    Cluster c = Cluster.of(3, 7);
    c.startProposer("p1");
    List<Cluster.Envelope> greetings = c.inFlight();
    c.deliverAll();
    c.append("p1", 10);
    List<Cluster.Envelope> appends = c.inFlight();
    c.deliverAll();
    Lsn flush = c.acceptor("sk1").flushLsn();
    for (Cluster.Envelope e : greetings) {
      c.inject(e.from().name(), e.to().name(), e.message());
    }
    for (Cluster.Envelope e : appends) {
      c.inject(e.from().name(), e.to().name(), e.message());
    }
    c.stabilize(3);
    assertThat(c.acceptor("sk1").flushLsn()).isEqualTo(flush);
    assertThat(c.proposer("p1").phase()).isEqualTo(Phase.STREAMING);
    assertThat(c.eventsOf(TraceEvent.Elect.class)).hasSize(1);
  }

  @Test
  void flowControlBoundsTheBytesInFlightPerAcceptor() {
    Cluster c = Cluster.elected(3, 8, "p1");
    c.isolate("sk3");
    c.append("p1", 3000);
    long toSk3 = c.inFlight().stream().filter(e -> e.to().name().equals("sk3"))
        .mapToLong(e -> ((untorn.safekeeper.proto.AppendRequest) e.message()).wal().length).sum();
    assertThat(toSk3).isPositive().isLessThanOrEqualTo(Limits.PROPOSER_IN_FLIGHT_BYTES_MAX + Limits.APPEND_BYTES_TARGET);
    c.deliverAll();
    c.heal().stabilize(12);
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(c.proposer("p1").walEndLsn());
  }
}
