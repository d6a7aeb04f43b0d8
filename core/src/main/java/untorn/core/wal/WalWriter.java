package untorn.core.wal;

import java.io.ByteArrayOutputStream;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;

/**
 * WalWriter appends records to a {@link SegmentedWal}: it encodes them, buffers the bytes, and
 * writes and syncs on request. {@link #append} returns the record's place in the stream; nothing
 * is durable before {@link #sync} returns. Not thread-safe.
 */
public final class WalWriter {
  /** Buffered bytes beyond which {@link #append} writes them out (still without syncing). */
  public static final int BUFFER_BYTES_MAX = 1 << 20;

  private final SegmentedWal wal;
  private final WalEncoder encoder;
  private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
  /** Stream position of the first pending byte. */
  private Lsn pendingStart;
  private WalEnd recovered;

  private WalWriter(SegmentedWal wal, Lsn position, Lsn prevLsn) {
    this.wal = wal;
    this.encoder = new WalEncoder(position, prevLsn);
    this.pendingStart = position;
  }

  /** A writer for a new, empty WAL starting at LSN 0. */
  public static WalWriter create(SegmentedWal wal) throws StorageException {
    if (!wal.segments().isEmpty()) {
      throw new StorageException(StorageException.Kind.ALREADY_EXISTS, "", "WAL directory already holds segments");
    }
    return new WalWriter(wal, Lsn.ZERO, Lsn.ZERO);
  }

  /**
   * Opens an existing WAL for appending: reads from {@code start} to the end of valid WAL, cuts
   * off whatever follows it (a torn or stale tail must never be mistaken for WAL later), and
   * continues there. {@code start} is a record boundary and {@code prevOfStart} the start LSN of
   * the record before it ({@link Lsn#ZERO} at the start of the stream): the first record read must
   * link to it, and a record appended right at {@code start} links to it. Returns the writer;
   * {@link #recoveredEnd()} says why reading stopped.
   */
  public static WalWriter openForAppend(SegmentedWal wal, Lsn start, Lsn prevOfStart) throws StorageException {
    WalReader reader = new WalReader(wal, start, prevOfStart);
    LoggedRecord last = null;
    for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
      last = r;
    }
    if (reader.end().reason() == WalStopReason.READ_ERROR) {
      throw new StorageException(StorageException.Kind.IO_ERROR, "", "cannot find the end of WAL: " + reader.end());
    }
    Lsn end = reader.position();
    wal.truncate(end);
    WalWriter w = new WalWriter(wal, end, last == null ? prevOfStart : last.startLsn());
    w.recovered = reader.end();
    return w;
  }

  /** {@link #openForAppend(SegmentedWal, Lsn, Lsn)} for a WAL read from the start of its stream. */
  public static WalWriter openForAppend(SegmentedWal wal, Lsn start) throws StorageException {
    if (!start.equals(Lsn.ZERO)) {
      // Without the prev-link of the record before start, the next record would link to 0/0.
      throw new IllegalArgumentException("opening WAL at " + start + " needs the start of the record before it");
    }
    return openForAppend(wal, start, Lsn.ZERO);
  }

  /** For a writer from {@link #openForAppend}: where and why recovery's read stopped. */
  public WalEnd recoveredEnd() {
    return recovered;
  }

  /** Encodes and buffers a record; returns its place in the stream. Not durable yet. */
  public LoggedRecord append(WalRecord record) throws StorageException {
    EncodedRecord e = encoder.encode(record);
    pending.write(e.bytes(), 0, e.bytes().length);
    if (pending.size() >= BUFFER_BYTES_MAX) {
      flush();
    }
    return e.logged();
  }

  /** Writes buffered bytes to the segment files (volatile). */
  public void flush() throws StorageException {
    if (pending.size() > 0) {
      byte[] bytes = pending.toByteArray();
      wal.write(pendingStart, bytes);
      pendingStart = pendingStart.plus(bytes.length);
      pending.reset();
    }
  }

  /** Flushes and syncs: every appended record is durable when this returns. */
  public void sync() throws StorageException {
    flush();
    wal.sync();
  }

  /** The end of the last appended record: where the next one goes. */
  public Lsn position() {
    return encoder.position();
  }

  public Lsn prevLsn() {
    return encoder.prevLsn();
  }
}
