package untorn.safekeeper.trace;

import java.util.List;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;

/**
 * ProtocolEvent is one step of the safekeeper protocol as the TLA+ spec names its actions, emitted
 * by the implementation for trace validation and for the torture suite's checkers. Acceptor events
 * are emitted only once the state they describe is durable (after the fsync that made it so), and
 * before any message that depends on it is sent; proposer events when the proposer's state
 * changed. {@code node} is the process that took the step.
 */
public sealed interface ProtocolEvent {
  NodeId node();

  TenantTimeline timeline();

  /** An acceptor durably promised {@code term} and granted its vote (spec: vote). */
  record Voted(NodeId node, TenantTimeline timeline, Term term, Lsn flushLsn, Term lastLogTerm) implements ProtocolEvent {
    public Voted {
      Objects.requireNonNull(node);
      Objects.requireNonNull(timeline);
    }
  }

  /**
   * A proposer won the election of {@code term} with {@code voters}; it took {@code donor}'s WAL,
   * so its term starts at {@code termStartLsn} with {@code history} (spec: become leader).
   */
  record Elected(NodeId node, TenantTimeline timeline, Term term, NodeId donor, Lsn termStartLsn, TermHistory history,
      List<NodeId> voters) implements ProtocolEvent {
    public Elected {
      voters = List.copyOf(voters);
    }
  }

  /**
   * An acceptor accepted the elected message of {@code term}: it durably cut its WAL at {@code
   * truncateLsn} (the highest common point) and then durably adopted {@code history} (spec:
   * truncate / accept elected). {@code removedBytes} is how much WAL the cut removed.
   */
  record Truncated(NodeId node, TenantTimeline timeline, Term term, Lsn truncateLsn, long removedBytes,
      TermHistory history) implements ProtocolEvent {}

  /**
   * An acceptor durably stored WAL [{@code beginLsn}, {@code endLsn}) of {@code term}, {@code
   * records} whole records; its fsync returned, and a flush acknowledgement of {@code endLsn}
   * follows (spec: append / flush ack). {@code fromPeer} marks WAL relayed by peer recovery.
   */
  record Appended(NodeId node, TenantTimeline timeline, Term term, Lsn beginLsn, Lsn endLsn, int records,
      boolean fromPeer) implements ProtocolEvent {}

  /** An acceptor's durable commit LSN advanced to {@code commitLsn} (spec: acceptor commit). */
  record AcceptorCommitted(NodeId node, TenantTimeline timeline, Term term, Lsn commitLsn) implements ProtocolEvent {}

  /**
   * A proposer's commit LSN advanced: {@code flushLsns} of a quorum, each at or after the term
   * start, reached it (spec: commit).
   */
  record ProposerCommitted(NodeId node, TenantTimeline timeline, Term term, Lsn commitLsn, List<NodeId> quorum)
      implements ProtocolEvent {
    public ProposerCommitted {
      quorum = List.copyOf(quorum);
    }
  }

  /** A proposer gave up: a higher term exists, or it timed out. */
  record Defeated(NodeId node, TenantTimeline timeline, Term term, Term seenTerm, String reason) implements ProtocolEvent {}

  /**
   * An acceptor's timeline was rebuilt from disk at a (re)start: everything not durable before is
   * gone (spec: crash and restart). The fields are what it recovered.
   */
  record Restarted(NodeId node, TenantTimeline timeline, Term term, Lsn flushLsn, Lsn commitLsn, TermHistory history)
      implements ProtocolEvent {}
}
