package untorn.pageserver.maintenance;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import untorn.core.types.Lsn;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layer.QuarantinedLayer;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/**
 * CompactionPlanner chooses what compaction merges. Pure.
 *
 * <p>Level-0 layers (flushed deltas, or generated images) each span the keys they happen to hold,
 * so a read visits all of them; once there are {@code threshold} of a kind, the oldest (up to
 * {@link PageserverLimits#COMPACTION_INPUTS_MAX}) are merged into level-1 layers, key-partitioned,
 * each covering the union of the inputs' LSN ranges. Delta inputs must be durable (ending at or
 * below {@code disk_consistent_lsn + 1}): a restart drops delta layers above it, and an output
 * mixing them with older data would take that data along. Image layers survive restarts (their
 * content derives from committed WAL, which never changes), so any may be merged. Nothing is
 * compacted while a layer is quarantined, so an output can never claim to cover a range whose
 * data is still being rebuilt.
 */
public final class CompactionPlanner {
  private CompactionPlanner() {}

  /** The level-0 layers of {@code kind} to merge now, oldest first, or an empty list. */
  public static List<PersistentLayer> selectLevel0(Collection<? extends Layer> historic, LayerKind kind, Lsn diskConsistentLsn,
      int threshold) {
    List<PersistentLayer> in = new ArrayList<>();
    for (Layer l : historic) {
      if (l instanceof QuarantinedLayer) {
        return List.of();
      }
      if (l instanceof PersistentLayer p && p.kind() == kind && p.descriptor().level() == 0
          && (kind == LayerKind.IMAGE || !p.lsns().last().isAfter(diskConsistentLsn))) {
        in.add(p);
      }
    }
    if (in.size() < threshold) {
      return List.of();
    }
    in.sort(Comparator.comparing((PersistentLayer p) -> p.lsns().start()).thenComparing(p -> p.lsns().end()));
    return in.subList(0, Math.min(in.size(), PageserverLimits.COMPACTION_INPUTS_MAX));
  }

  /** The LSN range of an output: the union of its inputs' ranges. */
  public static LsnRange outputLsns(List<PersistentLayer> inputs) {
    Lsn start = Lsn.MAX;
    Lsn end = Lsn.ZERO;
    for (PersistentLayer p : inputs) {
      start = Lsn.min(start, p.lsns().start());
      end = Lsn.max(end, p.lsns().end());
    }
    return new LsnRange(start, end);
  }

  /**
   * Whether the level-0 layer {@code l0} is redundant: level-1 layers of its kind that name it as
   * replaced together cover its whole key range. A crash after a compaction wrote its outputs but
   * before it deleted its inputs leaves such layers. Naming matters: a level-0 layer written after
   * the compaction may fall inside the outputs' ranges without being in them.
   */
  public static boolean coveredByLevel1(LayerDescriptor l0, Map<LayerDescriptor, long[]> level1Replaced) {
    List<KeyRange> ranges = new ArrayList<>();
    level1Replaced.forEach((d, replaced) -> {
      if (d.level() == 1 && d.kind() == l0.kind() && LongStream.of(replaced).anyMatch(s -> s == l0.seq())) {
        ranges.add(d.keys());
      }
    });
    ranges.sort(Comparator.comparingLong(KeyRange::start));
    long reached = l0.keys().start();
    for (KeyRange r : ranges) {
      if (r.start() > reached) {
        return false;
      }
      reached = Math.max(reached, r.end());
      if (reached >= l0.keys().end()) {
        return true;
      }
    }
    return false;
  }
}
