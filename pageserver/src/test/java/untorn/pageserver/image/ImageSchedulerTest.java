package untorn.pageserver.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;

class ImageSchedulerTest {
  static final PageKey HOT = PageKey.of(1, 0);
  long lsn = 8;

  void deltas(ImageScheduler s, PageKey k, int n) {
    for (int i = 0; i < n; i++) {
      lsn += 8;
      s.onDelta(k, Lsn.of(lsn), false);
    }
  }

  @Test
  void aPageIsQueuedOnceAtTheThresholdAndTheImageKeepsOnlyLaterDeltas() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.DeltaThreshold(3), 1, 8);
    deltas(s, HOT, 2);
    assertThat(s.hasWork(0)).isFalse();
    deltas(s, HOT, 1);
    assertThat(s.shardStats(0).queued()).isEqualTo(1);
    deltas(s, HOT, 10);
    assertThat(s.shardStats(0).queued()).as("no second entry for a queued page").isEqualTo(1);
    List<ImageTask> t = s.take(0, 4);
    assertThat(t).hasSize(1);
    assertThat(t.get(0).lsn()).as("image at the page's latest LSN").isEqualTo(Lsn.of(lsn));
    deltas(s, HOT, 2);
    s.installed(t.get(0));
    assertThat(s.chainLength(HOT)).isEqualTo(2);
    assertThat(s.hasWork(0)).isFalse();
  }

  @Test
  void aPageStillOverTheThresholdWhenItsImageLandsIsQueuedAgainAtOnce() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.DeltaThreshold(3), 1, 8);
    deltas(s, HOT, 3);
    ImageTask t = s.take(0, 1).get(0);
    deltas(s, HOT, 4); // arrived while the worker materialized the image
    assertThat(s.hasWork(0)).as("a page in flight is not queued twice").isFalse();
    s.installed(t);
    assertThat(s.chainLength(HOT)).isEqualTo(4);
    assertThat(s.take(0, 1)).as("not waiting for a next delta that may never come").extracting(ImageTask::key).containsExactly(HOT);
  }

  @Test
  void aFullQueueRefusesAndThePageIsRequestedAgainAtItsNextDelta() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.DeltaThreshold(2), 1, 1);
    PageKey a = PageKey.of(1, 1);
    PageKey b = PageKey.of(1, 2);
    deltas(s, a, 2);
    deltas(s, b, 2);
    assertThat(s.shardStats(0).rejected()).isEqualTo(1);
    assertThat(s.take(0, 8)).extracting(ImageTask::key).containsExactly(a);
    deltas(s, b, 1);
    assertThat(s.take(0, 8)).extracting(ImageTask::key).containsExactly(b);
  }

  @Test
  void aHotPageCannotStarveColdPages() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.DeltaThreshold(2), 1, 16);
    deltas(s, HOT, 2);
    ImageTask first = s.take(0, 1).get(0);
    assertThat(first.key()).isEqualTo(HOT);
    Set<PageKey> cold = new HashSet<>();
    for (int i = 1; i <= 6; i++) {
      cold.add(PageKey.of(2, i));
    }
    cold.forEach(k -> deltas(s, k, 2));
    deltas(s, HOT, 50);
    s.installed(first); // the hot page is over the threshold again at once: it goes to the back
    Set<PageKey> served = new HashSet<>();
    for (int round = 0; round < cold.size(); round++) {
      ImageTask t = s.take(0, 1).get(0);
      served.add(t.key());
      deltas(s, HOT, 50); // the hot page keeps crossing the threshold
      s.installed(t);
    }
    assertThat(served).as("every cold page before the hot page's second image").isEqualTo(cold);
    assertThat(s.take(0, 1)).extracting(ImageTask::key).containsExactly(HOT);
  }

  @Test
  void aChainStartingRecordResetsTheChainAndMakesAQueuedRequestMoot() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.DeltaThreshold(3), 1, 8);
    deltas(s, HOT, 3);
    lsn += 8;
    s.onDelta(HOT, Lsn.of(lsn), true);
    assertThat(s.chainLength(HOT)).isEqualTo(1);
    assertThat(s.take(0, 8)).isEmpty();
  }

  @Test
  void checkpointPolicyImagesEveryChangedPageOncePerDistance() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.Checkpoint(1000), 2, 4);
    for (int i = 0; i < 10; i++) {
      deltas(s, PageKey.of(1, i), 1 + i % 3);
    }
    s.onWal(999);
    assertThat(s.hasWork(0) || s.hasWork(1)).isFalse();
    s.onWal(1);
    assertThat(s.passes()).isEqualTo(1);
    int tasks = s.take(0, 100).size() + s.take(1, 100).size();
    assertThat(tasks).as("a pass ignores the queue bound").isEqualTo(10);
  }

  @Test
  void noneNeverRequestsImages() {
    ImageScheduler s = new ImageScheduler(new ImagePolicy.None(), 2, 4);
    deltas(s, HOT, 1000);
    s.onWal(1 << 30);
    assertThat(s.hasWork(0) || s.hasWork(1)).isFalse();
    assertThat(s.chainLength(HOT)).isEqualTo(1000);
    assertThat(s.hottest(3)).first().extracting(ImageScheduler.HotPage::key).isEqualTo(HOT);
  }

  @Test
  void shardsAreAStableHashThatSpreadsPages() {
    int[] counts = new int[4];
    for (int b = 0; b < 4000; b++) {
      counts[ImageScheduler.shardOf(PageKey.of(1, b), 4)]++;
      assertThat(ImageScheduler.shardOf(PageKey.of(1, b), 4)).isEqualTo(ImageScheduler.shardOf(PageKey.of(1, b), 4));
    }
    for (int c : counts) {
      assertThat(c).isBetween(800, 1200);
    }
  }

  @Test
  void parsesPolicies() {
    assertThat(ImagePolicy.parse("delta-threshold:8")).isEqualTo(new ImagePolicy.DeltaThreshold(8));
    assertThat(ImagePolicy.parse("checkpoint:4096")).isEqualTo(new ImagePolicy.Checkpoint(4096));
    assertThat(ImagePolicy.parse("none")).isEqualTo(new ImagePolicy.None());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImagePolicy.parse("delta-threshold:0"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> ImagePolicy.parse("sometimes"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
