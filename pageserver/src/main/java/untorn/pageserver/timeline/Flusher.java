package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.List;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.InMemoryLayer;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.value.Version;

/**
 * Flusher writes frozen in-memory layers, oldest first, to level-0 delta layer files, swaps each
 * into the layer map in place of its in-memory layer, and only then advances {@code
 * disk_consistent_lsn} durably. A failed write leaves the frozen layer in memory to retry; a
 * failed fsync stops the timeline (see {@link Timeline#onStorageFailure}).
 */
final class Flusher {
  private Flusher() {}

  static void run(Timeline t) {
    synchronized (t.flushLock) {
      while (true) {
        List<InMemoryLayer> frozen = t.layers.current().frozen();
        if (frozen.isEmpty() || !flushOldest(t, frozen.get(0))) {
          break;
        }
      }
    }
    t.reclaimLayers();
    t.scheduleMaintenance();
  }

  /** Flushes one frozen layer; returns false if it failed and stays in memory. */
  private static boolean flushOldest(Timeline t, InMemoryLayer f) {
    try {
      List<Layer> files = f.isEmpty() ? List.of() : List.of(write(t, f));
      t.layers.replaceFrozen(f, files);
      t.persistDiskConsistent(Lsn.of(f.lsns().end().value() - 1), f.lastRecordStart());
      t.metrics.recordFlush();
      return true;
    } catch (StorageException e) {
      t.onStorageFailure("flushing " + f.name(), e);
      return false;
    } catch (PageserverException e) {
      // The file we just wrote does not read back: the disk lies. Keep the data in memory.
      t.onStorageFailure("flushing " + f.name(), new StorageException(StorageException.Kind.IO_ERROR, f.name(), e.getMessage(), e));
      return false;
    }
  }

  private static PersistentLayer write(Timeline t, InMemoryLayer f) throws StorageException, PageserverException {
    List<Version> sorted = new ArrayList<>();
    for (PageKey k : f.sortedKeys()) {
      sorted.addAll(f.versions(k));
    }
    return t.store.writeAll(LayerKind.DELTA, 0, f.lsns(), sorted);
  }
}
