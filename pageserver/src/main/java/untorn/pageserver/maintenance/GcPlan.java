package untorn.pageserver.maintenance;

import java.util.List;
import java.util.Map;
import untorn.core.types.Lsn;
import untorn.pageserver.layer.LayerIndex;

/**
 * GcPlan says which layers to remove (every version garbage) and which to rewrite keeping only
 * the listed entries, for horizon {@code horizon}.
 */
public record GcPlan(Lsn horizon, List<LayerIndex> remove, Map<LayerIndex, int[]> rewrite, long garbageVersions, long keptVersions) {
  public GcPlan {
    remove = List.copyOf(remove);
    rewrite = Map.copyOf(rewrite);
  }

  public boolean isEmpty() {
    return remove.isEmpty() && rewrite.isEmpty();
  }
}
