package untorn.pageserver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import untorn.core.types.Lsn;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerIndex;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/**
 * GC planning against a naive oracle: for random layers, horizons and branch points, dropping
 * what the plan drops changes no read at the horizon, above it, or at a branch point below it.
 */
class GcPlannerProperties {
  record Entry(long key, long lsn, boolean start) {}

  record FakeIndex(LayerDescriptor descriptor, List<Entry> entries) implements LayerIndex {
    @Override
    public int entryCount() {
      return entries.size();
    }

    @Override
    public long packedKeyAt(int i) {
      return entries.get(i).key();
    }

    @Override
    public Lsn lsnAt(int i) {
      return Lsn.of(entries.get(i).lsn());
    }

    @Override
    public boolean startsChainAt(int i) {
      return entries.get(i).start();
    }
  }

  static List<FakeIndex> layers(SplittableRandom r) {
    List<FakeIndex> out = new ArrayList<>();
    int n = 1 + r.nextInt(8);
    for (int l = 0; l < n; l++) {
      long s = 1 + r.nextInt(200);
      long e = s + 1 + r.nextInt(120);
      List<Entry> es = new ArrayList<>();
      for (long key = 0; key < 4; key++) {
        for (long lsn = s; lsn < e; lsn++) {
          if (r.nextInt(12) == 0) {
            es.add(new Entry(key, lsn, r.nextInt(5) == 0));
          }
        }
      }
      if (!es.isEmpty()) {
        out.add(new FakeIndex(new LayerDescriptor(LayerKind.DELTA, 1, new KeyRange(0, 4), LsnRange.of(s, e), l), es));
      }
    }
    return out;
  }

  /** The chain a read at {@code p} uses: newest start at or below p, then every version above it. */
  static List<Long> chain(TreeMap<Long, Boolean> versions, long p) {
    List<Long> out = new ArrayList<>();
    for (var e : versions.headMap(p, true).descendingMap().entrySet()) {
      out.add(e.getKey());
      if (e.getValue()) {
        break;
      }
    }
    return out;
  }

  @Property(tries = 400)
  void droppingGarbageChangesNoRetainedRead(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<FakeIndex> layers = layers(r);
    long horizon = r.nextInt(330);
    List<Lsn> branches = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) {
      branches.add(Lsn.of(r.nextInt(330)));
    }
    GcPlan plan = GcPlanner.plan(layers, Lsn.of(horizon), branches, 0.5);
    Set<Entry> dropped = new HashSet<>();
    for (LayerIndex l : plan.remove()) {
      dropped.addAll(((FakeIndex) l).entries());
    }
    plan.rewrite().forEach((l, keep) -> {
      Set<Integer> kept = new HashSet<>();
      for (int i : keep) {
        kept.add(i);
      }
      for (int i = 0; i < l.entryCount(); i++) {
        if (!kept.contains(i)) {
          dropped.add(((FakeIndex) l).entries().get(i));
        }
      }
    });
    List<Long> points = new ArrayList<>(List.of(horizon, horizon + 1, horizon + 50, 400L));
    branches.stream().filter(b -> b.value() < horizon).forEach(b -> points.add(b.value()));
    for (long key = 0; key < 4; key++) {
      TreeMap<Long, Boolean> all = new TreeMap<>();
      TreeMap<Long, Boolean> left = new TreeMap<>();
      for (FakeIndex l : layers) {
        for (Entry e : l.entries()) {
          if (e.key() == key) {
            all.merge(e.lsn(), e.start(), Boolean::logicalOr);
            if (!dropped.contains(e)) {
              left.merge(e.lsn(), e.start(), Boolean::logicalOr);
            }
          }
        }
      }
      for (long p : points) {
        assertThat(chain(left, p)).as("key %d read at %d (horizon %d, branches %s)", key, p, horizon, branches)
            .isEqualTo(chain(all, p));
      }
    }
    for (Entry e : dropped) {
      assertThat(e.lsn()).isLessThanOrEqualTo(horizon);
    }
  }

  @Property(tries = 50)
  void somethingIsCollectedWhenNewerChainStartsExist(@ForAll long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Entry> old = new ArrayList<>();
    List<Entry> fresh = new ArrayList<>();
    for (long lsn = 10; lsn < 20; lsn++) {
      old.add(new Entry(0, lsn, lsn == 10));
    }
    fresh.add(new Entry(0, 30 + r.nextInt(10), true));
    List<FakeIndex> layers = List.of(
        new FakeIndex(new LayerDescriptor(LayerKind.DELTA, 0, new KeyRange(0, 1), LsnRange.of(10, 20), 1), old),
        new FakeIndex(new LayerDescriptor(LayerKind.IMAGE, 0, new KeyRange(0, 1), LsnRange.of(30, 40), 2), fresh));
    GcPlan plan = GcPlanner.plan(layers, Lsn.of(45), List.of(), 0.5);
    assertThat(plan.remove()).extracting(l -> l.descriptor().seq()).containsExactly(1L);
    GcPlan withBranch = GcPlanner.plan(layers, Lsn.of(45), List.of(Lsn.of(15)), 0.5);
    assertThat(withBranch.remove()).as("a branch point at 15 keeps the chain it reads").isEmpty();
  }
}
