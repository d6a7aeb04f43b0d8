package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/**
 * AppendResponse reports an acceptor's durable WAL end in the proposer's term: it is sent only by
 * an acceptor that has adopted that term's history, and only after the fsync of every byte below
 * {@code flushLsn} returned. It answers {@link ProposerElected} and {@link AppendRequest}.
 */
public record AppendResponse(TenantTimeline timeline, Term term, Lsn flushLsn, Lsn commitLsn) implements AcceptorMessage {
  public AppendResponse {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(flushLsn, "flushLsn");
    Objects.requireNonNull(commitLsn, "commitLsn");
    if (commitLsn.isAfter(flushLsn)) {
      throw new IllegalArgumentException("commit LSN " + commitLsn + " above flush LSN " + flushLsn);
    }
  }
}
