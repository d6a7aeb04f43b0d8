package untorn.core;

/**
 * Limits holds every size bound of the formats in {@code core}, in one place, with the relations
 * between them checked once when the class loads. Other modules keep their own {@code Limits}
 * (queue depths, chain lengths, in-flight bytes) in the same style.
 */
public final class Limits {
  private Limits() {}

  /** Size of a data page (PostgreSQL's BLCKSZ). */
  public static final int PAGE_SIZE_BYTES = 8192;

  /** Size of a WAL page (PostgreSQL's XLOG_BLCKSZ). */
  public static final int WAL_PAGE_SIZE_BYTES = 8192;

  /** Default WAL segment size (PostgreSQL's default wal_segment_size). */
  public static final int WAL_SEGMENT_SIZE_BYTES = 16 << 20;

  /** Smallest segment size accepted; tests use small segments to cross boundaries often. */
  public static final int WAL_SEGMENT_SIZE_BYTES_MIN = 2 * WAL_PAGE_SIZE_BYTES;

  /** WAL records start at multiples of this (PostgreSQL's MAXALIGN). */
  public static final int WAL_ALIGN_BYTES = 8;

  /** Block references one WAL record may carry. */
  public static final int WAL_BLOCKS_PER_RECORD_MAX = 32;

  /** Per-block redo data bytes one block reference may carry. */
  public static final int WAL_BLOCK_DATA_BYTES_MAX = PAGE_SIZE_BYTES;

  /** Main (record-level) data bytes. */
  public static final int WAL_MAIN_DATA_BYTES_MAX = 1 << 20;

  /** Record header plus body; a header claiming more is corrupt. */
  public static final int WAL_RECORD_BYTES_MAX = 2 << 20;

  /** Largest tuple a slotted page accepts. */
  public static final int TUPLE_BYTES_MAX = PAGE_SIZE_BYTES / 2;

  static {
    Invariants.check(Integer.bitCount(PAGE_SIZE_BYTES) == 1, "page size must be a power of two");
    Invariants.check(Integer.bitCount(WAL_PAGE_SIZE_BYTES) == 1, "WAL page size must be a power of two");
    Invariants.check(WAL_SEGMENT_SIZE_BYTES % WAL_PAGE_SIZE_BYTES == 0, "segment must hold whole WAL pages");
    Invariants.check(WAL_PAGE_SIZE_BYTES % WAL_ALIGN_BYTES == 0, "WAL pages must keep record alignment");
    // The 4-byte length of a record header always lies on the record's first WAL page.
    Invariants.check(WAL_ALIGN_BYTES >= 4, "alignment must keep a record's length field on one page");
    Invariants.check(PAGE_SIZE_BYTES <= 0xFFFF + 1, "page offsets must fit 16 bits");
    long worstRecord = 24L
        + (long) WAL_BLOCKS_PER_RECORD_MAX * (16 + WAL_BLOCK_DATA_BYTES_MAX + PAGE_SIZE_BYTES)
        + WAL_MAIN_DATA_BYTES_MAX;
    Invariants.check(worstRecord <= WAL_RECORD_BYTES_MAX, "the largest legal record (%d) must fit the limit", worstRecord);
  }
}
