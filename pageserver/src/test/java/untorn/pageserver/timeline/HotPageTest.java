package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.workload.SyntheticWal;

/**
 * One very hot page (90% of all records). With {@code delta-threshold T} and image workers run
 * every N ingested records, no read ever replays more than T + N deltas (T, plus what arrived
 * while the request waited); without images the chain grows with every write to the page.
 */
class HotPageTest {
  static final PageKey HOT = PageKey.of(1, 0);
  static final int RECORDS = 2000;
  static final int WORKER_EVERY = 5;

  record Run(int maxReplayed, int maxChain, long images, long rejected, String summary) {}

  static Run run(ImagePolicy policy, int queueCapacity) throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(1, 0.9), 77);
    gen.generate(RECORDS);
    ReferencePages ref = new ReferencePages(gen.records());
    TimelineHarness h = new TimelineHarness(77);
    TimelineConfig cfg = TimelineConfig.defaults(policy).withLayerSizes(16384, 4, 4, 65536).withShards(2, queueCapacity, 64);
    Timeline t = h.create(new TimelineId(1), cfg, gen.wal());
    int maxReplayed = 0;
    int maxChain = 0;
    int n = 0;
    for (LoggedRecord r : gen.records()) {
      h.feed(t, r.endLsn(), 1 << 20);
      maxChain = Math.max(maxChain, t.chainLength(HOT));
      if (++n % WORKER_EVERY == 0) {
        h.settle();
      }
      if (ref.at(HOT, r.endLsn()) != null) {
        Timeline.PageResult res = t.getPage(HOT, r.endLsn());
        assertThat(Arrays.equals(res.page().toBytes(), ref.at(HOT, r.endLsn()))).isTrue();
        maxReplayed = Math.max(maxReplayed, res.deltasReplayed());
      }
    }
    h.settle();
    for (LoggedRecord r : gen.records()) {
      if (ref.at(HOT, r.endLsn()) != null) {
        maxReplayed = Math.max(maxReplayed, t.getPage(HOT, r.endLsn()).deltasReplayed());
      }
    }
    return new Run(maxReplayed, maxChain, t.summary().imagesGenerated(), t.summary().imageRequestsRejected(), t.summary().toText());
  }

  @Test
  void deltaThresholdBoundsEveryReadOfTheHotPage() throws Exception {
    int threshold = 8;
    Run run = run(new ImagePolicy.DeltaThreshold(threshold), 64);
    System.out.println(run.summary());
    assertThat(run.images()).isGreaterThan(RECORDS / 2 / (threshold + WORKER_EVERY));
    assertThat(run.maxChain()).as("chain length by the scheduler").isLessThanOrEqualTo(threshold + WORKER_EVERY);
    assertThat(run.maxReplayed()).as("deltas a read replays").isLessThanOrEqualTo(threshold + WORKER_EVERY);
  }

  @Test
  void theBoundHoldsWithATinyQueueBecauseRefusedRequestsAreRetried() throws Exception {
    int threshold = 4;
    Run run = run(new ImagePolicy.DeltaThreshold(threshold), 1);
    assertThat(run.rejected()).as("the tiny queue did refuse requests").isGreaterThan(0);
    // A refused request is retried at the page's next delta; the hot page gets one in 0.9 of records.
    assertThat(run.maxReplayed()).isLessThanOrEqualTo(threshold + 2 * WORKER_EVERY + 8);
  }

  @Test
  void withoutImagesTheHotPagesChainGrowsWithItsWrites() throws Exception {
    Run run = run(new ImagePolicy.None(), 64);
    assertThat(run.images()).isZero();
    assertThat(run.maxReplayed()).as("the pathology the threshold removes").isGreaterThan(RECORDS / 2);
    assertThat(run.maxChain()).isEqualTo(run.maxReplayed());
  }

  @Test
  void checkpointPolicyWithoutFullPageWritesOnlyBoundsChainsByItsDistance() throws Exception {
    Run run = run(new ImagePolicy.Checkpoint(32 * 1024), 64);
    assertThat(run.images()).isGreaterThan(0);
    assertThat(run.maxReplayed()).isGreaterThan(8 + WORKER_EVERY);
    assertThat(Lsn.ZERO).isNotNull();
  }
}
