package untorn.pageserver.value;

import untorn.core.types.PageKey;

/**
 * KeyRange is a half-open range [start, end) of packed page keys ({@link PageKey#packed()},
 * whose signed order is the key order; every key packs to a non-negative long).
 */
public record KeyRange(long start, long end) {
  /** Every key. */
  public static final KeyRange ALL = new KeyRange(0, Long.MAX_VALUE);

  public KeyRange {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("bad key range [" + Long.toHexString(start) + ", " + Long.toHexString(end) + ")");
    }
  }

  /** The smallest range holding keys from {@code first} to {@code last}, both included. */
  public static KeyRange spanning(PageKey first, PageKey last) {
    return new KeyRange(first.packed(), last.packed() + 1);
  }

  public boolean contains(PageKey key) {
    return contains(key.packed());
  }

  public boolean contains(long packed) {
    return packed >= start && packed < end;
  }

  public boolean overlaps(KeyRange other) {
    return start < other.end && other.start < end;
  }

  public boolean covers(KeyRange other) {
    return start <= other.start && other.end <= end;
  }

  public boolean isEmpty() {
    return start == end;
  }

  @Override
  public String toString() {
    return String.format("[%016X, %016X)", start, end);
  }
}
