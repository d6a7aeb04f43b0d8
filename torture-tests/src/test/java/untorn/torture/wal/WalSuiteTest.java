package untorn.torture.wal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureRunner;
import untorn.torture.TortureSummary;

/** A bounded run of the WAL torture suite: every damage kind, every check, no violation. */
class WalSuiteTest {
  @Test
  void aBoundedRunPassesAndExercisesEveryDamageKind() {
    TortureSummary s = TortureRunner.run(new WalSuite(), 1, 400, TortureOptions.defaults(), 2, 0, (r, d, t) -> {});
    assertThat(s.failures()).as("failing seeds (replay with the command in each)").isEmpty();
    for (WalSuite.Damage d : WalSuite.Damage.values()) {
      assertThat(s.faults()).as("damage kind %s", d).containsKey(d.name().toLowerCase());
    }
    assertThat(s.counters().get("records-read")).isGreaterThan(1000L);
    assertThat(s.counters().get("pages-replayed")).isGreaterThan(100L);
  }

  @Test
  void aSeedReplaysBitForBit() {
    WalSuite suite = new WalSuite();
    for (long seed = 1; seed <= 20; seed++) {
      SeedResult a = suite.run(seed, TortureOptions.defaults());
      SeedResult b = suite.run(seed, TortureOptions.defaults());
      assertThat(b).isEqualTo(a);
    }
    assertThat(suite.run(1, TortureOptions.defaults()).traceHash())
        .isNotEqualTo(suite.run(2, TortureOptions.defaults()).traceHash());
  }
}
