package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerCorruptException;
import untorn.pageserver.layer.LayerIndex;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layer.QuarantinedLayer;
import untorn.pageserver.maintenance.GcPlan;
import untorn.pageserver.maintenance.GcPlanner;
import untorn.pageserver.value.Version;

/**
 * GarbageCollector executes a {@link GcPlanner} plan. Order matters: the new cutoff is made
 * durable and published first (reads below it are refused from then on, also after a restart),
 * and only then are layers removed or rewritten, in one layer map publication. Horizons never
 * exceed {@code disk_consistent_lsn}, so every chain start GC relies on is in a layer a restart
 * keeps (a durable delta layer, or an image layer). Nothing is collected while a layer is
 * quarantined: its unknown content might be the only copy of a needed version.
 */
final class GarbageCollector {
  private GarbageCollector() {}

  /** Rewrite a layer once at least this fraction of its versions is garbage. */
  static final double REWRITE_FRACTION = 0.5;

  static void collect(Timeline t) {
    Lsn horizon = Lsn.min(t.gcRequested(), t.diskConsistentLsn());
    if (!horizon.isAfter(t.gcCutoff())) {
      return;
    }
    List<PersistentLayer> files = new ArrayList<>();
    for (Layer l : t.layers.current().historic()) {
      if (l instanceof QuarantinedLayer) {
        return;
      }
      if (l instanceof PersistentLayer p) {
        files.add(p);
      }
    }
    try {
      t.persistGcCutoff(horizon);
    } catch (StorageException e) {
      t.onStorageFailure("persisting the GC cutoff", e);
      return;
    }
    GcPlan plan = GcPlanner.plan(files, horizon, t.branchPoints(), REWRITE_FRACTION);
    if (!plan.isEmpty()) {
      execute(t, plan);
    }
  }

  private static void execute(Timeline t, GcPlan plan) {
    List<Layer> removed = new ArrayList<>();
    List<PersistentLayer> added = new ArrayList<>();
    for (LayerIndex l : plan.remove()) {
      removed.add((PersistentLayer) l);
    }
    try {
      for (Map.Entry<LayerIndex, int[]> e : plan.rewrite().entrySet()) {
        PersistentLayer old = (PersistentLayer) e.getKey();
        added.add(rewrite(t, old, e.getValue()));
        removed.add(old);
      }
    } catch (StorageException | PageserverException e) {
      if (e instanceof LayerCorruptException c) {
        t.reportCorrupt(c.layerName());
      } else if (e instanceof StorageException s) {
        t.onStorageFailure("rewriting a layer for GC", s);
      }
      t.discardUnpublished(added);
      return;
    }
    if (!t.layers.replaceHistoric(removed, added)) {
      t.discardUnpublished(added);
      return;
    }
    t.metrics.recordGc(plan.garbageVersions());
  }

  private static PersistentLayer rewrite(Timeline t, PersistentLayer old, int[] keep) throws StorageException, PageserverException {
    List<Version> kept = new ArrayList<>(keep.length);
    PersistentLayer.BlockCache cache = new PersistentLayer.BlockCache();
    for (int i : keep) {
      kept.add(new Version(old.keyAt(i), old.lsnAt(i), old.readValue(i, cache)));
    }
    return t.store.writeAll(old.kind(), old.descriptor().level(), old.lsns(), old.keys(), kept);
  }
}
