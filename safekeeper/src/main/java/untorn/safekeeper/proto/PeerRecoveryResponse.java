package untorn.safekeeper.proto;

import java.util.Arrays;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;

/**
 * PeerRecoveryResponse relays WAL [{@code beginLsn}, {@code endLsn()}) of the proposer of {@code
 * term} from a peer that adopted that term's {@code history}. The receiver treats it as that
 * proposer's elected message followed by an append, and applies the same checks.
 */
public record PeerRecoveryResponse(TenantTimeline timeline, Term term, TermHistory history, Lsn commitLsn, Lsn beginLsn,
    byte[] wal) implements PeerMessage {
  public PeerRecoveryResponse {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(commitLsn, "commitLsn");
    if (history.isEmpty() || !history.lastTerm().equals(term)) {
      throw new IllegalArgumentException("a recovery donor's history must end with its term " + term + ": " + history);
    }
    WalBatch.checkPayload("recovery WAL", beginLsn, wal);
  }

  public Lsn endLsn() {
    return beginLsn.plus(wal.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PeerRecoveryResponse r && timeline.equals(r.timeline) && term.equals(r.term)
        && history.equals(r.history) && commitLsn.equals(r.commitLsn) && beginLsn.equals(r.beginLsn)
        && Arrays.equals(wal, r.wal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeline, term, history, commitLsn, beginLsn, Arrays.hashCode(wal));
  }

  @Override
  public String toString() {
    return "PeerRecoveryResponse[" + timeline + " " + term + " " + beginLsn + ".." + endLsn() + " commit=" + commitLsn + "]";
  }
}
