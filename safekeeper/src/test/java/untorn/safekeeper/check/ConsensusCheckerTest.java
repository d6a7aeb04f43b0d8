package untorn.safekeeper.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.acceptor.AcceptorConfig;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.storage.ControlState;
import untorn.safekeeper.storage.ProtocolState;

/**
 * The checker can fail: each safety property of DESIGN §5 it claims is broken here by hand, with
 * acceptors whose state and WAL bytes the test sets directly, and each break is reported with its
 * property's name; the same runs without the break report nothing. (The protocol tests show the
 * checker stays quiet on the correct protocol and catches the mutants; this shows what each of its
 * checks catches on its own.)
 */
class ConsensusCheckerTest {
  static final TenantTimeline TT = TenantTimeline.of(3, 3);
  static final NodeId SK1 = NodeId.of("sk1");
  static final NodeId SK2 = NodeId.of("sk2");
  static final NodeId SK3 = NodeId.of("sk3");
  static final NodeId P1 = NodeId.of("p1");
  static final NodeId P2 = NodeId.of("p2");
  static final Term T1 = Term.of(1);
  static final Term T2 = Term.of(2);
  static final TermHistory H1 = TermHistory.of(TermSwitch.of(1, 0, 0));

  /** One acceptor as the checker sees it: its state and its WAL bytes, both set by the test. */
  static final class Fake implements AcceptorView {
    Acceptor acceptor;
    byte[] wal = new byte[0];
    String lost;
    ControlState control;

    @Override
    public Acceptor acceptor() {
      return acceptor;
    }

    @Override
    public ControlState durableControl() {
      return control;
    }

    @Override
    public byte[] wal(Lsn from, Lsn to) {
      int a = (int) Math.min(from.value(), wal.length);
      int b = (int) Math.min(to.value(), wal.length);
      return Arrays.copyOfRange(wal, a, b);
    }

    @Override
    public String lostCommittedWal() {
      return lost;
    }
  }

  final Map<NodeId, Fake> fakes = new HashMap<>();
  ConsensusChecker checker;

  @BeforeEach
  void threeAcceptors() {
    for (NodeId a : List.of(SK1, SK2, SK3)) {
      fakes.put(a, new Fake());
    }
    checker = new ConsensusChecker(3, fakes::get);
  }

  static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  /** Sets an acceptor's state (term, history, commit) and its WAL bytes (its flush LSN is their end). */
  void set(NodeId a, Term term, TermHistory history, long commit, byte[] wal) {
    Fake f = fakes.get(a);
    f.wal = wal;
    f.acceptor = Acceptor.recovered(a, TT, AcceptorConfig.defaults(new WalLayout(64 << 10), List.of()), Mutants.NONE,
        new ProtocolState(term, history, Lsn.of(commit), Lsn.ZERO, Lsn.ZERO), Lsn.of(wal.length), Lsn.ZERO, Lsn.ZERO);
  }

  /**
   * Sets an acceptor that removed its WAL below {@code start}, holding {@code persisted} and {@code
   * horizon}; its control file on disk says the same.
   */
  void setRemoved(NodeId a, long commit, long persisted, long horizon, long start, byte[] wal) {
    Fake f = fakes.get(a);
    f.wal = wal;
    ProtocolState p = new ProtocolState(T1, H1, Lsn.of(commit), Lsn.of(persisted), Lsn.of(horizon));
    f.acceptor = Acceptor.recovered(a, TT, AcceptorConfig.defaults(new WalLayout(64 << 10), List.of()), Mutants.NONE, p,
        Lsn.of(wal.length), Lsn.ZERO, Lsn.of(start));
    f.control = new ControlState(TT, p, Lsn.of(start), Lsn.ZERO);
  }

  void event(TraceEvent e) {
    checker.onEvent(e);
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
  }

  void elect(NodeId p, Term t, List<NodeId> voters, TermHistory history) {
    event(new TraceEvent.Elect(TT, p, t, voters, voters.get(0), history.toTrace()));
  }

  void ack(NodeId p, Term t, NodeId a, long flush, long commit) {
    event(new TraceEvent.AdvanceCommit(TT, p, t, a, Lsn.of(flush), Lsn.of(commit)));
  }

  /** p1 is elected in term 1 and commits the first 128 bytes on sk1 and sk2; sk3 holds them too. */
  void commitFirst100() {
    for (NodeId a : List.of(SK1, SK2, SK3)) {
      set(a, T1, H1, 0, bytes(128, 1));
    }
    elect(P1, T1, List.of(SK1, SK2), H1);
    ack(P1, T1, SK1, 128, 0);
    ack(P1, T1, SK2, 128, 128);
    assertThat(checker.committedEnd()).isEqualTo(Lsn.of(128));
  }

  List<String> violations() {
    return checker.violations();
  }

  @Test
  void aCorrectRunReportsNothing() {
    commitFirst100();
    set(SK3, T1, H1, 128, bytes(128, 1));
    event(new TraceEvent.LearnCommit(TT, SK3, T1, Lsn.of(128)));
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(128), Lsn.ZERO));
    elect(P2, T2, List.of(SK1, SK3), h2);
    byte[] more = Arrays.copyOf(bytes(128, 1), 192);
    set(SK1, T2, h2, 128, more);
    set(SK3, T2, h2, 128, more);
    ack(P2, T2, SK1, 192, 0);
    ack(P2, T2, SK3, 192, 192);
    assertThat(violations()).isEmpty();
    assertThat(checker.committedEnd()).isEqualTo(Lsn.of(192));
  }

  @Test
  void twoProposersElectedInOneTermBreakElectionSafety() {
    elect(P1, T1, List.of(SK1, SK2), H1);
    elect(P2, T1, List.of(SK2, SK3), H1);
    assertThat(violations()).singleElement().asString().startsWith("election safety");
  }

  @Test
  void anElectionByAMinorityIsReported() {
    elect(P1, T1, List.of(SK1), H1);
    assertThat(violations()).singleElement().asString().contains("elected by a minority");
  }

  @Test
  void aCommitOnAMinorityIsReported() {
    set(SK1, T1, H1, 0, bytes(128, 1));
    elect(P1, T1, List.of(SK1, SK2), H1);
    ack(P1, T1, SK1, 128, 128);
    assertThat(violations()).singleElement().asString().contains("on a minority [sk1]");
  }

  /** Figure 8: an acknowledgement below the term start does not count toward a commit. */
  @Test
  void acknowledgementsBelowTheTermStartDoNotMakeAMajority() {
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(128), Lsn.ZERO));
    elect(P2, T2, List.of(SK1, SK2), h2);
    ack(P2, T2, SK1, 160, 0);
    ack(P2, T2, SK2, 96, 96);
    assertThat(violations()).singleElement().asString().contains("on a minority [sk1]");
  }

  @Test
  void committedBytesThatChangeOnAnAcceptorBreakLogSafety() {
    commitFirst100();
    byte[] changed = bytes(128, 1);
    changed[42] ^= 1;
    set(SK2, T1, H1, 128, changed); // sk2 restarts knowing the commit, with one committed byte changed
    event(new TraceEvent.AcceptorRestart(TT, SK2, T1, Lsn.of(128), Lsn.of(128), H1.toTrace()));
    assertThat(violations()).anySatisfy(v -> assertThat(v).startsWith("log safety: acceptor sk2").contains("0/2A"));
  }

  @Test
  void anAcceptorThatLearnsACommitOverDifferentBytesBreaksLogSafety() {
    commitFirst100();
    byte[] other = bytes(128, 2);
    set(SK3, T1, H1, 128, other);
    event(new TraceEvent.LearnCommit(TT, SK3, T1, Lsn.of(128)));
    assertThat(violations()).anySatisfy(v -> assertThat(v).startsWith("log safety: acceptor sk3"));
  }

  @Test
  void aLaterTermCommittingOverDifferentBytesBreaksLogSafety() {
    commitFirst100();
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(128), Lsn.ZERO));
    elect(P2, T2, List.of(SK2, SK3), h2);
    byte[] other = bytes(192, 7);
    set(SK3, T2, h2, 0, other);
    set(SK2, T2, h2, 0, other);
    ack(P2, T2, SK3, 192, 0);
    ack(P2, T2, SK2, 192, 192);
    assertThat(violations()).anySatisfy(v -> assertThat(v).startsWith("log safety: p2 commits 0/C0"));
  }

  @Test
  void quorumMembersWithDifferentBytesAboveTheCommittedWalAreReported() {
    for (NodeId a : List.of(SK1, SK2)) {
      set(a, T1, H1, 0, bytes(128, a.equals(SK1) ? 1 : 2));
    }
    elect(P1, T1, List.of(SK1, SK2), H1);
    ack(P1, T1, SK1, 128, 0);
    ack(P1, T1, SK2, 128, 128);
    assertThat(violations()).singleElement().asString().contains("quorum members hold different WAL");
  }

  @Test
  void aNewTermStartingBelowAnEarlierCommitBreaksLeaderCompleteness() {
    commitFirst100();
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(64), Lsn.ZERO));
    elect(P2, T2, List.of(SK2, SK3), h2);
    assertThat(violations()).singleElement().asString().startsWith("leader completeness: p2 starts t2 at 0/40");
  }

  @Test
  void aCommitAnnouncedAfterALaterTermStartedBelowItBreaksLeaderCompleteness() {
    for (NodeId a : List.of(SK1, SK2, SK3)) {
      set(a, T1, H1, 0, bytes(128, 1));
    }
    elect(P1, T1, List.of(SK1, SK2), H1);
    ack(P1, T1, SK1, 128, 0);
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(64), Lsn.ZERO));
    elect(P2, T2, List.of(SK2, SK3), h2);
    assertThat(violations()).isEmpty();
    ack(P1, T1, SK2, 128, 128); // p1 had a majority for 128 but learned it late
    assertThat(violations()).anySatisfy(v -> assertThat(v).startsWith("leader completeness: t2 started at 0/40"));
  }

  @Test
  void anAcceptorHoldingANewTermsStartOverDifferentCommittedBytesBreaksLeaderCompleteness() {
    commitFirst100();
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(128), Lsn.ZERO));
    elect(P2, T2, List.of(SK1, SK3), h2);
    byte[] other = bytes(160, 9);
    set(SK3, T2, h2, 0, other);
    event(new TraceEvent.AckFlush(TT, SK3, T2, Lsn.of(160)));
    assertThat(violations()).anySatisfy(v -> assertThat(v).startsWith("leader completeness: sk3 holds the start of t2"));
  }

  @Test
  void aProposerCommitThatGoesBackIsReported() {
    commitFirst100();
    ack(P1, T1, SK1, 128, 112);
    assertThat(violations()).singleElement().asString().contains("p1 commit went back from 0/80 to 0/70");
  }

  @Test
  void anAcceptorCommitThatGoesBackIsReportedFromEventsAndFromItsState() {
    commitFirst100();
    set(SK1, T1, H1, 128, bytes(128, 1));
    event(new TraceEvent.LearnCommit(TT, SK1, T1, Lsn.of(128)));
    assertThat(violations()).isEmpty();
    set(SK1, T1, H1, 32, bytes(128, 1)); // restarted with an older commit LSN
    event(new TraceEvent.AcceptorRestart(TT, SK1, T1, Lsn.of(128), Lsn.of(32), H1.toTrace()));
    assertThat(violations()).singleElement().asString().contains("sk1 commit went back from 0/80 to 0/20");
    event(new TraceEvent.LearnCommit(TT, SK1, T1, Lsn.of(64)));
    assertThat(violations()).anySatisfy(v -> assertThat(v).contains("sk1 commit went back from 0/80 to 0/40"));
  }

  @Test
  void anAcceptorCommitAboveEveryProposersCommitIsReported() {
    for (NodeId a : List.of(SK1, SK2, SK3)) {
      set(a, T1, H1, 0, bytes(128, 1));
    }
    elect(P1, T1, List.of(SK1, SK2), H1);
    ack(P1, T1, SK1, 128, 0);
    ack(P1, T1, SK2, 128, 48);
    set(SK3, T1, H1, 96, bytes(128, 1));
    event(new TraceEvent.LearnCommit(TT, SK3, T1, Lsn.of(96)));
    assertThat(violations()).singleElement().asString().contains("above anything a proposer committed (0/30)");
  }

  @Test
  void anAcceptorThatRestartsWithoutCommittedWalBreaksDurability() {
    commitFirst100();
    fakes.get(SK2).acceptor = null;
    fakes.get(SK2).lost = "valid WAL ends at 0/10, below the commit LSN 0/80";
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).singleElement().asString().startsWith("durability: acceptor sk2");
  }

  @Test
  void anAcceptorWhoseWalFilesEndBelowTheCommitItKnowsBreaksLogSafety() {
    commitFirst100();
    set(SK2, T1, H1, 128, bytes(128, 1));
    fakes.get(SK2).wal = bytes(48, 1); // its acceptor says 128, its files end at 48
    event(new TraceEvent.AcceptorRestart(TT, SK2, T1, Lsn.of(128), Lsn.of(128), H1.toTrace()));
    assertThat(violations()).singleElement().asString().startsWith("log safety: acceptor sk2").contains("files end");
  }

  /** WAL bytes below a removal point are garbage: only the WAL from there on is compared. */
  @Test
  void walRemovedBelowEveryBoundIsFineAndOnlyTheRestIsCompared() {
    commitFirst100();
    checker.pageserverPersisted(Lsn.of(96));
    byte[] kept = bytes(128, 1);
    Arrays.fill(kept, 0, 96, (byte) 0x5A); // the removed prefix: whatever the disk has there
    setRemoved(SK1, 128, 96, 128, 96, kept);
    setRemoved(SK2, 128, 96, 128, 96, kept);
    event(new TraceEvent.AcceptorRestart(TT, SK1, T1, Lsn.of(128), Lsn.of(128), H1.toTrace()));
    event(new TraceEvent.AcceptorRestart(TT, SK2, T1, Lsn.of(128), Lsn.of(128), H1.toTrace()));
    assertThat(violations()).isEmpty();
    kept[100] ^= 1; // but a changed byte above it is found
    event(new TraceEvent.AcceptorRestart(TT, SK1, T1, Lsn.of(128), Lsn.of(128), H1.toTrace()));
    assertThat(violations()).singleElement().asString().startsWith("log safety: acceptor sk1").contains("0/64");
  }

  @Test
  void walRemovedAboveThePersistedLsnIsReportedFromMemoryAndFromTheControlFile() {
    commitFirst100();
    setRemoved(SK1, 128, 64, 128, 96, bytes(128, 1));
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).anySatisfy(v -> assertThat(v)
        .isEqualTo("WAL removal: acceptor sk1 removed WAL below 0/60, above the pageserver's persisted LSN 0/40"));
    violations().clear();
    setRemoved(SK1, 128, 96, 128, 96, bytes(128, 1));
    ProtocolState durable = new ProtocolState(T1, H1, Lsn.of(128), Lsn.of(96), Lsn.of(64)); // horizon not durable
    fakes.get(SK1).control = new ControlState(TT, durable, Lsn.of(96), Lsn.ZERO);
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).singleElement().asString()
        .startsWith("WAL removal: the control file of acceptor sk1 starts its WAL at 0/60, above the peer horizon 0/40");
  }

  @Test
  void walRemovedAboveWhatThePageserverReallyPersistedIsReported() {
    commitFirst100();
    checker.pageserverPersisted(Lsn.of(64));
    setRemoved(SK1, 128, 128, 128, 96, bytes(128, 1)); // told a persisted LSN the pageserver never had
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).anySatisfy(v -> assertThat(v).contains("sk1 holds persisted LSN 0/80, above anything"))
        .anySatisfy(v -> assertThat(v).contains("which the pageserver has persisted only up to 0/40"));
    checker.pageserverPersisted(Lsn.of(256));
    assertThat(violations()).anySatisfy(v -> assertThat(v).startsWith("pageserver persisted 0/100, above the committed"));
  }

  /**
   * sk1 and sk2 removed WAL below 96; sk3's WAL ends at 64 in the same history: it could catch up
   * from neither. At 96 it still could.
   */
  @Test
  void walALaggingAcceptorStillNeedsIsReportedWhenAPeerRemovedIt() {
    commitFirst100();
    setRemoved(SK1, 128, 96, 96, 96, bytes(128, 1));
    set(SK3, T1, H1, 0, bytes(96, 1));
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).isEmpty();
    assertThat(checker.laggingBehindRemovalEvents()).isEqualTo(1);
    assertThat(checker.laggingBehindRemovalBytesMax()).isEqualTo(32);
    set(SK3, T1, H1, 0, bytes(64, 1));
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).singleElement().asString().startsWith("WAL removal: acceptor sk3 (flush 0/40")
        .contains("needs WAL that sk1 removed: its common point with sk1 is 0/40, sk1 keeps WAL from 0/60");
  }

  /** An acceptor whose log is ahead in terms still ends its WAL at or above a removal point. */
  @Test
  void anAcceptorAheadInTermsMustStillHoldWhatAPeerRemoved() {
    commitFirst100();
    setRemoved(SK1, 128, 96, 96, 96, bytes(128, 1));
    TermHistory h2 = H1.append(new TermSwitch(T2, Lsn.of(32), Lsn.ZERO));
    set(SK3, T2, h2, 0, bytes(64, 1));
    checker.checkAcceptors(List.of(SK1, SK2, SK3));
    assertThat(violations()).singleElement().asString().contains("needs WAL that sk1 removed: its WAL ends at 0/40");
  }
}
