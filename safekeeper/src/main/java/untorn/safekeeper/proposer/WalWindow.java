package untorn.safekeeper.proposer;

import java.util.Arrays;
import untorn.core.Invariants;
import untorn.core.types.Lsn;

/**
 * WalWindow is the WAL a proposer holds for acceptors that have not flushed it yet: contiguous
 * stream bytes [{@link #startLsn}, {@link #endLsn}) and the record boundaries inside them, so that
 * appends are cut at record ends. Bytes arrive at the end (from the compute, or from the donor
 * during recovery) and leave from the front once every acceptor that needs them flushed them. Its
 * size is bounded by the caller ({@link untorn.safekeeper.Limits#PROPOSER_WINDOW_BYTES_MAX}).
 */
final class WalWindow {
  private byte[] buf = new byte[64 << 10];
  private int head;
  private int length;
  private long startLsn;
  private long lastRecordLsn;
  private boolean lastRecordKnown;
  /** Record boundaries in [startLsn, endLsn], ascending, in ends[endsHead, endsTail). */
  private long[] ends = new long[1024];
  private int endsHead;
  private int endsTail;

  /**
   * An empty window at {@code startLsn}, a record boundary; {@code lastRecordLsn} is the start of
   * the record that ends there, or null if not known.
   */
  WalWindow(Lsn startLsn, Lsn lastRecordLsn) {
    this.startLsn = startLsn.value();
    this.lastRecordKnown = lastRecordLsn != null;
    this.lastRecordLsn = lastRecordLsn == null ? 0 : lastRecordLsn.value();
    pushEnd(this.startLsn);
  }

  Lsn startLsn() {
    return Lsn.of(startLsn);
  }

  Lsn endLsn() {
    return Lsn.of(startLsn + length);
  }

  long sizeBytes() {
    return length;
  }

  /** The start of the last record, or null if the window is empty and its start's prev unknown. */
  Lsn lastRecordLsn() {
    return lastRecordKnown ? Lsn.of(lastRecordLsn) : null;
  }

  /** Appends bytes at the end: whole records ending at {@code recordEnds}, the last at the end. */
  void append(byte[] bytes, long[] recordEnds, Lsn lastRecordStart) {
    long end = startLsn + length + bytes.length;
    Invariants.check(recordEnds.length > 0 && recordEnds[recordEnds.length - 1] == end,
        "appended WAL must end at a record end");
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, head + length, bytes.length);
    length += bytes.length;
    for (long e : recordEnds) {
      Invariants.check(e > ends[endsTail - 1], "record ends must increase");
      pushEnd(e);
    }
    lastRecordLsn = lastRecordStart.value();
    lastRecordKnown = true;
  }

  boolean isRecordBoundary(Lsn lsn) {
    return Arrays.binarySearch(ends, endsHead, endsTail, lsn.value()) >= 0;
  }

  /**
   * Whole records from {@code from} (a record boundary in the window) up to the last record end
   * within {@code maxBytes}, or the first record alone if it is larger.
   */
  byte[] read(Lsn from, int maxBytes) {
    int i = Arrays.binarySearch(ends, endsHead, endsTail, from.value());
    Invariants.check(i >= 0, "read at %s, not a record boundary in the window", from);
    long limit = from.value() + maxBytes;
    int j = i + 1;
    if (j >= endsTail) {
      return new byte[0];
    }
    while (j + 1 < endsTail && ends[j + 1] <= limit) {
      j++;
    }
    int off = (int) (from.value() - startLsn);
    return Arrays.copyOfRange(buf, head + off, head + off + (int) (ends[j] - from.value()));
  }

  /** Drops the bytes below {@code lsn} (a record boundary in the window). */
  void trimTo(Lsn lsn) {
    if (lsn.value() <= startLsn) {
      return;
    }
    Invariants.check(lsn.value() <= startLsn + length && isRecordBoundary(lsn), "trim at %s outside the window", lsn);
    int drop = (int) (lsn.value() - startLsn);
    head += drop;
    length -= drop;
    startLsn = lsn.value();
    while (ends[endsHead] < startLsn) {
      endsHead++;
    }
  }

  private void ensure(int more) {
    if (head + length + more <= buf.length) {
      return;
    }
    int need = length + more;
    byte[] next = need <= buf.length / 2 ? buf : new byte[Math.max(need, buf.length * 2)];
    System.arraycopy(buf, head, next, 0, length);
    buf = next;
    head = 0;
  }

  private void pushEnd(long e) {
    if (endsTail == ends.length) {
      int live = endsTail - endsHead;
      long[] next = live <= ends.length / 2 ? ends : new long[ends.length * 2];
      System.arraycopy(ends, endsHead, next, 0, live);
      ends = next;
      endsHead = 0;
      endsTail = live;
    }
    ends[endsTail++] = e;
  }
}
