package untorn.pageserver.timeline;

import java.util.List;
import untorn.core.io.StorageException;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layer.QuarantinedLayer;

/**
 * Maintenance is a timeline's serialized background pass: quarantine layers reads found damaged,
 * rebuild quarantined layers from WAL, compact level-0 delta and image layers, and collect
 * garbage. One pass at a time (the maintenance lock); flushes and image workers run alongside.
 */
final class Maintenance {
  private Maintenance() {}

  static void run(Timeline t) {
    synchronized (t.maintenanceLock) {
      quarantineSuspects(t);
      Rebuilder.rebuildAll(t);
      Compactor.compact(t, LayerKind.DELTA, t.config.l0CompactionThreshold());
      Compactor.compact(t, LayerKind.IMAGE, t.config.imageCompactionThreshold());
      GarbageCollector.collect(t);
    }
    t.reclaimLayers();
  }

  /** Swaps every reported damaged layer for a quarantined stand-in and renames its file. */
  static void quarantineSuspects(Timeline t) {
    for (String name = t.suspectLayers.poll(); name != null; name = t.suspectLayers.poll()) {
      for (Layer l : t.layers.current().historic()) {
        if (l instanceof PersistentLayer p && p.name().equals(name)) {
          quarantine(t, p, "a read found it damaged");
        }
      }
    }
  }

  static void quarantine(Timeline t, PersistentLayer p, String reason) {
    QuarantinedLayer q = new QuarantinedLayer(p.descriptor(), reason, p);
    if (!t.layers.replaceHistoric(List.of(p), List.of(q))) {
      return;
    }
    t.metrics.recordCorrupt();
    try {
      t.store.quarantine(p.descriptor());
    } catch (StorageException e) {
      // The stand-in fences reads in memory; after a restart the load check finds the damage again.
      t.onStorageFailure("quarantining " + p.name(), e);
    }
  }
}
