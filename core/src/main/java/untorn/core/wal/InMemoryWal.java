package untorn.core.wal;

import java.util.Arrays;
import untorn.core.types.Lsn;

/**
 * InMemoryWal is a contiguous window of the WAL stream held in memory, from {@code base} up to
 * {@link #end()}: what a compute streams out, what the pageserver buffers before ingest, and the
 * test double of {@link SegmentedWal}. Writes must not leave gaps. Not thread-safe.
 */
public final class InMemoryWal implements WalSource {
  /** A window larger than this is a bug of the caller (it should be streaming to segments). */
  public static final long MAX_WINDOW_BYTES = 1L << 30;

  private final long base;
  private byte[] data = new byte[64 * 1024];
  private int length;

  public InMemoryWal(Lsn base) {
    this.base = base.value();
  }

  public Lsn base() {
    return Lsn.of(base);
  }

  public Lsn end() {
    return Lsn.of(base + length);
  }

  /** Writes bytes at a stream position between base and end (overwriting) or exactly at end. */
  public void write(Lsn at, byte[] bytes, int offset, int len) {
    long rel = at.value() - base;
    if (rel < 0 || rel > length) {
      throw new IllegalArgumentException("write at " + at + " leaves a gap: window is [" + base() + ", " + end() + ")");
    }
    long newEnd = Math.max(length, rel + len);
    if (newEnd > MAX_WINDOW_BYTES) {
      throw new IllegalStateException("in-memory WAL window exceeds " + MAX_WINDOW_BYTES + " bytes");
    }
    if (newEnd > data.length) {
      data = Arrays.copyOf(data, (int) Math.min(MAX_WINDOW_BYTES, Math.max(newEnd, 2L * data.length)));
    }
    System.arraycopy(bytes, offset, data, (int) rel, len);
    length = (int) newEnd;
  }

  public void write(Lsn at, byte[] bytes) {
    write(at, bytes, 0, bytes.length);
  }

  public void append(EncodedRecord record) {
    write(record.writeStart(), record.bytes());
  }

  /** Drops everything at and after {@code at}. */
  public void truncate(Lsn at) {
    long rel = at.value() - base;
    if (rel < 0 || rel > length) {
      throw new IllegalArgumentException("truncate at " + at + " outside [" + base() + ", " + end() + "]");
    }
    Arrays.fill(data, (int) rel, length, (byte) 0);
    length = (int) rel;
  }

  /** A copy of the bytes in [from, to). */
  public byte[] bytes(Lsn from, Lsn to) {
    long a = from.value() - base;
    long b = to.value() - base;
    if (a < 0 || b > length || a > b) {
      throw new IllegalArgumentException("range [" + from + ", " + to + ") outside [" + base() + ", " + end() + ")");
    }
    return Arrays.copyOfRange(data, (int) a, (int) b);
  }

  @Override
  public int read(long position, byte[] destination, int offset, int len) {
    long rel = position - base;
    if (rel < 0 || rel >= length) {
      return 0;
    }
    int n = (int) Math.min(len, length - rel);
    System.arraycopy(data, (int) rel, destination, offset, n);
    return n;
  }
}
