package untorn.safekeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.trace.TermSwitch;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.acceptor.AcceptorEffect;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteResponse;
import untorn.safekeeper.storage.ProtocolState;

/**
 * The trace rules can fail: a short correct trace of one proposer and one acceptor passes, and each
 * rule the torture suite relies on (a promise or a commit forgotten by a restart, an
 * acknowledgement of unwritten WAL, a vote that does not rise) reports the one event that breaks
 * it; so does each effect-order rule of a single acceptor step.
 */
class TraceRulesTest {
  static final TenantTimeline TT = TenantTimeline.of(4, 4);
  static final NodeId SK = NodeId.of("sk1");
  static final NodeId P = NodeId.of("p1");
  static final Term T1 = Term.of(1);
  static final List<TermSwitch> H1 = List.of(new TermSwitch(T1, Lsn.ZERO));

  /** p1 is elected in term 1 by sk1, which adopts, appends and flushes [0, 96) and learns commit 96. */
  static List<TraceEvent> correct() {
    List<TraceEvent> t = new ArrayList<>();
    t.add(new TraceEvent.Greet(TT, P, SK, Term.ZERO));
    t.add(new TraceEvent.RequestVote(TT, P, T1));
    t.add(new TraceEvent.Vote(TT, SK, P, T1, Lsn.ZERO, List.of()));
    t.add(new TraceEvent.Elect(TT, P, T1, List.of(SK), SK, H1));
    t.add(new TraceEvent.AcceptElected(TT, SK, T1, Lsn.ZERO, Lsn.ZERO, H1));
    t.add(new TraceEvent.Propose(TT, P, T1, Lsn.ZERO, Lsn.of(96)));
    t.add(new TraceEvent.Append(TT, SK, T1, Lsn.ZERO, Lsn.of(96)));
    t.add(new TraceEvent.AckFlush(TT, SK, T1, Lsn.of(96)));
    t.add(new TraceEvent.AdvanceCommit(TT, P, T1, SK, Lsn.of(96), Lsn.of(96)));
    t.add(new TraceEvent.LearnCommit(TT, SK, T1, Lsn.of(96)));
    return t;
  }

  static List<String> with(TraceEvent... more) {
    List<TraceEvent> t = correct();
    t.addAll(List.of(more));
    return TraceRules.check(t);
  }

  static TraceEvent.AcceptorRestart restart(long term, long flush, long commit) {
    return new TraceEvent.AcceptorRestart(TT, SK, Term.of(term), Lsn.of(flush), Lsn.of(commit), H1);
  }

  @Test
  void aCorrectTraceAndACorrectRestartPass() {
    assertThat(TraceRules.check(correct())).isEmpty();
    assertThat(with(new TraceEvent.AcceptorCrash(SK), restart(1, 96, 96))).isEmpty();
    // A crash inside a step may leave its vote durable without its event: a higher term is fine.
    assertThat(with(new TraceEvent.AcceptorCrash(SK), restart(2, 96, 96))).isEmpty();
  }

  @Test
  void aRestartThatForgetsAPromisedTermIsReported() {
    assertThat(with(new TraceEvent.Vote(TT, SK, NodeId.of("p2"), Term.of(2), Lsn.of(96), H1),
        new TraceEvent.AcceptorCrash(SK), restart(1, 96, 96)))
        .singleElement().asString().contains("restarts in t1 after promising t2");
  }

  @Test
  void aRestartThatForgetsACommitIsReported() {
    assertThat(with(new TraceEvent.AcceptorCrash(SK), restart(1, 96, 48)))
        .singleElement().asString().contains("restarts with commit 0/30 after 0/60");
  }

  @Test
  void aRestartWithLessWalThanAcknowledgedIsReported() {
    assertThat(with(new TraceEvent.Append(TT, SK, T1, Lsn.of(96), Lsn.of(128)), new TraceEvent.AckFlush(TT, SK, T1,
        Lsn.of(128)), new TraceEvent.AcceptorCrash(SK), restart(1, 96, 96)))
        .singleElement().asString().contains("restarts with WAL to 0/60 after acknowledging 0/80");
  }

  @Test
  void acknowledgingWalThatWasNotWrittenIsReported() {
    assertThat(with(new TraceEvent.AckFlush(TT, SK, T1, Lsn.of(128))))
        .singleElement().asString().contains("acknowledges 0/80 but wrote up to 0/60");
  }

  @Test
  void aVoteThatDoesNotRiseIsReported() {
    assertThat(with(new TraceEvent.Vote(TT, SK, NodeId.of("p2"), T1, Lsn.of(96), H1)))
        .singleElement().asString().contains("votes in t1 after promising t1");
  }

  @Test
  void aCommitThatFallsOrPassesTheFlushIsReported() {
    assertThat(with(new TraceEvent.LearnCommit(TT, SK, T1, Lsn.of(64)))).singleElement().asString()
        .contains("commit does not rise");
    assertThat(with(new TraceEvent.Append(TT, SK, T1, Lsn.of(96), Lsn.of(128)),
        new TraceEvent.LearnCommit(TT, SK, T1, Lsn.of(128)))).singleElement().asString()
        .contains("commit 0/80 above its flush LSN 0/60");
  }

  @Test
  void anAppendAwayFromTheWritePositionIsReported() {
    assertThat(with(new TraceEvent.Append(TT, SK, T1, Lsn.of(128), Lsn.of(160)))).singleElement().asString()
        .contains("appends at 0/80 but writes at 0/60");
  }

  @Test
  void aProposerCommitThatGoesBackIsReported() {
    assertThat(with(new TraceEvent.AdvanceCommit(TT, P, T1, SK, Lsn.of(96), Lsn.of(64)))).singleElement().asString()
        .contains("commit goes back");
  }

  // ---- the effect order of one acceptor step ----

  static final ProtocolState STATE = ProtocolState.INITIAL.withTerm(T1);
  static final AcceptorEffect PERSIST = new AcceptorEffect.PersistState(STATE);
  static final AcceptorEffect WRITE = new AcceptorEffect.WriteWal(Lsn.ZERO, new byte[8]);
  static final AcceptorEffect SYNC = new AcceptorEffect.SyncWal();
  static final AcceptorEffect ACK = new AcceptorEffect.Emit(new TraceEvent.AckFlush(TT, SK, T1, Lsn.of(8)));
  static final AcceptorEffect GRANT =
      new AcceptorEffect.Send(P, new VoteResponse(TT, T1, true, Lsn.ZERO, Lsn.ZERO, Lsn.ZERO, TermHistory.EMPTY));
  static final AcceptorEffect REPORT = new AcceptorEffect.Send(P, new AppendResponse(TT, T1, Lsn.of(8), Lsn.ZERO));

  static String order(AcceptorEffect... effects) {
    return TraceRules.checkStep(new Acceptor.Step(List.of(effects), null, ""));
  }

  @Test
  void stepsInTheRightOrderPass() {
    assertThat(order(PERSIST, GRANT)).isNull();
    assertThat(order(WRITE, SYNC, ACK, REPORT)).isNull();
  }

  @Test
  void aGrantedVoteBeforeItsPersistIsReported() {
    assertThat(order(GRANT, PERSIST)).contains("granted vote sent before the term was persisted");
  }

  @Test
  void aFlushAcknowledgedBeforeItsFsyncIsReported() {
    assertThat(order(WRITE, ACK, SYNC, REPORT)).contains("AckFlush before the fsync");
    assertThat(order(WRITE, SYNC, REPORT)).contains("flush report sent before the fsync or its AckFlush");
  }

  @Test
  void aRefusedStepThatTracesIsReported() {
    assertThat(TraceRules.checkStep(new Acceptor.Step(List.of(ACK), RejectReason.GAP, "gap")))
        .contains("a refused step traces");
  }
}
