package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;

/**
 * VoteResponse answers a {@link VoteRequest} (Paxos phase 1b). If {@code granted}, the acceptor
 * has durably promised {@code term} and reports what it holds: its WAL end ({@code flushLsn}, a
 * record end), the start of its last record, its commit LSN and its term history up to its flush
 * LSN. If not, {@code term} is the higher or equal term it already promised.
 */
public record VoteResponse(TenantTimeline timeline, Term term, boolean granted, Lsn flushLsn, Lsn lastRecordLsn,
    Lsn commitLsn, TermHistory history) implements AcceptorMessage {
  public VoteResponse {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(flushLsn, "flushLsn");
    Objects.requireNonNull(lastRecordLsn, "lastRecordLsn");
    Objects.requireNonNull(commitLsn, "commitLsn");
    Objects.requireNonNull(history, "history");
    if (commitLsn.isAfter(flushLsn)) {
      throw new IllegalArgumentException("commit LSN " + commitLsn + " above flush LSN " + flushLsn);
    }
    if (lastRecordLsn.isAfter(flushLsn)) {
      throw new IllegalArgumentException("last record " + lastRecordLsn + " above flush LSN " + flushLsn);
    }
    if (!history.upTo(flushLsn).equals(history)) {
      throw new IllegalArgumentException("a vote reports its history only up to its flush LSN " + flushLsn);
    }
    if (history.lastTerm().isAfter(term)) {
      throw new IllegalArgumentException("history term " + history.lastTerm() + " above the acceptor's term " + term);
    }
  }
}
