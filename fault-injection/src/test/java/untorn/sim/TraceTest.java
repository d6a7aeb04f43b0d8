package untorn.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The trace hash folds in every part of an event: its time, its kind, its node and its detail. */
class TraceTest {
  private static long hashOf(long atNanos, int kind, int node, long detail) {
    Trace t = new Trace(0, null);
    t.record(atNanos, kind, node, detail);
    return t.hash();
  }

  @Test
  void theSameEventAtAnotherTimeIsAnotherRun() {
    assertThat(hashOf(1_000_000, Trace.TIMER, 0, 7)).isNotEqualTo(hashOf(2_000_000, Trace.TIMER, 0, 7));
  }

  @Test
  void eachPartOfAnEventCounts() {
    long base = hashOf(5, Trace.MESSAGE, 1, 7);
    assertThat(hashOf(5, Trace.TIMER, 1, 7)).isNotEqualTo(base);
    assertThat(hashOf(5, Trace.MESSAGE, 2, 7)).isNotEqualTo(base);
    assertThat(hashOf(5, Trace.MESSAGE, 1, 8)).isNotEqualTo(base);
  }

  @Test
  void theKindCountsForClusterWideEventsToo() {
    // Faults, actions and the heal are traced with node -1: its sign must not wipe out the kind.
    assertThat(hashOf(5, Trace.FAULT, -1, 7)).isNotEqualTo(hashOf(5, Trace.ACTION, -1, 7));
  }
}
