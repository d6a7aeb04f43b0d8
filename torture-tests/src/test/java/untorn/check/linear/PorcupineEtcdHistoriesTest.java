package untorn.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import untorn.check.Budget;
import untorn.check.Judgement;
import untorn.check.Verdict;
import untorn.check.history.HistoryReader;

/** Two real Jepsen etcd histories from Porcupine's test data (see resources/untorn/check/porcupine-etcd/README.md). */
class PorcupineEtcdHistoriesTest {
  static Judgement check(String name) throws Exception {
    Path f = Path.of(PorcupineEtcdHistoriesTest.class.getResource("/untorn/check/porcupine-etcd/" + name).toURI());
    return new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, () -> Budget.steps(10_000_000))
        .judge(HistoryReader.read(f));
  }

  @Test
  void etcd000IsNotLinearizable() throws Exception {
    Judgement j = check("etcd_000.edn");
    assertThat(j.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(j.explanation()).contains("cannot linearize process 11 :read 2").contains("can't read 2 from register 0");
  }

  @Test
  void etcd002IsLinearizable() throws Exception {
    Judgement j = check("etcd_002.edn");
    assertThat(j.verdict()).as(j.explanation()).isEqualTo(Verdict.VALID);
  }
}
