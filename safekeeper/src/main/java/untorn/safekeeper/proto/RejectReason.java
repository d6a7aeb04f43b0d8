package untorn.safekeeper.proto;

/**
 * RejectReason says why an acceptor refused a message. Codes are part of the wire format: never
 * renumber them. Every refusal leaves the acceptor's durable state as it was.
 */
public enum RejectReason {
  /** The message's term is below the term the acceptor promised. */
  STALE_TERM(1),
  /** An elected message for a term the acceptor never voted for. */
  NOT_VOTED(2),
  /** An append before the acceptor adopted the proposer's history (no elected message yet). */
  NOT_ELECTED(3),
  /** An append that starts above the acceptor's WAL end: it would leave a gap. */
  GAP(4),
  /** An append that starts below the acceptor's WAL end: it would rewrite flushed WAL. */
  OVERLAP(5),
  /** WAL bytes that are not whole, valid records chaining onto the acceptor's last record. */
  MALFORMED_WAL(6),
  /** A term history that contradicts the acceptor's (one term, two start points). */
  HISTORY_MISMATCH(7),
  /** An elected message whose streaming start differs from the acceptor's own common point. */
  BAD_START(8),
  /** A message for a (tenant, timeline) this acceptor does not host. */
  UNKNOWN_TIMELINE(9),
  /** The timeline's durable state failed its checks at startup; it refuses to serve. */
  TIMELINE_BROKEN(10),
  /** The disk is full: nothing was written. */
  DISK_FULL(11),
  /**
   * The requested WAL was removed (below the pageserver's persisted LSN and the peer horizon); the
   * rejection's flush LSN field carries where the acceptor's WAL now starts.
   */
  WAL_REMOVED(12),
  /** Stored WAL failed its checksums where it should be valid. */
  STORAGE_CORRUPT(13),
  /** The bytes were not a valid message (decoding failed). */
  MALFORMED_MESSAGE(14),
  /** A valid message that an acceptor does not take (a reply sent to an acceptor). */
  UNEXPECTED_MESSAGE(15),
  /** A WAL read range outside what the acceptor holds. */
  BAD_RANGE(16);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The reason of a code, or null if unknown. */
  public static RejectReason ofCode(int code) {
    for (RejectReason r : values()) {
      if (r.code == code) {
        return r;
      }
    }
    return null;
  }
}
