package untorn.pageserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.image.ImageScheduler;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.timeline.Timeline;
import untorn.pageserver.timeline.TimelineConfig;
import untorn.pageserver.workload.SyntheticWal;

class PageserverMetricsTest {
  @Test
  void histogramPercentilesAreExactBelow1024AndWithinASixteenthAbove() {
    Histogram h = new Histogram();
    for (int i = 1; i <= 100; i++) {
      h.record(i);
    }
    assertThat(h.percentile(0.5)).isEqualTo(50);
    assertThat(h.percentile(0.99)).isEqualTo(99);
    assertThat(h.max()).isEqualTo(100);
    Histogram big = new Histogram();
    big.record(1_000_000);
    assertThat(big.percentile(0.5)).isBetween(1_000_000L, 1_000_000L + 1_000_000 / 16);
  }

  @Test
  void metersAndSummaryDescribeTheWorkload() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(1, 0.7), 3);
    gen.generate(800);
    TimelineHarness h = new TimelineHarness(3);
    Timeline t = h.create(new TimelineId(1), TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(5)).withShards(3, 16, 8), gen.wal());
    int reads = 0;
    for (LoggedRecord r : gen.records()) {
      h.feed(t, r.endLsn(), 1 << 20);
      h.step(1);
      t.getPage(PageKey.of(1, 0), r.endLsn());
      reads++;
    }
    h.settle();
    PageserverSummary s = t.summary();
    assertThat(s.recordsIngested()).isEqualTo(800);
    assertThat(s.walBytes()).isEqualTo(gen.walBytes());
    assertThat(s.getPages()).isEqualTo(reads);
    assertThat(s.deltasReplayedMax()).isGreaterThanOrEqualTo(s.deltasReplayedP99()).isGreaterThanOrEqualTo(s.deltasReplayedP50());
    assertThat(s.imagesGenerated()).isEqualTo(Arrays.stream(s.imagesPerShard()).sum()).isGreaterThan(0);
    assertThat(s.hottest()).first().extracting(ImageScheduler.HotPage::key).isEqualTo(PageKey.of(1, 0));
    assertThat(s.hottest()).isSortedAccordingTo((a, b) -> Long.compare(b.deltasTotal(), a.deltasTotal()));
    assertThat(s.pages()).isEqualTo(12);
    assertThat(s.toText()).contains("policy=delta-threshold-5").contains("hottest pages");
    var registry = h.registry;
    assertThat(registry.get("pageserver.reconstruct.deltas").summary().count()).isEqualTo(reads);
    assertThat(registry.get("pageserver.images.generated").counters()).hasSize(3);
    assertThat(registry.get("pageserver.hot_page.deltas").tag("rank", "1").gauge().value()).isEqualTo(s.hottest().get(0).deltasTotal());
    assertThat(registry.get("pageserver.ingest.lag.bytes").gauge().value()).isZero();
    t.noteCommitLsn(gen.endLsn().plus(4096));
    assertThat(registry.get("pageserver.ingest.lag.bytes").gauge().value()).as("committed, not yet ingested").isEqualTo(4096);
    assertThat(registry.get("pageserver.chain.max").gauge().value()).isEqualTo(s.chainMax());
  }
}
