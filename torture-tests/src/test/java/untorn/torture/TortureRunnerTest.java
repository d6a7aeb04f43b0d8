package untorn.torture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TortureRunnerTest {
  /** Fails on seeds divisible by 7, throws on seed 13, passes otherwise. */
  static final class FakeSuite implements TortureSuite {
    @Override
    public String name() {
      return "fake";
    }

    @Override
    public String description() {
      return "test double";
    }

    @Override
    public int defaultSeeds() {
      return 10;
    }

    @Override
    public SeedResult run(long seed, TortureOptions options) {
      if (seed == 13) {
        throw new IllegalStateException("boom");
      }
      List<Violation> v = seed % 7 == 0 ? List.of(Violation.of("seven", "seed " + seed)) : List.of();
      return new SeedResult(name(), seed, seed, Map.of("drop", 1L), Map.of("ops", 2L), seed * 31, v);
    }
  }

  @Test
  void summariesAreInSeedOrderWhateverTheParallelism() {
    TortureSummary one = TortureRunner.run(new FakeSuite(), 1, 30, TortureOptions.defaults(), 1, 0, (r, d, t) -> {});
    TortureSummary four = TortureRunner.run(new FakeSuite(), 1, 30, TortureOptions.defaults(), 4, 0, (r, d, t) -> {});
    assertThat(four.traceHashes()).isEqualTo(one.traceHashes());
    assertThat(four.failures()).extracting(TortureSummary.Failure::seed).containsExactly(7L, 13L, 14L, 21L, 28L);
    assertThat(one.failures()).extracting(TortureSummary.Failure::seed).containsExactly(7L, 13L, 14L, 21L, 28L);
    assertThat(one.events()).isEqualTo(30 * 31 / 2 - 13);
    assertThat(one.faults()).containsEntry("drop", 29L);
  }

  @Test
  void anExceptionInsideASeedIsAViolation() {
    TortureSummary s = TortureRunner.run(new FakeSuite(), 13, 1, TortureOptions.defaults(), 1, 0, (r, d, t) -> {});
    assertThat(s.failures()).hasSize(1);
    assertThat(s.failures().get(0).violations().get(0).invariant()).isEqualTo("no-uncaught-exception");
    assertThat(s.failures().get(0).violations().get(0).message()).contains("boom");
    assertThat(s.failures().get(0).replayCommand()).isEqualTo("./untorn replay --suite fake --seed 13");
  }

  @Test
  void stoppingAfterFailuresKeepsEverySeedBelowTheLastFailure() {
    for (int jobs : new int[] {1, 3}) {
      TortureSummary s = TortureRunner.run(new FakeSuite(), 1, 1000, TortureOptions.defaults(), jobs, 2, (r, d, t) -> {});
      assertThat(s.failures()).extracting(TortureSummary.Failure::seed).containsExactly(7L, 13L);
      assertThat(s.seedsRun()).isEqualTo(13);
    }
  }
}
