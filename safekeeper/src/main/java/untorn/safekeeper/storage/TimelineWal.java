package untorn.safekeeper.storage;

import java.util.Objects;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalEnd;
import untorn.core.wal.WalLayout;
import untorn.core.wal.WalReader;
import untorn.core.wal.WalStopReason;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;

/**
 * TimelineWal is an acceptor's WAL for one timeline: stream bytes in segment files through {@code
 * core}'s {@link SegmentedWal}, received as bytes from the proposer (never re-encoded), and read
 * back with {@code core}'s {@link WalReader}. Writes are volatile until {@link #sync}; truncation
 * and removal are durable when they return. Not thread-safe.
 */
public final class TimelineWal implements AutoCloseable {
  private final FileSystem fs;
  private final String directory;
  private final SegmentedWal wal;

  /**
   * What the restart scan found: the end of valid WAL and the start of the last record, why the
   * scan stopped, how many stored bytes after the end it cut off, and how many WAL bytes below the
   * end it wrote again to make them durable ({@link #recover}).
   */
  public record Recovered(Lsn flushLsn, Lsn lastRecordLsn, WalEnd end, long cutBytes, long rewrittenBytes) {}

  /** A read of whole records: {@code bytes} are the stream bytes [{@code from}, {@code end}). */
  public record Read(Lsn from, Lsn end, byte[] bytes, int records) {}

  public TimelineWal(FileSystem fs, String directory, WalLayout layout) throws StorageException {
    this.fs = fs;
    this.directory = directory;
    this.wal = new SegmentedWal(fs, directory, layout);
  }

  public WalLayout layout() {
    return wal.layout();
  }

  /**
   * Finds the end of valid WAL from {@code localStart} (whose record must chain onto {@code
   * localStartPrev}) and durably cuts off whatever follows it: a torn tail, an incomplete record,
   * or segments a crash resurrected. Only the cut makes it safe to append there later: a stale
   * tail left in place could be read as valid WAL once new records reach it. If the valid WAL ends
   * below {@code durableBelow} (committed WAL does not read back, the timeline will be refused) it
   * changes nothing on disk and returns that end.
   *
   * <p>Then it makes the WAL it keeps durable, because the acceptor reports its end as its flush
   * LSN. The scan read the page cache, which after a crash of the process alone (a kill, or a halt
   * after a failed fsync) still holds writes that never reached the disk. An fsync is not enough
   * for those: after a failed fsync Linux marks the written pages clean although their content on
   * disk is unknown (fsyncgate), and that outlives the process, so a later fsync, ours included,
   * writes nothing. So every byte from {@code durableBelow} to the end is read and written again
   * (the pages become dirty again), then every segment and the directory are fsynced; a failure
   * throws, the node halts again and the next restart does the same.
   *
   * <p>{@code durableBelow} must be a position below which the WAL is known durable: the durable
   * control file's commit LSN. The acceptor persists a commit LSN only at or below its flush LSN
   * and only after the fsync that made that flush LSN durable (or after the restart that did, by
   * this rewrite), and nothing below its commit LSN is ever written, cut or removed again; its
   * first failed fsync halts it. So the WAL below it had a successful fsync covering bytes that
   * were dirty at the time, and a later failed fsync can only have touched a sector that straddles
   * it, with the same bytes below it in the old and in the new content. The cost is the WAL the
   * acceptor holds above the commit LSN it last learned: in one term at most the proposer's window
   * ({@link untorn.safekeeper.Limits#PROPOSER_WINDOW_BYTES_MAX}) above the commit LSN the last
   * append carried, one more window per election that commits nothing (a new proposer streams
   * from its term start, its commit LSN at zero until a quorum reaches it); never more than the
   * scan above has just read.
   */
  public Recovered recover(Lsn localStart, Lsn localStartPrev, Lsn durableBelow, Mutants mutants)
      throws StorageException {
    WalReader reader = new WalReader(wal, localStart, localStartPrev);
    Lsn last = localStartPrev;
    for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
      last = r.startLsn();
    }
    WalEnd end = reader.end();
    if (end.reason() == WalStopReason.READ_ERROR) {
      throw new StorageException(StorageException.Kind.IO_ERROR, "", "cannot find the end of WAL: " + end);
    }
    Lsn flush = reader.position();
    if (flush.isBefore(durableBelow)) {
      // WAL this acceptor knew committed does not read back, and the caller refuses the timeline.
      // Nothing is cut or written: the scan read the page cache, and the disk may still hold the
      // committed WAL (a cached copy damaged in memory, or left different from the disk by a failed
      // fsync); a cut here would be durable and make the loss permanent.
      return new Recovered(flush, last, end, 0, 0);
    }
    long cut = storedBytesAfter(flush);
    wal.truncate(flush);
    long rewritten = 0;
    if (!mutants.has(Mutant.SKIP_RESTART_SYNC)) { // Mutant: reports a flush LSN the disk may not hold.
      if (!mutants.has(Mutant.TRUST_PAGE_CACHE)) { // Mutant: fsyncs pages a failed fsync left clean.
        rewritten = rewrite(Lsn.max(durableBelow, localStart), flush);
      }
      syncAllSegments();
    }
    return new Recovered(flush, last, end, cut, rewritten);
  }

  /** Writes the stored bytes [from, to) again, unchanged, so that the next fsync writes them. */
  private long rewrite(Lsn from, Lsn to) throws StorageException {
    if (!from.isBefore(to)) {
      return 0;
    }
    byte[] chunk = new byte[(int) Math.min(Limits.RESTART_REWRITE_CHUNK_BYTES, to.minus(from))];
    long pos = from.value();
    // Bounded: each pass advances by at least one byte or throws.
    while (Long.compareUnsigned(pos, to.value()) < 0) {
      int want = (int) Math.min(chunk.length, to.value() - pos);
      int got = wal.read(pos, chunk, 0, want);
      if (got != want) {
        throw new StorageException(StorageException.Kind.CORRUPT, "",
            "WAL below the end " + to + " vanished at " + Lsn.of(pos + got) + " while it was written again");
      }
      wal.write(Lsn.of(pos), chunk, 0, got);
      pos += got;
    }
    return to.minus(from);
  }

  private void syncAllSegments() throws StorageException {
    for (long segment : wal.segments()) {
      String path = FileSystem.join(directory, SegmentedWal.segmentFileName(wal.layout().segmentStart(segment)));
      try (FileHandle h = fs.open(path)) {
        h.sync();
      }
    }
    fs.syncDirectory(directory);
  }

  private long storedBytesAfter(Lsn at) throws StorageException {
    long n = 0;
    byte[] probe = new byte[64 << 10];
    long pos = at.value();
    int got;
    // Bounded by the segment files present: stops at the first short read.
    while ((got = wal.read(pos, probe, 0, probe.length)) > 0) {
      n += got;
      pos += got;
      if (got < probe.length) {
        break;
      }
    }
    return n;
  }

  /**
   * Writes stream bytes at {@code begin} (volatile). If the write fails, the bytes written so far
   * are cut off again (durably) before the error is rethrown, so a failed write leaves nothing
   * behind that a later restart could mistake for WAL.
   */
  public void write(Lsn begin, byte[] bytes) throws StorageException {
    try {
      wal.write(begin, bytes);
    } catch (StorageException e) {
      if (e.kind() == StorageException.Kind.DISK_FULL) {
        wal.truncate(begin);
      }
      throw e;
    }
  }

  /** Makes every write durable. */
  public void sync() throws StorageException {
    wal.sync();
  }

  /** Durably removes every byte at and after {@code at}. */
  public void truncate(Lsn at) throws StorageException {
    wal.truncate(at);
  }

  /**
   * Reads whole records from {@code from} (a record boundary) while they end at or below {@code
   * upTo} and fit in {@code maxBytes} (the first record is returned even if it alone is larger).
   * The WAL below {@code upTo} must be valid: a stop before it is CORRUPT.
   */
  public Read read(Lsn from, Lsn upTo, int maxBytes) throws StorageException {
    WalReader reader = new WalReader(wal, from);
    Lsn end = from;
    int records = 0;
    while (end.isBefore(upTo)) {
      LoggedRecord r = reader.next();
      if (r == null) {
        throw new StorageException(StorageException.Kind.CORRUPT, "",
            "WAL below the flush LSN " + upTo + " is not readable: " + reader.end());
      }
      if (r.endLsn().isAfter(upTo) || (records > 0 && r.endLsn().minus(from) > maxBytes)) {
        break;
      }
      end = r.endLsn();
      records++;
    }
    byte[] bytes = new byte[Math.toIntExact(end.minus(from))];
    int got = wal.read(from.value(), bytes, 0, bytes.length);
    if (got != bytes.length) {
      throw new StorageException(StorageException.Kind.CORRUPT, "", "WAL vanished while reading " + from + ".." + end);
    }
    return new Read(from, end, bytes, records);
  }

  /**
   * The start of the record that ends exactly at {@code at}, scanning from {@code from} (a record
   * boundary at or below it whose record chains onto {@code fromPrev}); CORRUPT if no record ends
   * there.
   */
  public Lsn prevLinkAt(Lsn from, Lsn fromPrev, Lsn at) throws StorageException {
    if (at.equals(from)) {
      return fromPrev;
    }
    WalReader reader = new WalReader(wal, from, fromPrev);
    for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
      if (r.endLsn().equals(at)) {
        return r.startLsn();
      }
      if (r.endLsn().isAfter(at)) {
        break;
      }
    }
    throw new StorageException(StorageException.Kind.CORRUPT, "", "no record ends at " + at + " (" + reader.end() + ")");
  }

  /** Durably deletes the segment files that end at or below {@code lsn}; returns how many. */
  public int removeSegmentsEndingBy(Lsn lsn) throws StorageException {
    return wal.removeSegmentsBefore(lsn);
  }

  /** The first byte of the segment holding {@code lsn}. */
  public Lsn segmentStartOf(Lsn lsn) {
    WalLayout l = wal.layout();
    return Lsn.of(l.segmentStart(l.segmentNumber(lsn.value())));
  }

  /** Raw stream bytes [from, from+length), for checkers and tests; fewer where the WAL ends. */
  public byte[] rawBytes(Lsn from, int length) throws StorageException {
    Objects.requireNonNull(from);
    byte[] out = new byte[length];
    int got = wal.read(from.value(), out, 0, length);
    return got == length ? out : java.util.Arrays.copyOf(out, got);
  }

  @Override
  public void close() throws StorageException {
    wal.close();
  }
}
