package untorn.pageserver.timeline;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import untorn.core.io.StorageException;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalReader;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerIndex;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layer.QuarantinedLayer;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * Rebuilder recreates quarantined layers from WAL still held by the {@link WalProvider}.
 *
 * <p>A delta layer [s, e) is re-derived exactly: every record ending in [s, e), each page in its
 * key range once per record. This needs WAL from below s. An image layer is derived data: each
 * image (k, v) is recomputed by replaying page k's WAL up to v, which needs a chain start of k
 * (full-page image or {@code will_init}) in the WAL held, or WAL from the timeline's start (the
 * base is then the ancestor's page at the branch point, or none). The images to recompute come
 * from the damaged file's index if it was readable; otherwise every page the WAL changes in the
 * key range gets an image at s and at each of its changes in [s, e), a superset that serves every
 * read the lost images served. Whatever cannot be recomputed stays quarantined: reads touching it
 * keep failing with LAYER_CORRUPT, never returning a guess.
 */
final class Rebuilder {
  private Rebuilder() {}

  static void rebuildAll(Timeline t) {
    for (Layer l : t.layers.current().historic()) {
      if (l instanceof QuarantinedLayer q) {
        try {
          PersistentLayer rebuilt = rebuild(t, q);
          if (t.layers.replaceHistoric(List.of(q), List.of(rebuilt))) {
            t.store.dropQuarantined(q.descriptor());
            t.metrics.recordRebuilt();
          } else {
            t.store.delete(rebuilt);
          }
        } catch (StorageException e) {
          t.onStorageFailure("rebuilding " + q.name(), e);
        } catch (PageserverException e) {
          t.noteRebuildFailure(q.name() + ": " + e.getMessage());
        }
      }
    }
  }

  static PersistentLayer rebuild(Timeline t, QuarantinedLayer q) throws PageserverException, StorageException {
    WalProvider p = t.walProvider();
    LayerDescriptor d = q.descriptor();
    if (p == null || !p.startLsn().isBefore(d.lsns().start()) || p.endLsn().isBefore(d.lsns().last())) {
      throw new PageserverException(PageserverException.Kind.WAL_UNAVAILABLE, "rebuilding " + d + " needs WAL from below "
          + d.lsns().start() + (p == null ? "; no WAL provider" : "; held: [" + p.startLsn() + ", " + p.endLsn() + ")"));
    }
    List<Version> versions = d.kind() == LayerKind.DELTA ? deltas(p, d) : images(t, p, d, q.knownIndex());
    if (versions.isEmpty()) {
      throw new PageserverException(PageserverException.Kind.WAL_UNAVAILABLE, "the WAL held has no versions for " + d);
    }
    versions.sort(Comparator.comparing(Version::key).thenComparing(Version::lsn));
    return t.store.writeAll(d.kind(), d.level(), d.lsns(), d.keys(), versions);
  }

  /** Every record of the provider, in order; damage in the provider's WAL is an error. */
  private static List<LoggedRecord> records(WalProvider p, Lsn upTo) throws PageserverException {
    WalReader reader = new WalReader(p.source(), p.startLsn());
    List<LoggedRecord> out = new ArrayList<>();
    for (LoggedRecord r = reader.next(); r != null && !r.endLsn().isAfter(upTo); r = reader.next()) {
      out.add(r);
    }
    if (reader.end() != null && !reader.end().reason().clean() && !reader.end().reason().retryable()) {
      throw new PageserverException(PageserverException.Kind.WAL_CORRUPT, "provider WAL: " + reader.end());
    }
    return out;
  }

  private static List<Version> deltas(WalProvider p, LayerDescriptor d) throws PageserverException {
    List<Version> out = new ArrayList<>();
    for (LoggedRecord r : records(p, d.lsns().last())) {
      if (!d.lsns().contains(r.endLsn())) {
        continue;
      }
      Set<PageKey> seen = new HashSet<>();
      for (BlockRef b : r.record().blocks()) {
        if (d.keys().contains(b.key()) && seen.add(b.key())) {
          out.add(new Version(b.key(), r.endLsn(), new Value.Delta(r.op(), r.startLsn(), b)));
        }
      }
    }
    return out;
  }

  private static List<Version> images(Timeline t, WalProvider p, LayerDescriptor d, LayerIndex known) throws PageserverException {
    boolean fromStart = p.startLsn().equals(t.startLsn());
    List<LoggedRecord> recs = records(p, d.lsns().last());
    Map<PageKey, ArrayDeque<Lsn>> targets = known != null ? targetsFromIndex(known) : supersetTargets(recs, d, fromStart);
    PageStates states = new PageStates(t, fromStart);
    List<Version> out = new ArrayList<>();
    for (LoggedRecord r : recs) {
      Set<PageKey> seen = new HashSet<>();
      for (BlockRef b : r.record().blocks()) {
        ArrayDeque<Lsn> due = targets.get(b.key());
        if (due == null || !seen.add(b.key())) {
          continue;
        }
        while (!due.isEmpty() && due.peekFirst().isBefore(r.endLsn())) {
          out.add(states.image(b.key(), due.pollFirst()));
        }
        states.apply(b.key(), new Value.Delta(r.op(), r.startLsn(), b), r.endLsn());
      }
    }
    for (Map.Entry<PageKey, ArrayDeque<Lsn>> e : targets.entrySet()) {
      for (Lsn at : e.getValue()) {
        out.add(states.image(e.getKey(), at));
      }
    }
    return out;
  }

  private static Map<PageKey, ArrayDeque<Lsn>> targetsFromIndex(LayerIndex known) {
    Map<PageKey, ArrayDeque<Lsn>> out = new HashMap<>();
    for (int i = 0; i < known.entryCount(); i++) {
      out.computeIfAbsent(PageKey.unpack(known.packedKeyAt(i)), k -> new ArrayDeque<>()).addLast(known.lsnAt(i));
    }
    return out;
  }

  /** Without the index: an image at s and at every change in [s, e) of every page changed. */
  private static Map<PageKey, ArrayDeque<Lsn>> supersetTargets(List<LoggedRecord> recs, LayerDescriptor d, boolean fromStart)
      throws PageserverException {
    if (!fromStart) {
      throw new PageserverException(PageserverException.Kind.WAL_UNAVAILABLE, d + " lost its index and the WAL held does not"
          + " start at the timeline's start");
    }
    Map<PageKey, TreeMap<Lsn, Boolean>> acc = new HashMap<>();
    for (LoggedRecord r : recs) {
      for (BlockRef b : r.record().blocks()) {
        if (d.keys().contains(b.key())) {
          TreeMap<Lsn, Boolean> lsns = acc.computeIfAbsent(b.key(), k -> new TreeMap<>());
          if (!r.endLsn().isAfter(d.lsns().start())) {
            lsns.put(d.lsns().start(), true); // the page exists at s
          } else if (d.lsns().contains(r.endLsn())) {
            lsns.put(r.endLsn(), true);
          }
        }
      }
    }
    Map<PageKey, ArrayDeque<Lsn>> out = new HashMap<>();
    acc.forEach((k, v) -> out.put(k, new ArrayDeque<>(v.keySet())));
    return out;
  }

  /** Page states replayed from the provider's WAL; a page is known once its chain is. */
  private static final class PageStates {
    private final Timeline t;
    private final boolean fromStart;
    private final Map<PageKey, Page> pages = new HashMap<>();
    private final Set<PageKey> known = new HashSet<>();

    PageStates(Timeline t, boolean fromStart) {
      this.t = t;
      this.fromStart = fromStart;
    }

    private void ensureBase(PageKey k) {
      if (known.contains(k) || !fromStart) {
        return;
      }
      known.add(k);
      if (t.ancestor != null) {
        try {
          pages.put(k, t.ancestor.readInternal(k, t.ancestorLsn));
        } catch (PageserverException e) {
          if (e.kind() != PageserverException.Kind.NO_DATA) {
            known.remove(k);
          }
        }
      }
    }

    void apply(PageKey k, Value.Delta delta, Lsn lsn) throws PageserverException {
      ensureBase(k);
      if (!known.contains(k) && !delta.startsChain()) {
        return;
      }
      try {
        pages.put(k, delta.redo(pages.get(k), lsn));
        known.add(k);
      } catch (PageException e) {
        throw new PageserverException(PageserverException.Kind.REDO_FAILED, "replaying " + k + " at " + lsn + ": " + e.getMessage(), e);
      }
    }

    Version image(PageKey k, Lsn at) throws PageserverException {
      ensureBase(k);
      Page page = pages.get(k);
      if (!known.contains(k) || page == null) {
        throw new PageserverException(PageserverException.Kind.WAL_UNAVAILABLE, "the image of " + k + " at " + at
            + " needs WAL older than what is held");
      }
      return new Version(k, at, Value.Image.of(page.copy()));
    }
  }
}
