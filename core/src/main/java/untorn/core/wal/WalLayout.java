package untorn.core.wal;

import untorn.core.Limits;

/**
 * WalLayout is the geometry of a WAL stream: 8 KiB WAL pages grouped into segments (16 MiB by
 * default; tests use small segments so that records cross segment boundaries often).
 */
public record WalLayout(int segmentSizeBytes) {
  public static final WalLayout DEFAULT = new WalLayout(Limits.WAL_SEGMENT_SIZE_BYTES);

  public WalLayout {
    if (Integer.bitCount(segmentSizeBytes) != 1
        || segmentSizeBytes < Limits.WAL_SEGMENT_SIZE_BYTES_MIN
        || segmentSizeBytes % Limits.WAL_PAGE_SIZE_BYTES != 0) {
      throw new IllegalArgumentException("segment size must be a power of two of at least "
          + Limits.WAL_SEGMENT_SIZE_BYTES_MIN + " bytes: " + segmentSizeBytes);
    }
  }

  public long segmentNumber(long position) {
    return Long.divideUnsigned(position, segmentSizeBytes);
  }

  public int offsetInSegment(long position) {
    return (int) Long.remainderUnsigned(position, segmentSizeBytes);
  }

  public long segmentStart(long segmentNumber) {
    return segmentNumber * segmentSizeBytes;
  }

  public static int offsetInPage(long position) {
    return (int) (position & (Limits.WAL_PAGE_SIZE_BYTES - 1));
  }

  public static long pageStart(long position) {
    return position & ~((long) Limits.WAL_PAGE_SIZE_BYTES - 1);
  }

  public static long align(long position) {
    return (position + Limits.WAL_ALIGN_BYTES - 1) & ~((long) Limits.WAL_ALIGN_BYTES - 1);
  }

  /**
   * Where a record written at {@code position} (an aligned end of the previous record) has its
   * first header byte: past the page header if the position is a page start.
   */
  public static long recordStartAt(long position) {
    return offsetInPage(position) == 0 ? position + WalFormat.PAGE_HEADER_BYTES : position;
  }
}
