package untorn.safekeeper.proto;

import untorn.core.types.Lsn;
import untorn.safekeeper.Limits;
import untorn.core.wal.WalSource;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalReader;
import untorn.core.wal.WalStopReason;

/**
 * WalBatch checks that the WAL bytes of a message are whole, valid records that start at {@code
 * beginLsn} and chain onto the record at {@code expectedPrevLsn}, with {@code core}'s reader: every
 * page header, record checksum, prev-link and padding byte is verified before the bytes reach a
 * disk. An acceptor's flush LSN is therefore always a record end, and a restart's reader finds
 * every byte it acknowledged.
 */
public record WalBatch(Lsn beginLsn, Lsn endLsn, Lsn lastRecordLsn, long[] recordEnds) {

  /** Thrown when the bytes are not such records; says where and why. */
  public static final class MalformedWalException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedWalException(String message) {
      super(message);
    }
  }

  public int records() {
    return recordEnds.length;
  }

  /**
   * Checks the WAL payload fields every message carrying WAL has: at most {@link
   * Limits#MESSAGE_WAL_BYTES_MAX} bytes, starting at a record boundary, not past the LSN range.
   */
  static void checkPayload(String what, Lsn beginLsn, byte[] wal) {
    java.util.Objects.requireNonNull(beginLsn, "beginLsn");
    java.util.Objects.requireNonNull(wal, "wal");
    if (wal.length > Limits.MESSAGE_WAL_BYTES_MAX) {
      throw new IllegalArgumentException(wal.length + " WAL bytes exceed " + Limits.MESSAGE_WAL_BYTES_MAX);
    }
    if (untorn.core.wal.WalLayout.align(beginLsn.value()) != beginLsn.value()) {
      throw new IllegalArgumentException(what + " at " + beginLsn + " does not start at a record boundary");
    }
    beginLsn.plus(wal.length); // throws on LSN overflow
  }

  /**
   * Parses {@code wal} as stream bytes at {@code beginLsn}; throws unless it is all whole records.
   * A null {@code expectedPrevLsn} accepts any prev-link on the first record (a reader that does
   * not know what precedes {@code beginLsn}).
   */
  public static WalBatch parse(Lsn beginLsn, byte[] wal, Lsn expectedPrevLsn) throws MalformedWalException {
    long base = beginLsn.value();
    // The message's bytes as a WAL source in place: no copy, no window to allocate.
    WalSource window = (position, destination, offset, length) -> {
      long rel = position - base;
      if (rel < 0 || rel >= wal.length) {
        return 0;
      }
      int n = (int) Math.min(length, wal.length - rel);
      System.arraycopy(wal, (int) rel, destination, offset, n);
      return n;
    };
    WalReader reader = new WalReader(window, beginLsn, expectedPrevLsn);
    Lsn last = expectedPrevLsn;
    long[] ends = new long[16];
    int records = 0;
    for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
      last = r.startLsn();
      if (records == ends.length) {
        ends = java.util.Arrays.copyOf(ends, records * 2);
      }
      ends[records++] = r.endLsn().value();
    }
    Lsn end = beginLsn.plus(wal.length);
    if (reader.end().reason() != WalStopReason.END_OF_DATA || !reader.position().equals(end)) {
      throw new MalformedWalException("WAL " + beginLsn + ".." + end + " is not whole valid records: " + reader.end());
    }
    return new WalBatch(beginLsn, end, last == null ? Lsn.ZERO : last, java.util.Arrays.copyOf(ends, records));
  }
}
