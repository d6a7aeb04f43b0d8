package untorn.safekeeper.proposer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;

/** The quorum commit LSN against the definition, evaluated the slow way. */
class QuorumCommitProperties {
  /** The largest L reached by at least {@code quorum} flushes that are at or past the term start. */
  static Lsn naive(List<Long> flushes, long termStart, int quorum) {
    Lsn best = null;
    for (long candidate : flushes) {
      long reached = flushes.stream().filter(f -> f >= termStart && f >= candidate).count();
      if (candidate >= termStart && reached >= quorum && (best == null || candidate > best.value())) {
        best = Lsn.of(candidate);
      }
    }
    return best;
  }

  @Property(tries = 3000)
  void matchesTheNaiveDefinition(@ForAll @Size(min = 0, max = 9) List<@IntRange(min = 0, max = 50) Integer> flushes,
      @ForAll @IntRange(min = 0, max = 50) int termStart, @ForAll @IntRange(min = 1, max = 5) int quorum) {
    Map<NodeId, Lsn> map = new LinkedHashMap<>();
    List<Long> values = flushes.stream().map(f -> 8L * f).toList();
    for (int i = 0; i < values.size(); i++) {
      map.put(NodeId.of("a" + i), Lsn.of(values.get(i)));
    }
    QuorumCommit.Result r = QuorumCommit.compute(map, Lsn.of(8L * termStart), quorum);
    Lsn expected = naive(values, 8L * termStart, quorum);
    assertThat(r == null ? null : r.commitLsn()).isEqualTo(expected);
    if (r != null) {
      assertThat(r.quorum()).hasSize(quorum).doesNotHaveDuplicates();
      assertThat(r.quorum()).allMatch(n -> map.get(n).atLeast(r.commitLsn()));
    }
  }

  @Test
  void figureEightOldTermEntriesOnAMajorityDoNotCommit() {
    // Two of three acceptors hold WAL (to 500 and 392), but only one has reached the term start
    // 400: nothing commits, although a majority holds everything below 392.
    Map<NodeId, Lsn> flushes = Map.of(NodeId.of("a"), Lsn.of(500), NodeId.of("b"), Lsn.of(392), NodeId.of("c"), Lsn.of(0));
    assertThat(QuorumCommit.compute(flushes, Lsn.of(400), 2)).isNull();
    Map<NodeId, Lsn> reached = Map.of(NodeId.of("a"), Lsn.of(500), NodeId.of("b"), Lsn.of(400), NodeId.of("c"), Lsn.of(0));
    assertThat(QuorumCommit.compute(reached, Lsn.of(400), 2).commitLsn()).isEqualTo(Lsn.of(400));
  }
}
