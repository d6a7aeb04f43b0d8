package untorn.pageserver.reconstruct;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layermap.LayerMap;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * Reconstructor finds the versions needed to rebuild a page at an LSN.
 *
 * <p>The search visits the layers covering the key in order of descending LSN-range end, asking
 * each for the versions above the newest chain start found so far ({@code floor}) and at or
 * below the LSN; it stops at the first layer whose whole range lies at or below the floor. Layer
 * ranges may overlap (generated image layers sit among delta layers), which this handles: the
 * floor only rises, and a layer is skipped only when none of its versions can be above it. If a
 * timeline's layers hold no chain start, the search continues in its ancestor at the branch point.
 * Duplicate versions (left by a crash between writing a compaction's output and deleting its
 * inputs) collapse by LSN. Before reading any value, the layers' indexes give the newest chain
 * start they know of, which bounds the search from below.
 */
public final class Reconstructor {
  private Reconstructor() {}

  /** One timeline's part of a search: its pinned snapshot and the highest LSN to read there. */
  public record Segment(LayerMap.Snapshot snapshot, Lsn upTo) {}

  /** Searches the segments (a timeline, then its ancestors) for page {@code key}. */
  public static Reconstruction search(PageKey key, Lsn lsn, List<Segment> segments) throws PageserverException {
    Search s = new Search(key);
    for (Segment seg : segments) {
      s.visit(seg);
      if (s.base != null) {
        break;
      }
    }
    Lsn floor = s.base == null ? Lsn.ZERO : s.base.lsn();
    List<Version> deltas = new ArrayList<>();
    for (Map.Entry<Lsn, Value> e : s.deltas.tailMap(floor, false).entrySet()) {
      deltas.add(new Version(key, e.getKey(), e.getValue()));
    }
    return new Reconstruction(key, lsn, s.base, deltas, s.layersVisited);
  }

  private static final class Search {
    final PageKey key;
    final TreeMap<Lsn, Value> deltas = new TreeMap<>();
    Version base;
    int layersVisited;

    Search(PageKey key) {
      this.key = key;
    }

    void visit(Segment seg) throws PageserverException {
      // A chain start known from an index bounds the search from below before any value is read:
      // without it, a page's many deltas in an in-memory layer would all be read, then dropped.
      Lsn hinted = null;
      for (Layer layer : seg.snapshot().byEndDescending()) {
        if (layer.keys().contains(key) && !layer.lsns().start().isAfter(seg.upTo())) {
          Lsn s = layer.newestChainStart(key, seg.upTo());
          hinted = s == null ? hinted : hinted == null ? s : Lsn.max(hinted, s);
        }
      }
      Lsn below = hinted == null ? Lsn.ZERO : Lsn.of(hinted.value() - 1);
      for (Layer layer : seg.snapshot().byEndDescending()) {
        if (!layer.keys().contains(key) || layer.lsns().start().isAfter(seg.upTo())) {
          continue;
        }
        Lsn floor = base == null ? below : base.lsn();
        if (!layer.lsns().last().isAfter(floor)) {
          if (base != null) {
            return; // every later layer ends no higher: nothing above the floor remains
          }
          continue;
        }
        layersVisited++;
        layer.collect(key, floor, seg.upTo(), this::accept);
      }
    }

    void accept(Lsn lsn, Value v) {
      Invariants.check(base == null || lsn.isAfter(base.lsn()), "layer returned %s at %s below the floor", key, lsn);
      if (v.startsChain()) {
        base = new Version(key, lsn, v);
      } else {
        deltas.put(lsn, v);
      }
    }
  }
}
