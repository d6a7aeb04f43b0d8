package untorn.safekeeper.proto;

import java.util.Arrays;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/** WalChunk carries WAL [{@code beginLsn}, {@code endLsn()}) of whole records from a donor. */
public record WalChunk(TenantTimeline timeline, Term term, Lsn beginLsn, byte[] wal) implements AcceptorMessage {
  public WalChunk {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    WalBatch.checkPayload("WAL chunk", beginLsn, wal);
  }

  public Lsn endLsn() {
    return beginLsn.plus(wal.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WalChunk c && timeline.equals(c.timeline) && term.equals(c.term) && beginLsn.equals(c.beginLsn)
        && Arrays.equals(wal, c.wal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeline, term, beginLsn, Arrays.hashCode(wal));
  }

  @Override
  public String toString() {
    return "WalChunk[" + timeline + " " + term + " " + beginLsn + ".." + endLsn() + "]";
  }
}
