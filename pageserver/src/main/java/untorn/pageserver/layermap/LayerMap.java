package untorn.pageserver.layermap;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.layer.InMemoryLayer;
import untorn.pageserver.layer.Layer;

/**
 * LayerMap holds a timeline's layers: the open in-memory layer, frozen in-memory layers waiting
 * for flush (oldest first), and historic layers (files, and quarantined stand-ins).
 *
 * <p>Concurrency: {@link #pin()} gives a reader the current snapshot and keeps the layers in it
 * alive until {@link #unpin}; every mutation builds a new snapshot under one lock and publishes it
 * with a volatile write. {@link #reclaim()} returns the removed layers no pinned snapshot can
 * still reach; the caller closes and deletes them.
 */
public final class LayerMap {
  /** Pin retries before concluding writers livelock readers (a bug: writers are rare). */
  private static final int PIN_RETRIES_MAX = 1 << 20;

  /** Snapshot is one immutable state of the map. */
  public static final class Snapshot {
    private final InMemoryLayer open;
    private final List<InMemoryLayer> frozen;
    private final List<Layer> historic;
    private final List<Layer> byEndDescending;
    private final long version;
    private final AtomicInteger pins = new AtomicInteger();

    Snapshot(InMemoryLayer open, List<InMemoryLayer> frozen, List<Layer> historic, long version) {
      this.open = open;
      this.frozen = List.copyOf(frozen);
      this.historic = List.copyOf(historic);
      this.version = version;
      List<Layer> all = new ArrayList<>(this.historic.size() + this.frozen.size() + 1);
      all.add(open);
      all.addAll(this.frozen);
      all.addAll(this.historic);
      // Layers whose LSN range ends higher can hold newer versions: visit them first.
      all.sort(Comparator.comparing((Layer l) -> l.lsns().end()).reversed());
      this.byEndDescending = List.copyOf(all);
      Invariants.check(byEndDescending.size() <= PageserverLimits.LAYERS_PER_TIMELINE_MAX, "too many layers: %d", all.size());
    }

    public InMemoryLayer open() {
      return open;
    }

    /** Frozen in-memory layers, oldest first. */
    public List<InMemoryLayer> frozen() {
      return frozen;
    }

    /** Historic layers (persistent and quarantined), in no particular order. */
    public List<Layer> historic() {
      return historic;
    }

    /** Every layer, those whose LSN range ends highest first: the order reads visit them. */
    public List<Layer> byEndDescending() {
      return byEndDescending;
    }

    public long version() {
      return version;
    }

    boolean contains(Layer l) {
      for (Layer x : byEndDescending) {
        if (x == l) {
          return true;
        }
      }
      return false;
    }
  }

  private record Retired(long lastVersionHolding, Layer layer) {}

  private final Object writeLock = new Object();
  private volatile Snapshot current;
  /** Replaced snapshots that may still be pinned, oldest first. Guarded by writeLock. */
  private final Deque<Snapshot> replaced = new ArrayDeque<>();
  /** Removed layers not yet reclaimed. Guarded by writeLock. */
  private final List<Retired> retired = new ArrayList<>();

  public LayerMap(InMemoryLayer open, Collection<? extends Layer> historic) {
    Invariants.check(!open.isFrozen(), "the open layer is frozen");
    this.current = new Snapshot(open, List.of(), new ArrayList<>(historic), 0);
  }

  /** The current snapshot, unpinned: for writers and planners that do not read layer files. */
  public Snapshot current() {
    return current;
  }

  /** The current snapshot, pinned: its layers stay readable until {@link #unpin}. */
  public Snapshot pin() {
    for (int i = 0; i < PIN_RETRIES_MAX; i++) {
      Snapshot s = current;
      s.pins.incrementAndGet();
      if (s == current) {
        return s;
      }
      s.pins.decrementAndGet();
    }
    throw Invariants.fail("could not pin a layer map snapshot in %d tries", PIN_RETRIES_MAX);
  }

  public void unpin(Snapshot s) {
    int left = s.pins.decrementAndGet();
    Invariants.check(left >= 0, "snapshot %d unpinned more often than pinned", s.version);
  }

  /** Freezes the open layer at {@code end} and makes {@code next} the open layer. */
  public void freezeOpen(Lsn end, InMemoryLayer next) {
    synchronized (writeLock) {
      Snapshot s = current;
      Invariants.check(next.start().equals(end) && !next.isFrozen(), "next open layer %s must start at %s", next, end);
      s.open.freeze(end);
      List<InMemoryLayer> frozen = new ArrayList<>(s.frozen);
      frozen.add(s.open);
      publish(s, new Snapshot(next, frozen, s.historic, s.version + 1), List.of());
    }
  }

  /** Replaces the oldest frozen layer, which must be {@code flushed}, by its file layers. */
  public void replaceFrozen(InMemoryLayer flushed, List<? extends Layer> files) {
    synchronized (writeLock) {
      Snapshot s = current;
      Invariants.check(!s.frozen.isEmpty() && s.frozen.get(0) == flushed, "%s is not the oldest frozen layer", flushed);
      List<Layer> historic = new ArrayList<>(s.historic);
      historic.addAll(files);
      publish(s, new Snapshot(s.open, s.frozen.subList(1, s.frozen.size()), historic, s.version + 1), List.of(flushed));
    }
  }

  /**
   * Atomically removes {@code remove} (all must be historic layers of the current snapshot) and
   * adds {@code add}. Returns false, changing nothing, if some layer to remove is already gone
   * (another writer replaced it); callers then drop their outputs.
   */
  public boolean replaceHistoric(Collection<? extends Layer> remove, Collection<? extends Layer> add) {
    synchronized (writeLock) {
      Snapshot s = current;
      Set<Layer> gone = identitySet(remove);
      int found = 0;
      List<Layer> historic = new ArrayList<>(s.historic.size() + add.size());
      for (Layer l : s.historic) {
        if (gone.contains(l)) {
          found++;
        } else {
          historic.add(l);
        }
      }
      if (found != gone.size()) {
        return false;
      }
      historic.addAll(add);
      publish(s, new Snapshot(s.open, s.frozen, historic, s.version + 1), gone);
      return true;
    }
  }

  private void publish(Snapshot old, Snapshot next, Collection<? extends Layer> removed) {
    current = next;
    replaced.addLast(old);
    for (Layer l : removed) {
      retired.add(new Retired(old.version, l));
    }
  }

  /**
   * Removed layers that no reader can reach any more: every snapshot that held them is unpinned
   * and replaced. Each layer is returned once; the caller closes it and deletes its file.
   */
  public List<Layer> reclaim() {
    synchronized (writeLock) {
      // A replaced snapshot seen unpinned can never be pinned again: pin() rechecks `current`.
      long oldestPinned = Long.MAX_VALUE;
      for (Iterator<Snapshot> it = replaced.iterator(); it.hasNext(); ) {
        Snapshot s = it.next();
        if (s.pins.get() == 0) {
          it.remove();
        } else {
          oldestPinned = Math.min(oldestPinned, s.version);
        }
      }
      List<Layer> out = new ArrayList<>();
      for (Iterator<Retired> it = retired.iterator(); it.hasNext(); ) {
        Retired r = it.next();
        if (r.lastVersionHolding < oldestPinned) {
          Invariants.check(!current.contains(r.layer), "reclaiming %s still in the map", r.layer.name());
          out.add(r.layer);
          it.remove();
        }
      }
      return out;
    }
  }

  /** Removed layers waiting for readers to finish. */
  public int retiredCount() {
    synchronized (writeLock) {
      return retired.size();
    }
  }

  private static Set<Layer> identitySet(Collection<? extends Layer> layers) {
    Set<Layer> set = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(layers);
    Invariants.check(set.size() == layers.size(), "duplicate layers in %s", layers);
    return set;
  }
}
