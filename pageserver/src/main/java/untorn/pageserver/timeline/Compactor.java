package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.LayerCorruptException;
import untorn.pageserver.layer.LayerFileWriter;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.maintenance.CompactionPlanner;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Version;

/**
 * Compactor merges level-0 layers of one kind into key-partitioned level-1 layers: a k-way merge
 * of the inputs' entries in (key, LSN) order, duplicates dropped, cut into files of about {@code
 * l1TargetBytes} at key boundaries (a page's versions stay in one file). Output {@code i} covers
 * keys from its first key up to the next output's first key, so together they cover every input.
 * The outputs name their inputs and replace them in one layer map publication; inputs are
 * deleted once no reader holds them. A crash in between leaves both, which a load resolves (see
 * {@link CompactionPlanner#coveredByLevel1}); duplicates left otherwise are harmless, as reads
 * and merges collapse equal versions.
 */
final class Compactor {
  private Compactor() {}

  private static final class Cursor {
    final PersistentLayer layer;
    final PersistentLayer.BlockCache cache = new PersistentLayer.BlockCache();
    int i;

    Cursor(PersistentLayer layer) {
      this.layer = layer;
    }

    long key() {
      return layer.packedKeyAt(i);
    }

    Lsn lsn() {
      return layer.lsnAt(i);
    }
  }

  static void compact(Timeline t, LayerKind kind, int threshold) {
    List<PersistentLayer> in = CompactionPlanner.selectLevel0(t.layers.current().historic(), kind, t.diskConsistentLsn(), threshold);
    if (in.isEmpty()) {
      return;
    }
    List<PersistentLayer> out = new ArrayList<>();
    try {
      merge(t, kind, in, out);
    } catch (StorageException e) {
      t.onStorageFailure("compacting", e);
      t.discardUnpublished(out);
      return;
    } catch (LayerCorruptException e) {
      t.reportCorrupt(e.layerName());
      t.discardUnpublished(out);
      return;
    } catch (PageserverException e) {
      t.discardUnpublished(out);
      return;
    }
    if (!t.layers.replaceHistoric(in, out)) {
      t.discardUnpublished(out);
      return;
    }
    t.metrics.recordCompaction();
  }

  private static void merge(Timeline t, LayerKind kind, List<PersistentLayer> in, List<PersistentLayer> out)
      throws StorageException, PageserverException {
    LsnRange lsns = CompactionPlanner.outputLsns(in);
    long[] inputSeqs = in.stream().mapToLong(p -> p.descriptor().seq()).toArray();
    PriorityQueue<Cursor> heap = new PriorityQueue<>((a, b) -> a.key() != b.key() ? Long.compare(a.key(), b.key()) : a.lsn().compareTo(b.lsn()));
    for (PersistentLayer p : in) {
      if (p.entryCount() > 0) {
        heap.add(new Cursor(p));
      }
    }
    LayerFileWriter w = null;
    long lastKey = -1;
    Lsn lastLsn = Lsn.ZERO;
    try {
      while (!heap.isEmpty()) {
        Cursor c = heap.poll();
        long key = c.key();
        Lsn lsn = c.lsn();
        if (key != lastKey || lsn.isAfter(lastLsn)) {
          if (w != null && key != lastKey && w.sizeBytes() >= t.config.l1TargetBytes()) {
            out.add(t.store.finish(w, new KeyRange(w.firstKey(), key)));
            w = null;
          }
          if (w == null) {
            w = t.store.begin(kind, 1, lsns);
            w.replaces(inputSeqs);
          }
          w.add(new Version(c.layer.keyAt(c.i), lsn, c.layer.readValue(c.i, c.cache)));
          lastKey = key;
          lastLsn = lsn;
        }
        if (++c.i < c.layer.entryCount()) {
          heap.add(c);
        }
      }
      if (w != null) {
        out.add(t.store.finish(w, new KeyRange(w.firstKey(), w.lastKey() + 1)));
        w = null;
      }
    } finally {
      if (w != null) {
        w.abandon();
      }
    }
  }
}
