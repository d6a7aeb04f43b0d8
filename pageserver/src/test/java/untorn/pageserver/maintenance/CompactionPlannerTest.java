package untorn.pageserver.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/** Which level-0 layers a load may drop as already compacted. */
class CompactionPlannerTest {
  static LayerDescriptor d(LayerKind kind, int level, long k0, long k1, long l0, long l1, long seq) {
    return new LayerDescriptor(kind, level, new KeyRange(k0, k1), LsnRange.of(l0, l1), seq);
  }

  @Test
  void aLevel0LayerIsDroppedOnlyWhenOutputsNamingItCoverItsKeys() {
    LayerDescriptor input = d(LayerKind.IMAGE, 0, 10, 50, 100, 200, 3);
    LayerDescriptor outA = d(LayerKind.IMAGE, 1, 0, 30, 100, 900, 20);
    LayerDescriptor outB = d(LayerKind.IMAGE, 1, 30, 60, 100, 900, 21);
    assertThat(CompactionPlanner.coveredByLevel1(input, Map.of(outA, new long[] {3, 4}, outB, new long[] {3, 4}))).isTrue();
    assertThat(CompactionPlanner.coveredByLevel1(input, Map.of(outA, new long[] {3, 4}))).as("half its keys").isFalse();
  }

  @Test
  void aLevel0LayerWrittenAfterTheCompactionSurvivesThoughItLiesInsideTheOutputs() {
    LayerDescriptor later = d(LayerKind.IMAGE, 0, 10, 50, 400, 401, 30);
    LayerDescriptor out = d(LayerKind.IMAGE, 1, 0, 100, 100, 900, 20);
    assertThat(CompactionPlanner.coveredByLevel1(later, Map.of(out, new long[] {3, 4}))).isFalse();
  }

  @Test
  void outputsOfAnotherKindNeverCoverALayer() {
    LayerDescriptor input = d(LayerKind.DELTA, 0, 10, 50, 100, 200, 3);
    LayerDescriptor out = d(LayerKind.IMAGE, 1, 0, 100, 100, 900, 20);
    assertThat(CompactionPlanner.coveredByLevel1(input, Map.of(out, new long[] {3}))).isFalse();
  }
}
