package untorn.torture.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;

/**
 * The consensus suite validates a seed's implementation trace against the TLA+ spec with TLC when
 * asked (bounded for CI: the first 1,000 events of one seed; a whole trace takes minutes).
 */
class ConsensusTlcTraceTest {
  @Test
  void aSeedsTraceIsAdmittedByTheSpec() {
    // Seed 38: 3 safekeepers, 3 computes; by event 1,000 an acceptor restarted, a proposer crashed,
    // another was elected and a divergent tail was cut.
    SeedResult r = new ConsensusSuite().run(38, new TortureOptions(Optional.empty(), false, 38, 1, 1_000));
    assertThat(r.violations()).as("%s", r.violations()).isEmpty();
  }

  @Test
  void onlyTheRequestedSeedsAreValidated() {
    TortureOptions o = new TortureOptions(Optional.empty(), false, 10, 2, 0);
    assertThat(o.validatesTrace(9)).isFalse();
    assertThat(o.validatesTrace(10)).isTrue();
    assertThat(o.validatesTrace(11)).isTrue();
    assertThat(o.validatesTrace(12)).isFalse();
    assertThat(TortureOptions.defaults().validatesTrace(1)).isFalse();
  }
}
