package untorn.safekeeper.proto;

import java.util.Arrays;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Limits;

/** WalChunk carries WAL [{@code beginLsn}, {@code endLsn()}) of whole records from a donor. */
public record WalChunk(TenantTimeline timeline, Term term, Lsn beginLsn, byte[] wal) implements AcceptorMessage {
  public WalChunk {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(beginLsn, "beginLsn");
    Objects.requireNonNull(wal, "wal");
    if (wal.length > Limits.MESSAGE_WAL_BYTES_MAX) {
      throw new IllegalArgumentException(wal.length + " WAL bytes exceed " + Limits.MESSAGE_WAL_BYTES_MAX);
    }
    if (WalLayout.align(beginLsn.value()) != beginLsn.value()) {
      throw new IllegalArgumentException("WAL chunk at " + beginLsn + " does not start at a record boundary");
    }
    beginLsn.plus(wal.length);
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
