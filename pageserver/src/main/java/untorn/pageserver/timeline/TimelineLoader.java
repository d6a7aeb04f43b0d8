package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TenantTimeline;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerCorruptException;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerFileWriter;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layer.QuarantinedLayer;
import untorn.pageserver.maintenance.CompactionPlanner;
import untorn.pageserver.reconstruct.Reconstruction;

/**
 * TimelineLoader rebuilds a timeline from its directory after a restart:
 *
 * <ol>
 *   <li>read the metadata ({@code disk_consistent_lsn}, GC cutoff, ancestry);
 *   <li>delete unfinished files ({@code *.tmp}) and delta layers ending above {@code
 *       disk_consistent_lsn + 1} (flushed after the last durable metadata update: ingest
 *       re-creates their content from WAL); image layers stay, whatever their LSNs, as their
 *       content derives from committed WAL, which never changes;
 *   <li>delete level-0 layers that level-1 layers cover (a compaction crashed before removing
 *       its inputs);
 *   <li>open and check every other layer; one that fails is quarantined (renamed {@code
 *       .corrupt}) and its ranges fenced, as are {@code .corrupt} files left by an earlier run;
 *       the maintenance pass rebuilds them from WAL;
 *   <li>rebuild the image scheduler's per-page chain lengths from the layers.
 * </ol>
 *
 * Ingest then resumes at {@code disk_consistent_lsn}.
 */
final class TimelineLoader {
  private TimelineLoader() {}

  static Timeline load(TenantTimeline id, String dir, TimelineConfig config, PageserverEnv env, Timeline ancestor,
      WalProvider provider) throws PageserverException {
    TimelineMetadata meta = TimelineMetadata.load(env.fs(), dir);
    List<Layer> historic = new ArrayList<>();
    long nextSeq;
    try {
      nextSeq = openLayers(env.fs(), dir, meta.diskConsistentLsn(), historic);
    } catch (StorageException e) {
      throw new PageserverException(PageserverException.Kind.STORAGE, "loading " + dir, e);
    }
    Timeline t = new Timeline(id, dir, config, env, ancestor, meta, historic, nextSeq, provider);
    restoreChains(t, historic);
    for (Layer l : historic) {
      if (l instanceof QuarantinedLayer) {
        t.metrics.recordCorrupt();
      }
    }
    return t;
  }

  /** Opens the directory's layers into {@code out}; returns the next free sequence number. */
  private static long openLayers(FileSystem fs, String dir, Lsn dcl, List<Layer> out) throws StorageException {
    List<LayerDescriptor> found = new ArrayList<>();
    List<LayerDescriptor> corrupt = new ArrayList<>();
    long maxSeq = -1;
    for (String name : fs.list(dir)) {
      String path = FileSystem.join(dir, name);
      LayerDescriptor d = LayerDescriptor.parse(name.endsWith(LayerStore.CORRUPT_SUFFIX)
          ? name.substring(0, name.length() - LayerStore.CORRUPT_SUFFIX.length()) : name);
      if (name.endsWith(LayerFileWriter.TEMP_SUFFIX) || (d != null && d.kind() == LayerKind.DELTA && d.lsns().last().isAfter(dcl))) {
        fs.delete(path);
      } else if (d != null) {
        maxSeq = Math.max(maxSeq, d.seq());
        (name.endsWith(LayerStore.CORRUPT_SUFFIX) ? corrupt : found).add(d);
      }
    }
    fs.syncDirectory(dir);
    for (LayerDescriptor d : corrupt) {
      out.add(new QuarantinedLayer(d, "quarantined before the restart", null));
    }
    List<Layer> opened = new ArrayList<>();
    Map<LayerDescriptor, long[]> replaced = new HashMap<>();
    for (LayerDescriptor d : found) {
      Layer l = open(fs, dir, d);
      opened.add(l);
      if (l instanceof PersistentLayer p && d.level() == 1) {
        replaced.put(d, p.replacedSeqs());
      }
    }
    for (Layer l : opened) {
      if (l instanceof PersistentLayer p && p.descriptor().level() == 0 && CompactionPlanner.coveredByLevel1(p.descriptor(), replaced)) {
        p.close();
        fs.delete(p.path());
      } else {
        out.add(l);
      }
    }
    fs.syncDirectory(dir);
    return maxSeq + 1;
  }

  private static Layer open(FileSystem fs, String dir, LayerDescriptor d) throws StorageException {
    try {
      return PersistentLayer.open(fs, dir, d);
    } catch (LayerCorruptException e) {
      String path = FileSystem.join(dir, d.fileName());
      fs.rename(path, path + LayerStore.CORRUPT_SUFFIX);
      return new QuarantinedLayer(d, e.getMessage(), null);
    } catch (PageserverException e) {
      throw new StorageException(StorageException.Kind.IO_ERROR, d.fileName(), e.getMessage(), e);
    }
  }

  /** Per page: chain length at disk_consistent_lsn and latest LSN up to it, from the indexes. */
  private static void restoreChains(Timeline t, List<Layer> historic) {
    Map<Long, Lsn> latest = new HashMap<>();
    for (Layer l : historic) {
      if (l instanceof PersistentLayer p) {
        for (int i = 0; i < p.entryCount(); i++) {
          if (!p.lsnAt(i).isAfter(t.diskConsistentLsn())) {
            latest.merge(p.packedKeyAt(i), p.lsnAt(i), Lsn::max);
          }
        }
      }
    }
    for (Map.Entry<Long, Lsn> e : latest.entrySet()) {
      PageKey key = PageKey.unpack(e.getKey());
      int chain;
      try {
        Reconstruction r = t.search(key, t.diskConsistentLsn());
        chain = r.deltasReplayed();
      } catch (PageserverException ex) {
        chain = 0; // fenced or below the cutoff: the next delta starts counting again
      }
      synchronized (t.scheduler) {
        t.scheduler.restore(key, chain, e.getValue(), chain, true);
      }
    }
  }
}
