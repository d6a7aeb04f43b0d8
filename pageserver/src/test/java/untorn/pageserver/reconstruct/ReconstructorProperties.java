package untorn.pageserver.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.WalOp;
import untorn.pageserver.layer.InMemoryLayer;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.VersionSink;
import untorn.pageserver.layermap.LayerMap;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * The layer search against a naive oracle: with overlapping layers (key and LSN ranges), and
 * versions duplicated across layers, the search finds exactly the newest chain start at or below
 * the LSN and every delta above it, whatever the layer order.
 */
class ReconstructorProperties {
  /** A layer holding a fixed set of versions, newest-first visits as a real layer does. */
  record ListLayer(String name, KeyRange keys, LsnRange lsns, List<Version> versions, boolean indexed) implements Layer {
    @Override
    public LayerKind kind() {
      return LayerKind.DELTA;
    }

    /** Half the layers answer the index hint, as file layers do; the others do not, as in-memory ones. */
    @Override
    public Lsn newestChainStart(PageKey key, Lsn upTo) {
      Lsn newest = null;
      for (Version v : versions) {
        if (indexed && v.key().equals(key) && v.value().startsChain() && v.lsn().compareTo(upTo) <= 0) {
          newest = v.lsn();
        }
      }
      return newest;
    }

    @Override
    public void collect(PageKey key, Lsn above, Lsn upTo, VersionSink sink) {
      for (int i = versions.size() - 1; i >= 0; i--) {
        Version v = versions.get(i);
        if (v.key().equals(key) && v.lsn().isAfter(above) && v.lsn().compareTo(upTo) <= 0) {
          sink.accept(v.lsn(), v.value());
          if (v.value().startsChain()) {
            return;
          }
        }
      }
    }
  }

  static Value value(PageKey k, boolean start) {
    return start ? new Value.Delta(WalOp.PAGE_INIT, Lsn.of(8), new BlockRef(k, true, new byte[0], null))
        : new Value.Delta(WalOp.HEAP_DELETE, Lsn.of(8), BlockRef.delta(k, new byte[2]));
  }

  @Property(tries = 300)
  void findsTheNewestChainStartAndEveryDeltaAbove(@ForAll long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    TreeMap<Long, Boolean>[] truth = new TreeMap[3];
    for (int k = 0; k < 3; k++) {
      truth[k] = new TreeMap<>();
      for (long lsn = 1; lsn < 300; lsn++) {
        if (r.nextInt(6) == 0) {
          truth[k].put(lsn, r.nextInt(8) == 0);
        }
      }
    }
    List<Layer> layers = new ArrayList<>();
    for (int l = 0; l < 1 + r.nextInt(10); l++) {
      long s = 1 + r.nextInt(290);
      long e = Math.min(300, s + 1 + r.nextInt(150));
      int k0 = r.nextInt(3);
      int k1 = k0 + 1 + r.nextInt(3 - k0);
      List<Version> vs = new ArrayList<>();
      for (int k = k0; k < k1; k++) {
        for (var v : truth[k].subMap(s, e).entrySet()) {
          if (r.nextInt(3) > 0) {
            vs.add(new Version(PageKey.of(1, k), Lsn.of(v.getKey()), value(PageKey.of(1, k), v.getValue())));
          }
        }
      }
      vs.sort((a, b) -> a.lsn().compareTo(b.lsn()));
      layers.add(new ListLayer("l" + l, new KeyRange(PageKey.of(1, k0).packed(), PageKey.of(1, k1).packed()), LsnRange.of(s, e), vs, r.nextBoolean()));
    }
    LayerMap map = new LayerMap(new InMemoryLayer(Lsn.of(1000)), layers);
    for (int probe = 0; probe < 20; probe++) {
      int k = r.nextInt(3);
      long at = r.nextInt(320);
      Reconstruction got = Reconstructor.search(PageKey.of(1, k), Lsn.of(at), List.of(new Reconstructor.Segment(map.current(), Lsn.of(at))));
      TreeMap<Long, Boolean> present = new TreeMap<>();
      for (Layer l : layers) {
        for (Version v : ((ListLayer) l).versions()) {
          if (v.key().equals(PageKey.of(1, k)) && v.lsn().value() <= at) {
            present.put(v.lsn().value(), v.value().startsChain());
          }
        }
      }
      Long base = null;
      for (var e : present.descendingMap().entrySet()) {
        if (e.getValue()) {
          base = e.getKey();
          break;
        }
      }
      List<Long> want = new ArrayList<>(base == null ? present.keySet() : present.tailMap(base, false).keySet());
      assertThat(got.baseLsn() == null ? null : got.baseLsn().value()).as("base of key %d at %d", k, at).isEqualTo(base);
      assertThat(got.deltas().stream().map(v -> v.lsn().value()).toList()).as("deltas of key %d at %d", k, at).isEqualTo(want);
    }
  }
}
