package untorn.check.elle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import untorn.check.Budget;
import untorn.check.Judgement;
import untorn.check.Verdict;
import untorn.check.history.History;
import untorn.check.history.HistoryReader;

/**
 * When the hunt for cycles by class runs out of budget, the verdict rests on one cycle per
 * strongly connected component: still invalid where any cycle is proscribed (serializable), unknown
 * where the component's cycle is of a class the model allows (snapshot isolation and write skew),
 * never valid.
 */
class ElleBudgetTest {
  static History writeSkew() throws Exception {
    return HistoryReader.read(Path.of(ElleBudgetTest.class.getResource("/untorn/check/handwritten/list-append/G2-item.edn").toURI()));
  }

  @Test
  void anExhaustedHuntStillConvictsFromTheComponent() throws Exception {
    Judgement j = new ElleChecker(ElleChecker.Model.SERIALIZABLE, () -> Budget.steps(1)).judge(writeSkew());
    assertThat(j.verdict()).as(j.explanation()).isEqualTo(Verdict.INVALID);
    assertThat(j.anomalies()).containsExactly("G2-item", "cycle-search-timeout");
  }

  @Test
  void anExhaustedHuntIsUnknownWhenTheComponentsCycleIsAllowed() throws Exception {
    Judgement j = new ElleChecker(ElleChecker.Model.SNAPSHOT_ISOLATION, () -> Budget.steps(1)).judge(writeSkew());
    assertThat(j.verdict()).as(j.explanation()).isEqualTo(Verdict.UNKNOWN);
    assertThat(j.anomalies()).containsExactly("cycle-search-timeout");
    assertThat(j.explanation()).contains("search budget of 1 steps exhausted");
  }
}
