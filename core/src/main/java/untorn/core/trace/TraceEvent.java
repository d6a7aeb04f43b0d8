package untorn.core.trace;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/**
 * TraceEvent is one step of the safekeeper protocol as the implementation took it, named after
 * the action of the TLA+ specification ({@code spec/tla/Safekeeper.tla}) that it stands for.
 *
 * <p>Every field is the node's state <em>after</em> the step (or the content of the message it
 * processed, where the javadoc says so). LSNs are byte positions; see the package javadoc for how
 * they map to the specification's entries. The javadoc of each record says exactly when to emit
 * it; the common rule: after the state change is complete and durable, before any message it
 * causes can be received; nothing for a refused or ignored message.
 *
 * <p>Per-timeline events carry their {@link TenantTimeline}; crashes are per node and apply to
 * every timeline the node hosts. Validation runs per timeline.
 */
public sealed interface TraceEvent {

  /** The node whose state the step changes. */
  NodeId node();

  /** An event of one timeline's protocol instance; every event but the node crashes. */
  sealed interface OnTimeline extends TraceEvent {
    TenantTimeline timeline();
  }

  /**
   * Greet: the proposer processed an acceptor's answer to its greeting, which reported the
   * acceptor's term when it answered ({@code acceptorTerm}; it may be stale by now). Emit on the
   * proposer for each answer it records while it is still choosing its term (before
   * {@link RequestVote}); answers it ignores emit nothing.
   */
  record Greet(TenantTimeline timeline, NodeId proposer, NodeId acceptor, Term acceptorTerm) implements OnTimeline {
    public Greet {
      requireAll(timeline, proposer, acceptor, acceptorTerm);
    }

    @Override
    public NodeId node() {
      return proposer;
    }
  }

  /**
   * RequestVote: the proposer, greeted by a majority, chose {@code term} (one above the highest
   * term it was greeted with) and starts asking for votes. Emit once per campaign, before the
   * first vote request is sent.
   */
  record RequestVote(TenantTimeline timeline, NodeId proposer, Term term) implements OnTimeline {
    public RequestVote {
      requireAll(timeline, proposer, term);
      requirePositive(term);
    }

    @Override
    public NodeId node() {
      return proposer;
    }
  }

  /**
   * Vote: the acceptor granted its vote in {@code term} (strictly above its previous term) to
   * {@code proposer}. Emit after the new term is durable and the acceptor's WAL is flushed (so its
   * write LSN equals its flush LSN), before the vote response is sent. {@code flushLsn} and
   * {@code history} are what the response reports: the acceptor's flush LSN and term history.
   */
  record Vote(TenantTimeline timeline, NodeId acceptor, NodeId proposer, Term term, Lsn flushLsn,
      List<TermSwitch> history) implements OnTimeline {
    public Vote {
      requireAll(timeline, acceptor, proposer, term, flushLsn);
      requirePositive(term);
      history = TermSwitch.checkedHistory(history);
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * Elect: the proposer holds votes of its {@code term} from {@code voters} (a majority: the
   * voters it had counted when it decided), chose {@code donor} among them (highest last term in
   * its history, then highest flush LSN) and built its proposal {@code history}: the donor's
   * history plus {@code (term, donor's flush LSN)}. From now on its WAL is the donor's WAL up to
   * that LSN. Emit once, before the elected message (carrying {@code history}) is sent to anyone.
   */
  record Elect(TenantTimeline timeline, NodeId proposer, Term term, List<NodeId> voters, NodeId donor,
      List<TermSwitch> history) implements OnTimeline {
    public Elect {
      requireAll(timeline, proposer, term, voters, donor);
      requirePositive(term);
      voters = List.copyOf(new TreeSet<>(voters));
      if (!voters.contains(donor)) {
        throw new IllegalArgumentException("donor " + donor + " is not among the voters " + voters);
      }
      history = TermSwitch.checkedHistory(history);
      if (history.isEmpty() || !history.get(history.size() - 1).term().equals(term)) {
        throw new IllegalArgumentException("a proposal history ends with the proposer's term " + term + ": " + history);
      }
    }

    /** Where this term's WAL starts: the donor's flush LSN. */
    public Lsn termStartLsn() {
      return history.get(history.size() - 1).startLsn();
    }

    @Override
    public NodeId node() {
      return proposer;
    }
  }

  /**
   * AcceptElected ("truncate on divergence"): the acceptor accepted the elected message of
   * {@code term} (equal to its own term: it voted in it). It computed {@code truncateLsn}, the
   * highest common point of its history and the proposal history (last shared term, ended at the
   * smallest of that term's next switch in either history and the acceptor's flush LSN), removed
   * every WAL byte above it, and adopted the proposal history as its own ({@code history}).
   * {@code flushLsn} is its flush LSN after, {@code min(old flush LSN, truncateLsn)}. Emit after
   * both the truncation and the new history are durable. A repeated elected message of the same
   * term is processed the same way and emitted again.
   */
  record AcceptElected(TenantTimeline timeline, NodeId acceptor, Term term, Lsn truncateLsn, Lsn flushLsn,
      List<TermSwitch> history) implements OnTimeline {
    public AcceptElected {
      requireAll(timeline, acceptor, term, truncateLsn, flushLsn);
      requirePositive(term);
      history = TermSwitch.checkedHistory(history);
      if (flushLsn.isAfter(truncateLsn)) {
        throw new IllegalArgumentException("flush LSN " + flushLsn + " above the truncation point " + truncateLsn);
      }
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * Propose: the proposer, elected in {@code term}, appended one WAL record
   * {@code [startLsn, endLsn)} to its WAL. This is the event that defines the specification's
   * entries: emit exactly one per record the proposer generates, in LSN order. The first record
   * of a term starts at the term's start LSN (a page header may come first, so
   * {@code startLsn >= } the previous end), each next one at or after the previous
   * {@code endLsn}. WAL recovered from the donor is not proposed again.
   */
  record Propose(TenantTimeline timeline, NodeId proposer, Term term, Lsn startLsn, Lsn endLsn) implements OnTimeline {
    public Propose {
      requireAll(timeline, proposer, term, startLsn, endLsn);
      requirePositive(term);
      if (!endLsn.isAfter(startLsn)) {
        throw new IllegalArgumentException("record end " + endLsn + " must be after its start " + startLsn);
      }
    }

    @Override
    public NodeId node() {
      return proposer;
    }
  }

  /**
   * Append: the acceptor wrote WAL bytes {@code [beginLsn, endLsn)} of an append request of
   * {@code term} (its own term, whose elected message it accepted); {@code beginLsn} is its write
   * LSN before, {@code endLsn} after. Written, not yet flushed. Emit after the write returned,
   * once per request that wrote bytes; a request that is refused (stale term, gap, rewrite
   * below the write LSN) or carries no bytes emits nothing.
   */
  record Append(TenantTimeline timeline, NodeId acceptor, Term term, Lsn beginLsn, Lsn endLsn) implements OnTimeline {
    public Append {
      requireAll(timeline, acceptor, term, beginLsn, endLsn);
      requirePositive(term);
      if (!endLsn.isAfter(beginLsn)) {
        throw new IllegalArgumentException("append end " + endLsn + " must be after its begin " + beginLsn);
      }
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * AckFlush: the acceptor's fsync returned and {@code flushLsn} (its write LSN when the fsync
   * started) is durable; it acknowledges it in {@code term} (its own term, whose elected message
   * it accepted). Emit after the fsync returned, before the response carrying the flush LSN is
   * sent, for every such response (also when the flush LSN did not move).
   */
  record AckFlush(TenantTimeline timeline, NodeId acceptor, Term term, Lsn flushLsn) implements OnTimeline {
    public AckFlush {
      requireAll(timeline, acceptor, term, flushLsn);
      requirePositive(term);
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * AdvanceCommit: the proposer, elected in {@code term}, processed {@code acceptor}'s flush
   * acknowledgement of {@code term} reporting {@code flushLsn}; {@code commitLsn} is its commit
   * LSN after: the highest LSN that a majority has flushed, counting an acceptor only once its
   * acknowledged flush LSN reached the term's start LSN, and never lower than before. Emit for
   * every acknowledgement of the current term it processes, whether or not the commit LSN moved.
   */
  record AdvanceCommit(TenantTimeline timeline, NodeId proposer, Term term, NodeId acceptor, Lsn flushLsn,
      Lsn commitLsn) implements OnTimeline {
    public AdvanceCommit {
      requireAll(timeline, proposer, term, acceptor, flushLsn, commitLsn);
      requirePositive(term);
    }

    @Override
    public NodeId node() {
      return proposer;
    }
  }

  /**
   * LearnCommit: the acceptor's commit LSN rose to {@code commitLsn} on an append request (or
   * heartbeat) of {@code term}, its own accepted term: {@code commitLsn = max(old commit LSN,
   * min(the request's commit LSN, its flush LSN))}. The acceptor's commit LSN never decreases,
   * also across a crash: emit once the new value is durable, and only when it rose.
   */
  record LearnCommit(TenantTimeline timeline, NodeId acceptor, Term term, Lsn commitLsn) implements OnTimeline {
    public LearnCommit {
      requireAll(timeline, acceptor, term, commitLsn);
      requirePositive(term);
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * AcceptorCrash: the safekeeper process {@code acceptor} crashed; on every timeline it hosts
   * whatever was not durable is gone (WAL written but not flushed, an unpersisted term). Emitted
   * by whoever kills the node (the simulator), at the instant of the crash.
   */
  record AcceptorCrash(NodeId acceptor) implements TraceEvent {
    public AcceptorCrash {
      requireAll(acceptor);
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * AcceptorRestart: after a crash, the acceptor rebuilt {@code timeline} from its disk alone:
   * its durable {@code term}, {@code flushLsn} (the end of valid WAL its reader found),
   * {@code commitLsn} and {@code history}. Emit once per timeline when the restarted node has
   * loaded it, before it processes any message of that timeline. The specification checks that
   * these equal the values that were durable at the crash.
   */
  record AcceptorRestart(TenantTimeline timeline, NodeId acceptor, Term term, Lsn flushLsn, Lsn commitLsn,
      List<TermSwitch> history) implements OnTimeline {
    public AcceptorRestart {
      requireAll(timeline, acceptor, term, flushLsn, commitLsn);
      history = TermSwitch.checkedHistory(history);
    }

    @Override
    public NodeId node() {
      return acceptor;
    }
  }

  /**
   * ProposerCrash: the proposer (the compute's walproposer) crashed or gave up; all its state is
   * gone and its next incarnation starts again by greeting. Connections to it are reset, so
   * responses still in flight to it are lost. Emitted at the instant of the crash, in every phase,
   * greeting included (what an incarnation was greeted with must not count for the next one);
   * once per incarnation (a crash after it gave up emits nothing more).
   */
  record ProposerCrash(NodeId proposer) implements TraceEvent {
    public ProposerCrash {
      requireAll(proposer);
    }

    @Override
    public NodeId node() {
      return proposer;
    }
  }

  /** The timeline of a per-timeline event; empty for crashes, which hit every timeline of a node. */
  default Optional<TenantTimeline> timelineOf() {
    return this instanceof OnTimeline e ? Optional.of(e.timeline()) : Optional.empty();
  }

  private static void requireAll(Object... fields) {
    for (Object f : fields) {
      Objects.requireNonNull(f, "trace event field");
    }
  }

  private static void requirePositive(Term term) {
    if (term.value() == 0) {
      throw new IllegalArgumentException("term 0 means 'never voted'; protocol steps happen in terms >= 1");
    }
  }
}
