package untorn.core.wal;

/** WalStopReason says why a {@link WalReader} stopped. */
public enum WalStopReason {
  /** The source ended exactly at a record boundary: clean end, more WAL may arrive. */
  END_OF_DATA(true, "end of available WAL"),
  /** The source ended inside a record: its tail was never written or is still arriving. */
  INCOMPLETE_RECORD(true, "incomplete record"),
  /** Zeroes where a record header should be: the usual end of WAL in a preallocated file. */
  ZERO_RECORD(false, "zeroes where a record should start"),
  /** A WAL page that should hold (part of) the next record is all zeroes. */
  ZEROED_PAGE(false, "zeroed page"),
  /** A WAL page header is wrong: torn write, bit rot, stale or misdirected page. */
  TORN_PAGE(false, "torn or corrupt page header"),
  /** A record header is implausible (length out of bounds, non-zero padding). */
  BAD_RECORD_HEADER(false, "invalid record header"),
  /** The record's prev-link does not point at the previous record. */
  BAD_PREV_LINK(false, "bad prev-link"),
  /** The record's CRC32C does not match its bytes. */
  BAD_CRC(false, "checksum mismatch"),
  /** A checksummed record whose body is inconsistent (a writer bug, or a checksum collision). */
  BAD_RECORD_BODY(false, "malformed record body"),
  /** The storage under the source failed to read. */
  READ_ERROR(false, "read error");

  private final boolean retryable;
  private final String description;

  WalStopReason(boolean retryable, String description) {
    this.retryable = retryable;
    this.description = description;
  }

  /** Whether reading again after more bytes arrive may continue (growing sources). */
  public boolean retryable() {
    return retryable;
  }

  /** True for a clean end of WAL rather than damage. */
  public boolean clean() {
    return this == END_OF_DATA || this == ZERO_RECORD;
  }

  public String description() {
    return description;
  }
}
