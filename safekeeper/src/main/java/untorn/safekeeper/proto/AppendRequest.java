package untorn.safekeeper.proto;

import java.util.Arrays;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/**
 * AppendRequest carries WAL stream bytes [{@code beginLsn}, {@code endLsn()}) of the proposer of
 * {@code term}: whole records, exactly as the compute encoded them (page headers and padding
 * included). It also carries the proposer's commit LSN and its peer horizon (the LSN every
 * acceptor has flushed in this term). An empty request is a heartbeat that only moves those.
 */
public record AppendRequest(TenantTimeline timeline, Term term, Lsn beginLsn, Lsn commitLsn, Lsn peerHorizonLsn,
    byte[] wal) implements ProposerMessage {
  public AppendRequest {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(commitLsn, "commitLsn");
    Objects.requireNonNull(peerHorizonLsn, "peerHorizonLsn");
    WalBatch.checkPayload("append", beginLsn, wal);
  }

  public Lsn endLsn() {
    return beginLsn.plus(wal.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AppendRequest r && timeline.equals(r.timeline) && term.equals(r.term) && beginLsn.equals(r.beginLsn)
        && commitLsn.equals(r.commitLsn) && peerHorizonLsn.equals(r.peerHorizonLsn) && Arrays.equals(wal, r.wal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeline, term, beginLsn, commitLsn, peerHorizonLsn, Arrays.hashCode(wal));
  }

  @Override
  public String toString() {
    return "AppendRequest[" + timeline + " " + term + " " + beginLsn + ".." + endLsn() + " commit=" + commitLsn
        + " horizon=" + peerHorizonLsn + "]";
  }
}
