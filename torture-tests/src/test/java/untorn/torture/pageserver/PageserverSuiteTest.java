package untorn.torture.pageserver;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureRunner;
import untorn.torture.TortureSummary;

class PageserverSuiteTest {
  @Test
  void oneSeedPerPolicyAndFullPageWriteSettingPasses() {
    // Seeds 1..10 cover the five policies, with full-page writes on and off.
    TortureSummary s = TortureRunner.run(new PageserverSuite(), 1, 10, TortureOptions.defaults(), 2, 0, (r, d, t) -> {});
    assertThat(s.failures()).as("failing seeds (replay with the command in each)").isEmpty();
    for (String policy : PageserverSuite.POLICIES) {
      assertThat(s.counters()).containsKey("policy " + policy + " fpw-on");
      assertThat(s.counters()).containsKey("policy " + policy + " fpw-off");
    }
    assertThat(s.counters().get("reads-checked")).isGreaterThan(1000L);
    assertThat(s.counters().get("images")).isGreaterThan(0L);
  }

  @Test
  void aSeedReplaysBitForBit() {
    SeedResult a = new PageserverSuite().run(3, TortureOptions.defaults());
    SeedResult b = new PageserverSuite().run(3, TortureOptions.defaults());
    assertThat(b).isEqualTo(a);
  }
}
