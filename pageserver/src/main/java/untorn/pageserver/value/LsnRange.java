package untorn.pageserver.value;

import java.util.Objects;
import untorn.core.types.Lsn;

/**
 * LsnRange is a half-open range [start, end) of LSNs. A layer with range [s, e) holds versions
 * whose LSN is at least s and below e; an open in-memory layer has end {@link Lsn#MAX}.
 */
public record LsnRange(Lsn start, Lsn end) {
  public LsnRange {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException("bad LSN range [" + start + ", " + end + ")");
    }
  }

  public static LsnRange of(long start, long end) {
    return new LsnRange(Lsn.of(start), Lsn.of(end));
  }

  public boolean contains(Lsn lsn) {
    return lsn.atLeast(start) && lsn.isBefore(end);
  }

  /** The highest LSN a version in this range can have (end - 1), or ZERO for an empty range. */
  public Lsn last() {
    return end.equals(start) ? start : Lsn.of(end.value() - 1);
  }

  public boolean isEmpty() {
    return start.equals(end);
  }

  public boolean covers(LsnRange other) {
    return start.compareTo(other.start) <= 0 && other.end.compareTo(end) <= 0;
  }

  @Override
  public String toString() {
    return "[" + start + ", " + end + ")";
  }
}
