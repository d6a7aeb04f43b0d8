package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.workload.SyntheticWal;

class BranchAndWaitTest {
  static final TimelineId ROOT = new TimelineId(1);
  static final TimelineId CHILD = new TimelineId(2);
  static final TimelineConfig CFG =
      TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(3)).withLayerSizes(8192, 2, 2, 16384).withShards(2, 8, 4);

  final SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 21);
  final TimelineHarness h;
  final Timeline root;

  BranchAndWaitTest() throws Exception {
    gen.generate(400);
    h = new TimelineHarness(21);
    root = h.create(ROOT, CFG, gen.wal());
    feedStepping(root, 299);
  }

  /** Feeds the root record by record up to record {@code last}, with background steps between. */
  void feedStepping(Timeline t, int last) throws Exception {
    for (LoggedRecord r : gen.records().subList(0, last + 1)) {
      h.feed(t, r.endLsn(), 1 << 20);
      h.step(2);
    }
  }

  static PageserverException.Kind kindOf(ThrowingRunnable r) {
    try {
      r.run();
    } catch (PageserverException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error");
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }

  @Test
  void branchPointsMustBeIngestedAlignedRecordBoundariesAboveTheCutoff() throws Exception {
    SyntheticWal child = SyntheticWal.branch(gen.records().isEmpty() ? null : SyntheticWal.Options.small(), 1, gen.records(),
        gen.records().get(100));
    Lsn beyond = gen.records().get(350).endLsn();
    assertThat(kindOf(() -> h.branch(CHILD, ROOT, beyond, CFG, child.wal()))).isEqualTo(PageserverException.Kind.INVALID_BRANCH_POINT);
    assertThat(kindOf(() -> h.branch(CHILD, ROOT, gen.records().get(100).endLsn().plus(3), CFG, child.wal())))
        .isEqualTo(PageserverException.Kind.INVALID_BRANCH_POINT);
    root.checkpoint();
    h.settle();
    root.requestGc(gen.records().get(200).endLsn());
    h.settle();
    assertThat(root.gcCutoff()).isEqualTo(gen.records().get(200).endLsn());
    assertThat(kindOf(() -> h.branch(CHILD, ROOT, gen.records().get(100).endLsn(), CFG, child.wal())))
        .isEqualTo(PageserverException.Kind.INVALID_BRANCH_POINT);
    assertThat(kindOf(() -> h.tenant.timeline(new TimelineId(9)))).isEqualTo(PageserverException.Kind.UNKNOWN_TIMELINE);
    assertThat(kindOf(() -> h.create(ROOT, CFG, gen.wal()))).isEqualTo(PageserverException.Kind.TIMELINE_EXISTS);
  }

  @Test
  void aBranchReadsItsAncestorBelowTheBranchPointEvenAfterTheAncestorsGcPassesIt() throws Exception {
    LoggedRecord at = gen.records().get(150);
    SyntheticWal childGen = SyntheticWal.branch(SyntheticWal.Options.small(), 2, gen.records(), at);
    childGen.generate(200);
    Timeline child = h.branch(CHILD, ROOT, at.endLsn(), CFG, childGen.wal());
    h.feed(child, childGen.endLsn(), 3000);
    feedStepping(root, gen.records().size() - 1);
    root.checkpoint();
    child.checkpoint();
    h.settle();
    ReferencePages childRef = ReferencePages.forBranch(gen.records(), at.endLsn(), childGen.records());
    List<LoggedRecord> history = new java.util.ArrayList<>(gen.records().subList(0, 151));
    history.addAll(childGen.records());
    SplittableRandom r = new SplittableRandom(5);
    PageChecker.check(child, childRef, history, Lsn.ZERO, 40, r, "child, before ancestor GC");
    root.requestGc(gen.records().get(390).endLsn());
    h.settle();
    assertThat(root.summary().versionsCollected()).isGreaterThan(0);
    for (PageKey k : childRef.keys()) {
      PageChecker.compare(child, childRef, k, at.endLsn(), "at the branch point after ancestor GC");
    }
    PageChecker.check(child, childRef, history, at.endLsn(), 40, r, "child, after ancestor GC");
    PageKey k = childRef.keys().iterator().next();
    assertThat(kindOf(() -> child.getPage(k, gen.records().get(100).endLsn())))
        .as("below the branch point and below the ancestor's cutoff").isEqualTo(PageserverException.Kind.BELOW_GC_CUTOFF);
  }

  @Test
  void aBranchWaitsForItsAncestorToReingestAfterARestart() throws Exception {
    root.checkpoint();
    h.settle();
    Lsn durable = root.diskConsistentLsn();
    h.feed(root, gen.records().get(330).endLsn(), 1 << 20);
    LoggedRecord at = gen.records().get(330);
    SyntheticWal childGen = SyntheticWal.branch(SyntheticWal.Options.small(), 3, gen.records(), at);
    childGen.generate(50);
    Timeline child = h.branch(CHILD, ROOT, at.endLsn(), CFG, childGen.wal());
    h.feed(child, childGen.endLsn(), 3000);
    child.checkpoint();
    h.settle();
    h.restart();
    Timeline root2 = h.timeline(ROOT);
    Timeline child2 = h.timeline(CHILD);
    assertThat(root2.lastRecordLsn()).as("the root's open layer was lost with the restart").isEqualTo(durable);
    PageKey k = ReferencePages.forBranch(gen.records(), at.endLsn(), childGen.records()).keys().iterator().next();
    assertThat(kindOf(() -> child2.getPage(k, at.endLsn()))).isEqualTo(PageserverException.Kind.NOT_YET_INGESTED);
    CompletableFuture<Void> wait = child2.waitForLsn(childGen.endLsn());
    assertThat(wait).isNotDone();
    h.feed(root2, at.endLsn(), 3000);
    assertThat(wait).isDone();
    ReferencePages childRef = ReferencePages.forBranch(gen.records(), at.endLsn(), childGen.records());
    PageChecker.compare(child2, childRef, k, childGen.endLsn(), "after the ancestor caught up");
  }

  @Test
  void readsAboveIngestWaitBoundedly() throws Exception {
    PageKey k = PageKey.of(1, 0);
    Lsn ahead = gen.records().get(350).endLsn();
    assertThat(kindOf(() -> root.getPage(k, ahead))).isEqualTo(PageserverException.Kind.NOT_YET_INGESTED);
    assertThat(kindOf(() -> root.getPage(k, ahead, 1))).isEqualTo(PageserverException.Kind.WAIT_TIMEOUT);
    CompletableFuture<Void> f = root.waitForLsn(ahead);
    assertThat(f).isNotDone();
    h.feed(root, ahead, 1 << 20);
    assertThat(f).isDone();
    for (int i = 0; i < PageserverLimits.LSN_WAITERS_MAX; i++) {
      root.waitForLsn(gen.endLsn().plus(8));
    }
    assertThat(kindOf(() -> root.waitForLsn(gen.endLsn().plus(8)))).isEqualTo(PageserverException.Kind.TOO_MANY_WAITERS);
    h.feed(root, gen.endLsn(), 1 << 20);
    assertThat(root.waitForLsn(gen.endLsn())).isDone();
  }

  /**
   * A GetPage that times out gives its waits back, also on a branch (whose wait spans the
   * ancestor's too): a compute retrying against a lagging pageserver must keep getting
   * WAIT_TIMEOUT, never TOO_MANY_WAITERS from waits nobody holds any more.
   */
  @Test
  void timedOutReadsOnABranchReleaseTheirWaits() throws Exception {
    LoggedRecord at = gen.records().get(150);
    SyntheticWal childGen = SyntheticWal.branch(SyntheticWal.Options.small(), 4, gen.records(), at);
    childGen.generate(50);
    Timeline child = h.branch(CHILD, ROOT, at.endLsn(), CFG, childGen.wal());
    PageKey k = PageKey.of(1, 0);
    Lsn ahead = childGen.endLsn();
    for (int i = 0; i <= PageserverLimits.LSN_WAITERS_MAX; i++) {
      assertThat(kindOf(() -> child.getPage(k, ahead, 0))).isEqualTo(PageserverException.Kind.WAIT_TIMEOUT);
    }
    h.feed(child, childGen.endLsn(), 1 << 20);
    assertThat(child.getPage(k, ahead, 0).page()).isNotNull();
  }

  /**
   * A page a branch changes continues the chain it has in the ancestor: the branch counts those
   * deltas too, so a page far over the threshold at the branch point is imaged at its first change
   * on the branch, not T changes later.
   */
  @Test
  void aBranchCountsAPagesChainInTheAncestor() throws Exception {
    TimelineHarness h2 = new TimelineHarness(22);
    Timeline r = h2.create(ROOT, CFG.withPolicy(new ImagePolicy.None()), gen.wal());
    LoggedRecord at = gen.records().get(300);
    h2.feed(r, at.endLsn(), 1 << 20);
    h2.settle();
    SyntheticWal childGen = SyntheticWal.branch(SyntheticWal.Options.small(), 5, gen.records(), at);
    childGen.generate(6);
    Timeline c = h2.branch(CHILD, ROOT, at.endLsn(), CFG, childGen.wal());
    h2.feed(c, childGen.endLsn(), 1 << 20);
    java.util.Set<PageKey> touched = new java.util.TreeSet<>();
    childGen.records().forEach(x -> x.record().blocks().forEach(b -> touched.add(b.key())));
    assertThat(touched).isNotEmpty();
    for (PageKey k : touched) {
      int replayed = c.getPage(k, c.lastRecordLsn()).deltasReplayed();
      assertThat(replayed).as("%s: a long chain from the ancestor (policy none there)", k).isGreaterThan(3);
      assertThat(c.chainLength(k)).as("%s: the branch's count includes the ancestor's part", k).isEqualTo(replayed);
    }
    h2.settle();
    for (PageKey k : touched) {
      assertThat(c.getPage(k, c.lastRecordLsn()).deltasReplayed()).as("%s imaged on the branch", k).isZero();
    }
  }
}
