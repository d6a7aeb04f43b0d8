package untorn.safekeeper.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.history.HistoryMismatchException;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.storage.ControlState;
import untorn.safekeeper.storage.ProtocolState;

/**
 * ConsensusChecker checks DESIGN §5's safety properties on real acceptor state and on the trace
 * events: election safety (one elected proposer per term, by a majority); log safety (the
 * committed WAL, recorded byte for byte from the first acceptor that holds it as committed, never
 * differs on any acceptor that knows it committed); leader completeness (every proposer elected in
 * a term starts it at or above every commit LSN of the earlier terms, whenever that commit is
 * announced, and every acceptor that holds a term's start holds the WAL committed in earlier terms
 * below it); commit monotonic per acceptor (across restarts) and per
 * proposer; durability (no acceptor restarts without WAL it knew committed); and a commit only
 * on acknowledgements of a majority in the term, whose members still
 * in that term hold the same WAL. The quorum of a commit is rebuilt from the proposer's {@code
 * AdvanceCommit} events. Violations are collected, not thrown, so that negative controls can
 * assert them.
 *
 * <p>The checks are written for asynchronous runs (the simulator): a proposer's view of an
 * acceptor is older than the acceptor's state, which may have crashed or moved to a later term
 * since it acknowledged. So WAL contents are compared only where the acceptor's current state
 * guarantees them: an acceptor still in the committing term, one that knows the commit itself, or
 * one that acknowledged a flush at or past a term's start.
 *
 * <p>WAL removal: no acceptor's WAL start (where its kept WAL begins: WAL below it was removed) is
 * above its commit LSN, the peer horizon or the pageserver's persisted LSN it holds, in memory and
 * in the control file on its disk, nor above the highest LSN the pageserver really persisted
 * ({@link #pageserverPersisted}); and no acceptor needs WAL another one removed: the highest common
 * point of every acceptor's WAL with the log of an acceptor at least as advanced (where that one
 * would serve it from, as a peer or as a new proposer's donor) is at or above that one's WAL start.
 * WAL is compared with the committed WAL from each acceptor's WAL start only.
 *
 * <p>It reads acceptors through {@link AcceptorView}s and needs every trace event of the timeline,
 * in order. Its cost per step is the WAL that became committed or known committed since the last
 * step (each acceptor's verified prefix is remembered until its WAL may have changed: a cut or a
 * restart).
 */
public final class ConsensusChecker {
  private final int acceptorCount;
  private final Function<NodeId, AcceptorView> views;
  private byte[] committed = new byte[1 << 16];
  private int committedLength;
  private final Map<Term, NodeId> electedByTerm = new HashMap<>();
  private final Map<NodeId, Lsn> acceptorCommit = new HashMap<>();
  private final Map<NodeId, Leader> leaders = new HashMap<>();
  private final java.util.TreeMap<Term, Lsn> termStarts = new java.util.TreeMap<>();
  /** The highest commit LSN announced in each term. */
  private final java.util.TreeMap<Term, Lsn> commitByTerm = new java.util.TreeMap<>();
  /** The highest commit LSN any proposer announced. */
  private Lsn claimedCommit = Lsn.ZERO;
  private final List<String> violations = new ArrayList<>();
  /** Per acceptor: its WAL below this LSN was found equal to the committed WAL (until it changes). */
  private final Map<NodeId, Lsn> verified = new HashMap<>();
  /** The highest LSN the pageserver made durable in its layer files; null if none reported. */
  private Lsn pageserverPersisted;
  /** Steps after which an acceptor's WAL ended below a peer's that had removed WAL. */
  private long laggingBehindRemoval;
  /** The most such an acceptor's WAL ended below that peer's, in bytes. */
  private long laggingBehindRemovalBytesMax;

  /** What the checker knows of one proposer incarnation that was elected. */
  private static final class Leader {
    final Term term;
    final Lsn termStart;
    final Map<NodeId, Lsn> acks = new HashMap<>();
    Lsn commit = Lsn.ZERO;

    Leader(Term term, Lsn termStart) {
      this.term = term;
      this.termStart = termStart;
    }
  }

  public ConsensusChecker(int acceptorCount, Function<NodeId, AcceptorView> views) {
    this.acceptorCount = acceptorCount;
    this.views = views;
  }

  public List<String> violations() {
    return violations;
  }

  public void violation(String what) {
    violations.add(what);
  }

  /** The committed WAL so far: stream bytes [0, committedEnd). */
  public Lsn committedEnd() {
    return Lsn.of(committedLength);
  }

  /**
   * The pageserver made WAL below {@code lsn} durable (before it tells any acceptor): from now on
   * no acceptor may hold a persisted LSN, or have removed WAL, above the highest such value. It must
   * be committed WAL: the pageserver ingests only that.
   */
  public void pageserverPersisted(Lsn lsn) {
    if (lsn.isAfter(committedEnd())) {
      violation("pageserver persisted " + lsn + ", above the committed WAL end " + committedEnd());
    }
    pageserverPersisted = pageserverPersisted == null ? lsn : Lsn.max(pageserverPersisted, lsn);
  }

  /**
   * How many checked steps found an acceptor lagging behind a peer that had removed WAL (its WAL
   * ended below that peer's): the cases where the lagging-acceptor check had something to check.
   */
  public long laggingBehindRemovalEvents() {
    return laggingBehindRemoval;
  }

  /** The deepest such lag, in bytes. */
  public long laggingBehindRemovalBytesMax() {
    return laggingBehindRemovalBytesMax;
  }

  /** The highest LSN the pageserver made durable, or ZERO. */
  public Lsn pageserverPersistedLsn() {
    return pageserverPersisted == null ? Lsn.ZERO : pageserverPersisted;
  }

  public void onEvent(TraceEvent e) {
    if (e instanceof TraceEvent.AcceptElected || e instanceof TraceEvent.AcceptorRestart) {
      verified.remove(e.node()); // Its WAL below the old flush LSN may have changed: check it all again.
    }
    if (e instanceof TraceEvent.Elect el) {
      onElect(el);
    } else if (e instanceof TraceEvent.AdvanceCommit ac) {
      onAdvanceCommit(ac);
    } else if (e instanceof TraceEvent.LearnCommit lc) {
      Lsn before = acceptorCommit.getOrDefault(lc.acceptor(), Lsn.ZERO);
      if (lc.commitLsn().isBefore(before)) {
        violation("acceptor " + lc.acceptor() + " commit went back from " + before + " to " + lc.commitLsn());
      }
      acceptorCommit.put(lc.acceptor(), Lsn.max(before, lc.commitLsn()));
      if (lc.commitLsn().isAfter(claimedCommit)) {
        violation("acceptor " + lc.acceptor() + " commit " + lc.commitLsn() + " above anything a proposer committed ("
            + claimedCommit + ")");
      }
    } else if (e instanceof TraceEvent.ProposerCrash pc) {
      leaders.remove(pc.proposer());
    } else if (e instanceof TraceEvent.AckFlush af) {
      onAckFlush(af);
    }
  }

  /**
   * An acceptor acknowledged a flush in term T at or past T's start: its WAL below the start is
   * the WAL T's proposer inherited, which must hold every committed byte below it.
   */
  private void onAckFlush(TraceEvent.AckFlush af) {
    Lsn start = termStarts.get(af.term());
    if (start == null || af.flushLsn().isBefore(start)) {
      return;
    }
    Lsn bound = Lsn.min(start, Lsn.min(committedEnd(), maxCommitBefore(af.term())));
    String mismatch = compareWithCommitted(af.acceptor(), bound);
    if (mismatch != null) {
      violation("leader completeness: " + af.acceptor() + " holds the start of " + af.term() + " at " + start + ": "
          + mismatch);
    }
  }

  private void onElect(TraceEvent.Elect el) {
    NodeId other = electedByTerm.putIfAbsent(el.term(), el.proposer());
    if (other != null && !other.equals(el.proposer())) {
      violation("election safety: " + other + " and " + el.proposer() + " both elected in " + el.term());
    }
    if (el.voters().size() * 2 <= acceptorCount) {
      violation("proposer " + el.proposer() + " elected by a minority " + el.voters());
    }
    leaders.put(el.proposer(), new Leader(el.term(), el.termStartLsn()));
    termStarts.putIfAbsent(el.term(), el.termStartLsn());
    Lsn end = maxCommitBefore(el.term());
    if (el.termStartLsn().isBefore(end)) {
      violation("leader completeness: " + el.proposer() + " starts " + el.term() + " at " + el.termStartLsn()
          + ", below " + end + ", committed in an earlier term");
    }
  }

  /** The highest commit LSN announced in a term below {@code term}. */
  private Lsn maxCommitBefore(Term term) {
    Lsn max = Lsn.ZERO;
    for (Lsn c : commitByTerm.headMap(term).values()) {
      max = Lsn.max(max, c);
    }
    return max;
  }

  private void onAdvanceCommit(TraceEvent.AdvanceCommit ac) {
    Leader l = leaders.get(ac.proposer());
    if (l == null || !l.term.equals(ac.term())) {
      violation("proposer " + ac.proposer() + " advances its commit in " + ac.term() + " without being elected in it");
      return;
    }
    l.acks.merge(ac.acceptor(), ac.flushLsn(), Lsn::max);
    if (ac.commitLsn().isBefore(l.commit)) {
      violation("proposer " + ac.proposer() + " commit went back from " + l.commit + " to " + ac.commitLsn());
      return;
    }
    if (!ac.commitLsn().isAfter(l.commit)) {
      return;
    }
    l.commit = ac.commitLsn();
    claimedCommit = Lsn.max(claimedCommit, ac.commitLsn());
    commitByTerm.merge(ac.term(), ac.commitLsn(), Lsn::max);
    // A commit announced late must still be in the log of every later term's proposer.
    termStarts.tailMap(ac.term(), false).forEach((later, start) -> {
      if (start.isBefore(ac.commitLsn())) {
        violation("leader completeness: " + later + " started at " + start + ", below " + ac.commitLsn()
            + " committed in " + ac.term());
      }
    });
    List<NodeId> quorum = new ArrayList<>();
    l.acks.forEach((a, flush) -> {
      if (flush.atLeast(ac.commitLsn()) && flush.atLeast(l.termStart)) {
        quorum.add(a);
      }
    });
    quorum.sort(null);
    if (quorum.size() * 2 <= acceptorCount) {
      violation("proposer " + ac.proposer() + " committed " + ac.commitLsn() + " on a minority " + quorum);
    }
    recordCommit(ac.proposer(), ac.term(), ac.commitLsn(), quorum);
  }

  /**
   * Checks that the quorum members still in the committing term hold the same WAL up to {@code
   * commit}, and extends the committed WAL from them. Members that crashed or moved on since they
   * acknowledged are skipped: their knowledge is checked once they know the commit themselves.
   */
  private void recordCommit(NodeId proposer, Term term, Lsn commit, List<NodeId> quorum) {
    Lsn known = committedEnd();
    byte[] reference = null;
    for (NodeId a : quorum) {
      AcceptorView h = views.apply(a);
      Acceptor acc = h == null ? null : h.acceptor();
      if (acc == null || !acc.history().lastTerm().equals(term) || acc.flushLsn().isBefore(commit)) {
        continue;
      }
      if (acc.localStartLsn().isAfter(known)) {
        continue; // It removed WAL we have not recorded yet: it cannot show it (checkWalRemoval says why).
      }
      String mismatch = compareWithCommitted(a, Lsn.min(known, commit));
      if (mismatch != null) {
        violation("log safety: " + proposer + " commits " + commit + " counting " + a + ": " + mismatch);
        return;
      }
      if (commit.isAfter(known)) {
        byte[] wal = h.wal(known, commit);
        if (reference != null && !Arrays.equals(reference, wal)) {
          violation("commit " + commit + " by " + proposer + ": quorum members hold different WAL above " + known);
          return;
        }
        reference = wal;
      }
    }
    if (reference != null) {
      extendCommitted(reference);
    }
  }

  private void extendCommitted(byte[] bytes) {
    if (committedLength + bytes.length > committed.length) {
      committed = Arrays.copyOf(committed, Math.max(committed.length * 2, committedLength + bytes.length));
    }
    System.arraycopy(bytes, 0, committed, committedLength, bytes.length);
    committedLength += bytes.length;
  }

  /**
   * After every step: every live acceptor still holds exactly the committed WAL it knows, removed
   * WAL only below what every bound allows, and WAL no other acceptor needs.
   */
  public void checkAcceptors(Iterable<NodeId> acceptors) {
    Map<NodeId, Acceptor> live = new LinkedHashMap<>();
    for (NodeId a : acceptors) {
      AcceptorView h = views.apply(a);
      Acceptor acc = h == null ? null : h.acceptor();
      if (acc == null) {
        String lost = h == null ? null : h.lostCommittedWal();
        if (lost != null) {
          violation("durability: acceptor " + a + " restarted without WAL it knew committed: " + lost);
        }
        continue;
      }
      live.put(a, acc);
      checkWalRemoval(a, h, acc);
      Lsn commit = acc.commitLsn();
      Lsn before = acceptorCommit.getOrDefault(a, Lsn.ZERO);
      if (commit.isBefore(before)) {
        violation("acceptor " + a + " commit went back from " + before + " to " + commit + " (after a restart?)");
      }
      acceptorCommit.put(a, Lsn.max(before, commit));
      String mismatch = compareWithCommitted(a, Lsn.min(commit, committedEnd()));
      if (mismatch != null) {
        violation("log safety: acceptor " + a + " with commit " + commit + ": " + mismatch);
      } else if (commit.isAfter(committedEnd()) && !acc.localStartLsn().isAfter(committedEnd())) {
        // It knows more is committed than any quorum member still in its term showed us.
        byte[] more = h.wal(committedEnd(), commit);
        if (more.length == commit.minus(committedEnd())) {
          extendCommitted(more);
        }
      }
    }
    checkNobodyNeedsRemovedWal(live);
  }

  /**
   * WAL removed on {@code a} (below its WAL start) is below its commit LSN, peer horizon and
   * persisted LSN, in memory and in the control file a restart would load, and below what the
   * pageserver really persisted.
   */
  private void checkWalRemoval(NodeId a, AcceptorView h, Acceptor acc) {
    Lsn start = acc.localStartLsn();
    String bad = removalAbove(start, acc.protocolState());
    if (bad != null) {
      violation("WAL removal: acceptor " + a + " removed WAL below " + start + ", above " + bad);
    }
    ControlState durable = h.durableControl();
    if (durable != null && durable.timeline().equals(acc.timeline())) {
      bad = removalAbove(durable.localStartLsn(), durable.protocol());
      if (bad != null) {
        violation("WAL removal: the control file of acceptor " + a + " starts its WAL at " + durable.localStartLsn()
            + ", above " + bad + " it holds durably");
      }
    }
    if (pageserverPersisted != null) {
      Lsn persisted = acc.protocolState().persistedLsn();
      if (persisted.isAfter(pageserverPersisted)) {
        violation("WAL removal: acceptor " + a + " holds persisted LSN " + persisted + ", above anything the pageserver"
            + " persisted (" + pageserverPersisted + ")");
      }
      if (start.isAfter(pageserverPersisted)) {
        violation("WAL removal: acceptor " + a + " removed WAL below " + start + ", which the pageserver has persisted"
            + " only up to " + pageserverPersisted);
      }
    }
  }

  /** Which bound a WAL start of {@code start} is above, or null if none. */
  private static String removalAbove(Lsn start, ProtocolState p) {
    if (start.isAfter(p.persistedLsn())) {
      return "the pageserver's persisted LSN " + p.persistedLsn();
    } else if (start.isAfter(p.peerHorizonLsn())) {
      return "the peer horizon " + p.peerHorizonLsn();
    } else if (start.isAfter(p.commitLsn())) {
      return "the commit LSN " + p.commitLsn();
    }
    return null;
  }

  /**
   * No live acceptor needs WAL another one removed. Acceptor {@code b} serves WAL to {@code a} (as a
   * peer, or as the donor of a proposer that {@code a} votes for) from their highest common point,
   * when {@code b}'s log is at least as advanced (last log term); below {@code b}'s WAL start it
   * would refuse (WAL_REMOVED), and {@code a} could not catch up from it. The peer horizon rule
   * prevents that: WAL is removed only below what every acceptor flushed in a term, which every
   * later common point is at or above. An acceptor whose log is behind {@code b}'s in terms still
   * holds WAL up to {@code b}'s WAL start.
   */
  private void checkNobodyNeedsRemovedWal(Map<NodeId, Acceptor> live) {
    boolean lagging = false;
    for (Map.Entry<NodeId, Acceptor> be : live.entrySet()) {
      NodeId bId = be.getKey();
      Acceptor b = be.getValue();
      Lsn removed = b.localStartLsn();
      if (removed.equals(Lsn.ZERO)) {
        continue;
      }
      TermHistory bLog = b.history().upTo(b.flushLsn());
      for (Map.Entry<NodeId, Acceptor> ae : live.entrySet()) {
        NodeId aId = ae.getKey();
        Acceptor a = ae.getValue();
        if (a == b) {
          continue;
        }
        if (a.flushLsn().isBefore(b.flushLsn())) {
          lagging = true;
          laggingBehindRemovalBytesMax = Math.max(laggingBehindRemovalBytesMax, b.flushLsn().minus(a.flushLsn()));
        }
        Lsn needsFrom;
        String how;
        if (bLog.lastTerm().compareTo(a.history().lastLogTerm(a.flushLsn())) < 0) {
          needsFrom = a.flushLsn();
          how = "its WAL ends at";
        } else {
          try {
            needsFrom = TermHistory.commonPoint(bLog, a.history(), a.flushLsn(), a.lastRecordLsn()).lsn();
          } catch (HistoryMismatchException e) {
            continue; // Contradictory histories are log safety's business.
          }
          how = "its common point with " + bId + " is";
        }
        if (needsFrom.isBefore(removed)) {
          violation("WAL removal: acceptor " + aId + " (flush " + a.flushLsn() + ", history " + a.history() + ") needs WAL"
              + " that " + bId + " removed: " + how + " " + needsFrom + ", " + bId + " keeps WAL from " + removed
              + " (history " + b.history() + ")");
        }
      }
    }
    if (lagging) {
      laggingBehindRemoval++;
    }
  }

  /** Compares an acceptor's WAL with the committed WAL below {@code upTo}; null if they agree. */
  private String compareWithCommitted(NodeId a, Lsn upTo) {
    AcceptorView h = views.apply(a);
    if (h == null || h.acceptor() == null) {
      return null;
    }
    Lsn from = Lsn.max(h.acceptor().localStartLsn(), verified.getOrDefault(a, Lsn.ZERO));
    if (!upTo.isAfter(from)) {
      return null;
    }
    if (h.acceptor().flushLsn().isBefore(upTo)) {
      return "its WAL ends at " + h.acceptor().flushLsn() + ", below " + upTo;
    }
    byte[] wal = h.wal(from, upTo);
    if (wal.length != upTo.minus(from)) {
      return "its WAL files end before " + upTo;
    }
    for (int i = 0; i < wal.length; i++) {
      if (wal[i] != committed[(int) from.value() + i]) {
        verified.remove(a);
        return "its WAL differs from the committed WAL at " + Lsn.of(from.value() + i);
      }
    }
    verified.put(a, upTo);
    return null;
  }

}
