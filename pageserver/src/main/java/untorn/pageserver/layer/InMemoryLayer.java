package untorn.pageserver.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * InMemoryLayer holds the deltas ingest decoded since the last freeze: one writer (ingest), any
 * number of lock-free readers.
 *
 * <p>Each page has an append-only chain of versions in LSN order. The writer stores a new version
 * in the chain's arrays at index {@code count}, then publishes an immutable {@link Chain} view
 * with {@code count + 1} through a volatile field; readers read the view and only indices below
 * its count, which the writer never changes again. Growing copies the arrays into new ones, so a
 * reader of an old view keeps a consistent prefix. After {@link #freeze} the layer is immutable.
 */
public final class InMemoryLayer implements Layer {
  /** An immutable view of one page's versions: indices below {@code count} are final. */
  private record Chain(long[] lsns, Value[] values, int count) {}

  /** The per-page cell the writer republishes on every append. */
  private static final class Cell {
    volatile Chain chain;
  }

  // LSNs are kept as primitive longs here: the layer is model-checked by Lincheck, which cannot
  // walk objects of record classes with static fields (Lsn.ZERO) reachable from a test instance.
  private final long start;
  private final ConcurrentHashMap<PageKey, Cell> cells = new ConcurrentHashMap<>();
  private volatile long end = OPEN;
  private volatile long sizeBytes;
  private volatile long versionCount;
  /** Writer-only: the LSN of the last put, to check that ingest is in order. */
  private long lastLsn;
  /** Writer-only: start LSN of the last WAL record ingested into this layer (for restart). */
  private long lastRecordStart;

  /** The end of an open layer: {@link Lsn#MAX}. */
  private static final long OPEN = -1L;

  /** An open layer for versions with LSN at least {@code start}. */
  public InMemoryLayer(Lsn start) {
    Invariants.check(start.value() != OPEN, "open layer cannot start at MAX");
    this.start = start.value();
  }

  /** Adds a version; LSNs never decrease and a page gets each LSN at most once. Writer only. */
  public void put(Version v) {
    if (isFrozen()) {
      throw Invariants.fail("put into frozen layer %s", name());
    }
    Invariants.check(v.lsn().atLeast(start()) && v.lsn().atLeast(Lsn.of(lastLsn)), "version %s at %s out of order (layer start %s,"
        + " last %s)", v.key(), v.lsn(), start(), Lsn.of(lastLsn));
    Cell cell = cells.computeIfAbsent(v.key(), k -> new Cell());
    Chain c = cell.chain;
    if (c == null) {
      c = new Chain(new long[4], new Value[4], 0);
    } else {
      Invariants.check(v.lsn().isAfter(Lsn.of(c.lsns[c.count - 1])), "page %s got two versions at %s", v.key(), v.lsn());
    }
    if (c.count == c.lsns.length) {
      c = new Chain(Arrays.copyOf(c.lsns, c.count * 2), Arrays.copyOf(c.values, c.count * 2), c.count);
    }
    c.lsns[c.count] = v.lsn().value();
    c.values[c.count] = v.value();
    cell.chain = new Chain(c.lsns, c.values, c.count + 1);
    lastLsn = v.lsn().value();
    sizeBytes = sizeBytes + v.value().sizeBytes() + 16;
    versionCount = versionCount + 1;
  }

  /** Records the start LSN of the last record ingested (the prev-link to resume after it). */
  public void noteRecordStart(Lsn recordStart) {
    lastRecordStart = recordStart.value();
  }

  public Lsn lastRecordStart() {
    return Lsn.of(lastRecordStart);
  }

  /** Closes the layer at {@code endExclusive}: no more puts; every version is below it. */
  public void freeze(Lsn endExclusive) {
    if (isFrozen()) {
      throw Invariants.fail("layer %s frozen twice", name());
    }
    Invariants.check(endExclusive.isAfter(Lsn.of(lastLsn)) && endExclusive.isAfter(start()) && endExclusive.value() != OPEN,
        "freeze at %s below content (start %s, last %s)", endExclusive, start(), Lsn.of(lastLsn));
    end = endExclusive.value();
  }

  public boolean isFrozen() {
    return end != OPEN;
  }

  public Lsn start() {
    return Lsn.of(start);
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public long versionCount() {
    return versionCount;
  }

  public boolean isEmpty() {
    return versionCount == 0;
  }

  @Override
  public LayerKind kind() {
    return LayerKind.DELTA;
  }

  @Override
  public KeyRange keys() {
    return KeyRange.ALL;
  }

  @Override
  public LsnRange lsns() {
    return new LsnRange(start(), Lsn.of(end));
  }

  @Override
  public String name() {
    long e = end;
    return "inmem-" + start() + "-" + (e == OPEN ? "open" : Lsn.of(e).toString());
  }

  @Override
  public void collect(PageKey key, Lsn above, Lsn upTo, VersionSink sink) {
    Cell cell = cells.get(key);
    Chain c = cell == null ? null : cell.chain;
    if (c == null) {
      return;
    }
    for (int i = c.count - 1; i >= 0; i--) {
      long lsn = c.lsns[i];
      if (Long.compareUnsigned(lsn, above.value()) <= 0) {
        return;
      }
      if (Long.compareUnsigned(lsn, upTo.value()) <= 0) {
        Value v = c.values[i];
        sink.accept(Lsn.of(lsn), v);
        if (v.startsChain()) {
          return;
        }
      }
    }
  }

  /** The pages with versions, in key order. For flushing a frozen layer. */
  public List<PageKey> sortedKeys() {
    List<PageKey> keys = new ArrayList<>(cells.keySet());
    keys.sort(null);
    return keys;
  }

  /** Every version of a page, oldest first. */
  public List<Version> versions(PageKey key) {
    Cell cell = cells.get(key);
    Chain c = cell == null ? null : cell.chain;
    List<Version> out = new ArrayList<>();
    for (int i = 0; c != null && i < c.count; i++) {
      out.add(new Version(key, Lsn.of(c.lsns[i]), c.values[i]));
    }
    return out;
  }

  @Override
  public String toString() {
    return name();
  }
}
