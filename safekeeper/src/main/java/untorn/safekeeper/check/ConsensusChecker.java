package untorn.safekeeper.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.safekeeper.acceptor.Acceptor;

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

  /** After every step: every live acceptor still holds exactly the committed WAL it knows. */
  public void checkAcceptors(Iterable<NodeId> acceptors) {
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
