package untorn.core.wal;

import untorn.core.Invariants;
import untorn.core.Limits;
import untorn.core.types.Lsn;

/**
 * WalEncoder turns records into WAL stream bytes (see {@link WalFormat}), tracking the stream
 * position and the prev-link. It does no I/O: callers send or store the bytes it returns. Not
 * thread-safe.
 */
public final class WalEncoder {
  private long position;
  private long prevLsn;

  /**
   * An encoder that appends at {@code position} (an aligned record boundary, usually the end of
   * valid WAL) after the record that started at {@code prevLsn} (ZERO for a new stream).
   */
  public WalEncoder(Lsn position, Lsn prevLsn) {
    Invariants.check(WalLayout.align(position.value()) == position.value(), "WAL position %s is not aligned", position);
    Invariants.check(prevLsn.isBefore(position) || prevLsn.equals(Lsn.ZERO), "prev-link %s not before %s", prevLsn, position);
    this.position = position.value();
    this.prevLsn = prevLsn.value();
  }

  /** A new stream starting at LSN 0. */
  public static WalEncoder newStream() {
    return new WalEncoder(Lsn.ZERO, Lsn.ZERO);
  }

  /** Where the next record's bytes begin. */
  public Lsn position() {
    return Lsn.of(position);
  }

  public Lsn prevLsn() {
    return Lsn.of(prevLsn);
  }

  public EncodedRecord encode(WalRecord record) {
    long writeStart = position;
    long startLsn = WalLayout.recordStartAt(writeStart);
    byte[] rec = WalFormat.encodeRecord(record, prevLsn, startLsn);
    long end = endOf(startLsn, rec.length);
    byte[] out = new byte[Math.toIntExact(end - writeStart)];
    int o = 0;
    long pos = writeStart;
    if (WalLayout.offsetInPage(pos) == 0) {
      WalFormat.writePageHeader(out, o, pos, 0, 0);
      o += WalFormat.PAGE_HEADER_BYTES;
      pos += WalFormat.PAGE_HEADER_BYTES;
    }
    int copied = 0;
    while (true) {
      int room = Limits.WAL_PAGE_SIZE_BYTES - WalLayout.offsetInPage(pos);
      int n = Math.min(room, rec.length - copied);
      System.arraycopy(rec, copied, out, o, n);
      copied += n;
      o += n;
      pos += n;
      if (copied == rec.length) {
        break;
      }
      Invariants.check(WalLayout.offsetInPage(pos) == 0, "record split away from a page boundary");
      WalFormat.writePageHeader(out, o, pos, WalFormat.FLAG_CONTINUATION, rec.length - copied);
      o += WalFormat.PAGE_HEADER_BYTES;
      pos += WalFormat.PAGE_HEADER_BYTES;
    }
    // Padding bytes up to the aligned end are already zero.
    Invariants.check(WalLayout.align(pos) == end && o + (end - pos) == out.length,
        "encoded size mismatch: %d vs %d", o + (end - pos), out.length);
    LoggedRecord logged = new LoggedRecord(Lsn.of(startLsn), Lsn.of(end), Lsn.of(prevLsn), rec.length, record);
    prevLsn = startLsn;
    position = end;
    return new EncodedRecord(Lsn.of(writeStart), out, logged);
  }

  /** The aligned end of a record of {@code length} bytes whose header starts at {@code start}. */
  static long endOf(long start, int length) {
    long pos = start;
    long left = length;
    while (true) {
      long room = Limits.WAL_PAGE_SIZE_BYTES - WalLayout.offsetInPage(pos);
      if (left <= room) {
        return WalLayout.align(pos + left);
      }
      left -= room;
      pos += room + WalFormat.PAGE_HEADER_BYTES;
    }
  }
}
