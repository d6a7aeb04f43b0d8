package untorn.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import untorn.check.elle.ElleChecker;
import untorn.check.history.History;
import untorn.check.linear.LinearizabilityChecker;
import untorn.check.store.AtomicRegisterStore;
import untorn.check.store.ListAppendWorkload;
import untorn.check.store.MvccListStore;
import untorn.check.store.RegisterWorkload;
import untorn.check.store.WorkloadConfig;

/** Budgets: an exhausted search answers unknown (never a guess), and Elle's verdict stays sound. */
class BudgetTest {
  @Test
  void linearizabilityAnswersUnknownWhenItsStepsRunOut() throws Exception {
    History h = RegisterWorkload.simulate(new AtomicRegisterStore(null), new WorkloadConfig(8, 400, 3, 0.3, false), 7);
    Judgement tight = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, () -> Budget.steps(50)).judge(h);
    assertThat(tight.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(tight.anomalies()).containsExactly(LinearizabilityChecker.BUDGET_EXHAUSTED);
    assertThat(tight.explanation()).contains("search budget of 50 steps exhausted");
    Judgement ample = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, () -> Budget.steps(100_000_000)).judge(h);
    assertThat(ample.verdict()).isEqualTo(Verdict.VALID);
  }

  @Test
  void linearizabilityAnswersUnknownWhenItsTimeRunsOut() throws Exception {
    // Every completed op costs at least one step, so this one looks at the clock at least once.
    History h = RegisterWorkload.simulate(new AtomicRegisterStore(null), new WorkloadConfig(8, 3 * Limits.CLOCK_CHECK_STEPS, 3, 0.1, false), 7);
    long[] fakeNanos = {0};
    // Every look at this clock finds a second gone: the one-millisecond allowance is over at the first look.
    Judgement j = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null,
        () -> Budget.of(Long.MAX_VALUE, 1, () -> fakeNanos[0] += 1_000_000_000L)).judge(h);
    assertThat(j.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(j.explanation()).contains("time budget exhausted");
  }

  /**
   * A snapshot-isolation store under heavy contention makes one big strongly connected component
   * full of rw edges. With almost no budget the hunt for G-single stops at once; the verdict then
   * rests on one cycle per SCC: G2-item, which serializability forbids (invalid, soundly) and
   * snapshot isolation allows (unknown, since a G-single might hide in the SCC).
   */
  @Test
  void elleFallsBackToSoundSccVerdictsWhenTheHuntRunsOut() throws Exception {
    History h = ListAppendWorkload.simulate(new MvccListStore(MvccListStore.Isolation.SNAPSHOT_ISOLATION),
        new WorkloadConfig(10, 1500, 3, 0.02, false), 4, 11);
    Judgement siTight = new ElleChecker(ElleChecker.Model.SNAPSHOT_ISOLATION, () -> Budget.steps(10)).judge(h);
    assertThat(siTight.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(siTight.anomalies()).containsExactly("cycle-search-timeout");
    assertThat(siTight.explanation()).contains("the verdict rests on one cycle per strongly connected component");

    Judgement serTight = new ElleChecker(ElleChecker.Model.SERIALIZABLE, () -> Budget.steps(10)).judge(h);
    assertThat(serTight.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(serTight.anomalies()).contains("G2-item", "cycle-search-timeout");

    Judgement siAmple = new ElleChecker(ElleChecker.Model.SNAPSHOT_ISOLATION, () -> Budget.steps(200_000_000)).judge(h);
    assertThat(siAmple.verdict()).as(siAmple.explanation()).isEqualTo(Verdict.VALID);
  }
}
