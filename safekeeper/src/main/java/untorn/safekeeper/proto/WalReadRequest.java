package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.WalLayout;

/**
 * WalReadRequest asks the donor for WAL [{@code fromLsn}, {@code toLsn}) that the newly elected
 * proposer of {@code term} lacks (DESIGN §5 step 5). The donor answers with {@link WalChunk}s of
 * whole records, only while it is still in that term.
 */
public record WalReadRequest(TenantTimeline timeline, Term term, Lsn fromLsn, Lsn toLsn) implements ProposerMessage {
  public WalReadRequest {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(fromLsn, "fromLsn");
    Objects.requireNonNull(toLsn, "toLsn");
    if (fromLsn.isAfter(toLsn)) {
      throw new IllegalArgumentException("empty WAL range " + fromLsn + ".." + toLsn);
    }
    if (WalLayout.align(fromLsn.value()) != fromLsn.value()) {
      throw new IllegalArgumentException("WAL read at " + fromLsn + " does not start at a record boundary");
    }
  }
}
