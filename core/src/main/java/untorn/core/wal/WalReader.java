package untorn.core.wal;

import java.util.ArrayList;
import java.util.List;
import untorn.core.Bytes;
import untorn.core.Limits;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;

/**
 * WalReader reads records in order from a {@link WalSource}, starting at a record boundary, and
 * stops at the first byte it cannot trust.
 *
 * <p>Every byte of a record's extent (its page header if it starts a page, its header and body,
 * the page headers it crosses, its padding) is checked: page headers by their own CRC32C, address
 * and continuation length; records by length bounds, CRC32C (which covers the record's start LSN)
 * and prev-link; padding must be zero.
 * So after any damage the reader returns exactly the records whose extent lies before it, and
 * {@link #end()} says why and where it stopped. It never throws on any byte sequence: a storage
 * error is a {@link WalStopReason#READ_ERROR} stop.
 *
 * <p>On a growing source, {@link #next()} may be called again after an {@code END_OF_DATA} or
 * {@code INCOMPLETE_RECORD} stop: it retries from the same position.
 */
public final class WalReader {
  private final WalSource source;
  private long position;
  private long expectedPrev;
  private boolean prevKnown;
  private WalEnd end;

  private final byte[] page = new byte[Limits.WAL_PAGE_SIZE_BYTES];
  private long cachedPage = -1;
  private int validFrom;
  private int validTo;

  /**
   * A reader from {@code start}, which is either a record's start LSN or an aligned record
   * boundary (the end LSN of the previous record). If {@code expectedPrev} is non-null, the first
   * record's prev-link must equal it.
   */
  public WalReader(WalSource source, Lsn start, Lsn expectedPrev) {
    if (WalLayout.align(start.value()) != start.value()) {
      throw new IllegalArgumentException("WAL reading must start at an aligned record boundary, not " + start);
    }
    this.source = source;
    this.position = start.value();
    this.prevKnown = expectedPrev != null;
    this.expectedPrev = expectedPrev == null ? 0 : expectedPrev.value();
  }

  public WalReader(WalSource source, Lsn start) {
    this(source, start, null);
  }

  /** The end of the last valid record returned (or the start): where valid WAL ends so far. */
  public Lsn position() {
    return Lsn.of(position);
  }

  /** Why reading stopped, or null if the last {@link #next()} returned a record. */
  public WalEnd end() {
    return end;
  }

  /** The next valid record, or null if reading stopped (see {@link #end()}). */
  public LoggedRecord next() {
    if (end != null) {
      if (!end.reason().retryable()) {
        return null;
      }
      end = null;
    }
    try {
      return read();
    } catch (Stop s) {
      end = new WalEnd(s.reason, Lsn.of(position), Lsn.of(s.at), s.detail);
    } catch (StorageException e) {
      end = new WalEnd(WalStopReason.READ_ERROR, Lsn.of(position), Lsn.of(position), e.getMessage());
    } catch (RuntimeException e) {
      // Defence in depth: no byte sequence may escape as an unchecked exception.
      end = new WalEnd(WalStopReason.BAD_RECORD_BODY, Lsn.of(position), Lsn.of(position), "reader error: " + e);
    }
    return null;
  }

  /** Every record up to the end of valid WAL, and where that is. */
  public record Scan(List<LoggedRecord> records, WalEnd end) {}

  public static Scan readAll(WalSource source, Lsn start) {
    WalReader reader = new WalReader(source, start);
    List<LoggedRecord> records = new ArrayList<>();
    for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
      records.add(r);
    }
    return new Scan(records, reader.end());
  }

  private LoggedRecord read() throws Stop, StorageException {
    long p = position;
    if (WalLayout.offsetInPage(p) == 0) {
      p = readPageHeader(p, position, -1);
    }
    long start = p;
    int off = WalLayout.offsetInPage(p);
    int avail = load(p, WalFormat.RECORD_HEADER_BYTES);
    if (avail == 0) {
      throw new Stop(WalStopReason.END_OF_DATA, start, "");
    }
    if (avail < 4) {
      throw new Stop(WalStopReason.INCOMPLETE_RECORD, start, "partial record header");
    }
    long total = Bytes.getU32(page, off);
    if (total == 0) {
      if (Bytes.isZero(page, off, off + avail)) {
        throw new Stop(WalStopReason.ZERO_RECORD, start, "");
      }
      throw new Stop(WalStopReason.BAD_RECORD_HEADER, start, "record length 0");
    }
    String bad = WalFormat.checkRecordHeader(total);
    if (bad != null) {
      throw new Stop(WalStopReason.BAD_RECORD_HEADER, start, bad);
    }
    byte[] rec = new byte[(int) total];
    int copied = 0;
    while (true) {
      int want = (int) Math.min(Limits.WAL_PAGE_SIZE_BYTES - WalLayout.offsetInPage(p), total - copied);
      int got = load(p, want);
      System.arraycopy(page, WalLayout.offsetInPage(p), rec, copied, got);
      copied += got;
      p += got;
      if (got < want) {
        throw new Stop(WalStopReason.INCOMPLETE_RECORD, start, copied + " of " + total + " bytes available");
      }
      if (copied == total) {
        break;
      }
      p = readPageHeader(p, start, total - copied);
    }
    long alignedEnd = WalLayout.align(p);
    if (alignedEnd > p) {
      int need = (int) (alignedEnd - p);
      int got = load(p, need);
      if (got < need) {
        throw new Stop(WalStopReason.INCOMPLETE_RECORD, start, "padding missing");
      }
      int po = WalLayout.offsetInPage(p);
      if (!Bytes.isZero(page, po, po + need)) {
        throw new Stop(WalStopReason.BAD_RECORD_HEADER, start, "non-zero padding after the record");
      }
    }
    if (!WalFormat.recordChecksumMatches(rec, start)) {
      throw new Stop(WalStopReason.BAD_CRC, start, "record CRC32C mismatch");
    }
    long prev = WalFormat.recordPrevLsn(rec);
    if (prevKnown && prev != expectedPrev) {
      throw new Stop(WalStopReason.BAD_PREV_LINK, start,
          "prev-link " + Lsn.of(prev) + " where " + Lsn.of(expectedPrev) + " was expected");
    }
    if (Long.compareUnsigned(prev, start) >= 0) {
      throw new Stop(WalStopReason.BAD_PREV_LINK, start, "prev-link " + Lsn.of(prev) + " does not point backwards");
    }
    WalRecord record;
    try {
      record = WalFormat.decodeBody(rec);
    } catch (WalFormat.MalformedRecord e) {
      throw new Stop(WalStopReason.BAD_RECORD_BODY, start, e.getMessage());
    }
    LoggedRecord logged = new LoggedRecord(Lsn.of(start), Lsn.of(alignedEnd), Lsn.of(prev), (int) total, record);
    position = alignedEnd;
    expectedPrev = start;
    prevKnown = true;
    return logged;
  }

  /**
   * Validates the page header at page start {@code p}; {@code remaining} is the continued
   * record's outstanding length, or -1 where a record must start. Returns the position after it.
   */
  private long readPageHeader(long p, long recordStart, long remaining) throws Stop, StorageException {
    int avail = load(p, WalFormat.PAGE_HEADER_BYTES);
    if (avail == 0 && remaining < 0) {
      throw new Stop(WalStopReason.END_OF_DATA, p, "");
    }
    if (avail < WalFormat.PAGE_HEADER_BYTES) {
      throw new Stop(WalStopReason.INCOMPLETE_RECORD, recordStart, "page header at " + Lsn.of(p) + " missing");
    }
    String bad = WalFormat.checkPageHeader(page, 0, p);
    if (bad != null) {
      WalStopReason reason = bad.equals("zeroed") ? WalStopReason.ZEROED_PAGE : WalStopReason.TORN_PAGE;
      throw new Stop(reason, p, "page " + Lsn.of(p) + ": " + bad);
    }
    int flags = WalFormat.pageFlags(page, 0);
    long rem = WalFormat.pageRemainingLength(page, 0);
    boolean continuation = (flags & WalFormat.FLAG_CONTINUATION) != 0;
    if (remaining < 0 && (continuation || rem != 0)) {
      throw new Stop(WalStopReason.TORN_PAGE, p, "page " + Lsn.of(p) + " continues a record where a new one should start");
    }
    if (remaining >= 0 && (!continuation || rem != remaining)) {
      throw new Stop(WalStopReason.TORN_PAGE, p, "page " + Lsn.of(p) + " does not continue the record at "
          + Lsn.of(recordStart) + " (remaining " + rem + ", expected " + remaining + ")");
    }
    return p + WalFormat.PAGE_HEADER_BYTES;
  }

  /** Makes up to n bytes at p (within p's page) available in {@link #page}; returns how many. */
  private int load(long p, int n) throws StorageException {
    long ps = WalLayout.pageStart(p);
    int off = WalLayout.offsetInPage(p);
    if (ps != cachedPage || off < validFrom || off + n > validTo) {
      int got = source.read(p, page, off, Limits.WAL_PAGE_SIZE_BYTES - off);
      cachedPage = ps;
      validFrom = off;
      validTo = off + Math.max(0, got);
    }
    return Math.max(0, Math.min(n, validTo - off));
  }

  /** A stop, carried out of the parsing code without a stack trace. */
  private static final class Stop extends Exception {
    private static final long serialVersionUID = 1L;
    final transient WalStopReason reason;
    final long at;
    final String detail;

    Stop(WalStopReason reason, long at, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
      this.at = at;
      this.detail = detail;
    }
  }
}
