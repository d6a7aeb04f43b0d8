package untorn.pageserver.maintenance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.pageserver.layer.LayerIndex;

/**
 * GcPlanner decides which versions garbage collection may drop. Pure: it reads layer indexes.
 *
 * <p>A read of page k at LSN P needs the newest chain start at or below P, {@code base(k, P)},
 * and every version between it and P. Reads must stay possible at every LSN at or above the
 * horizon H and at every child's branch point B below H. Reads above H need nothing older than
 * {@code base(k, H)}. So a version of k at LSN x (x at or below H) is garbage iff {@code x <
 * base(k, H)} and, for every branch point B below H, {@code x > B} or {@code x < base(k, B)}.
 * Removing garbage never changes any needed base, so one pass decides for all layers.
 *
 * <p>Versions above H are never garbage, so a layer that straddles H (a level-1 layer spanning a
 * long compaction range) can still be rewritten without its old versions. Chain starts are
 * counted only in the layers given: the caller must pass none that a restart could drop with a
 * chain start at or below H in it (a base that may vanish must not justify dropping older
 * versions). A layer whose versions are all garbage is removed; one with at least {@code
 * rewriteFraction} garbage is rewritten with the rest.
 */
public final class GcPlanner {
  private GcPlanner() {}

  public static GcPlan plan(List<? extends LayerIndex> layers, Lsn horizon, Collection<Lsn> branchPoints, double rewriteFraction) {
    Invariants.check(rewriteFraction > 0 && rewriteFraction <= 1, "rewrite fraction %s", rewriteFraction);
    long[] points = retentionPoints(horizon, branchPoints);
    Map<Long, long[]> starts = chainStarts(layers);
    List<LayerIndex> remove = new ArrayList<>();
    Map<LayerIndex, int[]> rewrite = new IdentityHashMap<>();
    long garbage = 0;
    long kept = 0;
    for (LayerIndex l : layers) {
      int[] keep = keptEntries(l, starts, points);
      garbage += l.entryCount() - keep.length;
      kept += keep.length;
      if (keep.length == 0) {
        remove.add(l);
      } else if (l.entryCount() - keep.length >= rewriteFraction * l.entryCount()) {
        rewrite.put(l, keep);
      }
    }
    return new GcPlan(horizon, remove, rewrite, garbage, kept);
  }

  /** The branch points below the horizon, then the horizon, ascending. */
  private static long[] retentionPoints(Lsn horizon, Collection<Lsn> branchPoints) {
    long[] p = branchPoints.stream().filter(b -> b.isBefore(horizon)).mapToLong(Lsn::value).distinct().sorted().toArray();
    long[] out = Arrays.copyOf(p, p.length + 1);
    out[p.length] = horizon.value();
    return out;
  }

  /** Per packed key, the LSNs of its chain-starting versions, ascending. */
  private static Map<Long, long[]> chainStarts(List<? extends LayerIndex> layers) {
    Map<Long, List<Long>> acc = new HashMap<>();
    for (LayerIndex l : layers) {
      for (int i = 0; i < l.entryCount(); i++) {
        if (l.startsChainAt(i)) {
          acc.computeIfAbsent(l.packedKeyAt(i), k -> new ArrayList<>()).add(l.lsnAt(i).value());
        }
      }
    }
    Map<Long, long[]> out = new HashMap<>();
    acc.forEach((k, v) -> out.put(k, v.stream().mapToLong(Long::longValue).sorted().toArray()));
    return out;
  }

  private static int[] keptEntries(LayerIndex l, Map<Long, long[]> starts, long[] points) {
    int[] keep = new int[l.entryCount()];
    int n = 0;
    long horizon = points[points.length - 1];
    for (int i = 0; i < l.entryCount(); i++) {
      long x = l.lsnAt(i).value();
      if (Long.compareUnsigned(x, horizon) > 0 || !isGarbage(starts.get(l.packedKeyAt(i)), x, points)) {
        keep[n++] = i;
      }
    }
    return Arrays.copyOf(keep, n);
  }

  /** Whether a version at {@code x} is needed by no retention point (see the class comment). */
  static boolean isGarbage(long[] starts, long x, long[] points) {
    if (starts == null) {
      return false; // no chain start: every version may be part of some read's chain
    }
    for (long p : points) {
      if (Long.compareUnsigned(x, p) > 0) {
        continue; // a read at p never looks above p
      }
      long base = newestAtOrBelow(starts, p);
      if (base < 0 || Long.compareUnsigned(x, base) >= 0) {
        return false; // x is the base of p's chain or above it
      }
    }
    return true;
  }

  /** The largest value of {@code sorted} at or below {@code p}, or -1 if none. */
  private static long newestAtOrBelow(long[] sorted, long p) {
    int i = Arrays.binarySearch(sorted, p);
    if (i >= 0) {
      return sorted[i];
    }
    int ins = -i - 1;
    return ins == 0 ? -1 : sorted[ins - 1];
  }
}
