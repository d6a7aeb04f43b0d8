package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;

/**
 * PeerRecoveryRequest asks a peer acceptor for WAL the sender lacks. It carries the sender's term,
 * WAL end and history up to it; a peer answers only if it is in the same term and has adopted that
 * term's history, so the WAL it relays is exactly what the term's proposer would have sent.
 */
public record PeerRecoveryRequest(TenantTimeline timeline, Term term, Lsn flushLsn, Lsn lastRecordLsn,
    TermHistory history) implements PeerMessage {
  public PeerRecoveryRequest {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(flushLsn, "flushLsn");
    Objects.requireNonNull(lastRecordLsn, "lastRecordLsn");
    Objects.requireNonNull(history, "history");
    if (!history.upTo(flushLsn).equals(history)) {
      throw new IllegalArgumentException("a recovery request carries its history only up to its flush LSN");
    }
  }
}
