package untorn.pageserver.ingest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalReader;
import untorn.pageserver.PageserverException;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * WalIngest decodes a committed WAL stream into versions. Not thread-safe: one ingest driver.
 *
 * <p>{@link #receive} appends stream bytes; they must continue the stream (a resend of bytes
 * already received is accepted if identical, so a reconnecting sender may start earlier).
 * {@link #decode} returns every whole record received so far. A damaged stream is a typed
 * {@code WAL_CORRUPT} error that persists until {@link #restart}, and no record past the damage
 * is ever returned. Bytes already decoded are dropped from the window as it advances, so memory
 * holds at most a partial record and the last chunk.
 */
public final class WalIngest {
  /** Decoded bytes kept before the window is cut down to the undecoded tail. */
  private static final int WINDOW_COMPACT_BYTES = 1 << 20;

  private InMemoryWal window;
  private WalReader reader;
  private Lsn lastRecordEnd;
  private Lsn lastRecordStart;
  private String failure;

  /**
   * Ingest resuming at {@code start} (a record boundary: the end of the last record already
   * ingested, or a timeline's start). {@code prevRecordStart} is that record's start LSN if known
   * (checked against the next record's prev-link), else null.
   */
  public WalIngest(Lsn start, Lsn prevRecordStart) {
    this.lastRecordEnd = start;
    this.lastRecordStart = prevRecordStart;
    resetWindow(start);
  }

  private void resetWindow(Lsn at) {
    window = new InMemoryWal(at);
    reader = new WalReader(window, at, lastRecordStart);
  }

  /** The end LSN of the last record decoded: ingest's position. */
  public Lsn lastRecordLsn() {
    return lastRecordEnd;
  }

  /** Start LSN of the last record decoded, or null if unknown (nothing decoded since a resume). */
  public Lsn lastRecordStart() {
    return lastRecordStart;
  }

  /** The end of the stream bytes received so far. */
  public Lsn receivedLsn() {
    return window.end();
  }

  /** Received bytes not yet decoded into whole records. */
  public long bufferedBytes() {
    return window.end().minus(lastRecordEnd);
  }

  /** Appends committed stream bytes at {@code at}. */
  public void receive(Lsn at, byte[] bytes, int offset, int length) throws PageserverException {
    Lsn end = window.end();
    if (at.isAfter(end)) {
      throw new PageserverException(PageserverException.Kind.WAL_GAP, "WAL at " + at + " leaves a gap after " + end);
    }
    long skip = at.isBefore(window.base()) ? Math.min(length, window.base().minus(at)) : 0;
    Lsn from = at.plus(skip);
    int overlap = (int) Math.min(length - skip, end.minus(from));
    if (overlap > 0 && !java.util.Arrays.equals(window.bytes(from, from.plus(overlap)), 0, overlap,
        bytes, (int) (offset + skip), (int) (offset + skip + overlap))) {
      throw new PageserverException(PageserverException.Kind.WAL_CORRUPT, "resent WAL at " + from + " differs from what was received");
    }
    int fresh = (int) (length - skip - overlap);
    if (fresh <= 0) {
      return;
    }
    if (window.end().minus(window.base()) + fresh > PageserverLimits.INGEST_BUFFER_BYTES_MAX) {
      throw new PageserverException(PageserverException.Kind.BACKPRESSURE, "ingest buffer would exceed "
          + PageserverLimits.INGEST_BUFFER_BYTES_MAX + " bytes; decode first");
    }
    window.write(end, bytes, (int) (offset + skip + overlap), fresh);
  }

  public void receive(Lsn at, byte[] bytes) throws PageserverException {
    receive(at, bytes, 0, bytes.length);
  }

  /**
   * Decodes up to {@code maxRecords} whole records received so far. Records before a damaged
   * spot are returned; the damage is reported by the next call.
   */
  public List<IngestedRecord> decode(int maxRecords) throws PageserverException {
    if (failure != null) {
      throw new PageserverException(PageserverException.Kind.WAL_CORRUPT, failure);
    }
    List<IngestedRecord> out = new ArrayList<>();
    while (out.size() < maxRecords) {
      LoggedRecord r = reader.next();
      if (r == null) {
        if (!reader.end().reason().retryable()) {
          failure = "committed WAL is damaged: " + reader.end();
          if (out.isEmpty()) {
            throw new PageserverException(PageserverException.Kind.WAL_CORRUPT, failure);
          }
        }
        break;
      }
      out.add(toVersions(r));
    }
    compactWindow();
    return out;
  }

  private IngestedRecord toVersions(LoggedRecord r) {
    Invariants.check(r.startLsn().atLeast(lastRecordEnd) && r.endLsn().isAfter(lastRecordEnd), "record at %s does not follow %s",
        r.startLsn(), lastRecordEnd);
    List<Version> versions = new ArrayList<>(r.record().blocks().size());
    Set<PageKey> seen = new HashSet<>();
    for (BlockRef b : r.record().blocks()) {
      if (seen.add(b.key())) {
        versions.add(new Version(b.key(), r.endLsn(), new Value.Delta(r.op(), r.startLsn(), b)));
      }
    }
    long walBytes = r.endLsn().minus(lastRecordEnd);
    lastRecordEnd = r.endLsn();
    lastRecordStart = r.startLsn();
    return new IngestedRecord(r, versions, walBytes);
  }

  private void compactWindow() {
    if (lastRecordEnd.minus(window.base()) < WINDOW_COMPACT_BYTES) {
      return;
    }
    byte[] tail = window.bytes(lastRecordEnd, window.end());
    resetWindow(lastRecordEnd);
    window.write(lastRecordEnd, tail);
  }

  /**
   * Drops every undecoded byte and clears a damage report: the sender resends from {@link
   * #lastRecordLsn()} (after reconnecting to a healthy safekeeper).
   */
  public void restart() {
    failure = null;
    resetWindow(lastRecordEnd);
  }
}
