package untorn.pageserver.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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

  /** The exact rank-ceil percentile of {@code values} (the histogram is exact below 1024). */
  static long percentile(List<Integer> values, double q) {
    List<Integer> sorted = values.stream().sorted().toList();
    return sorted.get((int) Math.max(1, Math.ceil(q * sorted.size())) - 1);
  }

  /**
   * Every figure of the summary against an oracle computed outside the metrics: the reconstruct
   * histograms from the reads' own results, images per shard from the scheduler's shards, the
   * chain distribution from what a read at the last LSN replays, the hottest pages from the WAL.
   */
  @Test
  void summaryFiguresEqualIndependentOracles() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(3, 0.6), 9);
    gen.generate(900);
    TimelineHarness h = new TimelineHarness(9);
    Timeline t = h.create(new TimelineId(1), TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(6))
        .withLayerSizes(8192, 3, 3, 16384).withShards(3, 16, 4), gen.wal());
    List<Integer> deltas = new ArrayList<>();
    List<Integer> layers = new ArrayList<>();
    Map<PageKey, Long> writes = new TreeMap<>();
    int n = 0;
    for (LoggedRecord r : gen.records()) {
      h.feed(t, r.endLsn(), 1 << 20);
      Set<PageKey> touched = new HashSet<>();
      r.record().blocks().forEach(b -> touched.add(b.key()));
      touched.forEach(k -> writes.merge(k, 1L, Long::sum));
      if (++n % 7 == 0) {
        h.settle();
      }
      for (PageKey k : touched) {
        Timeline.PageResult res = t.getPage(k, r.endLsn());
        deltas.add(res.deltasReplayed());
        layers.add(res.layersVisited());
      }
    }
    h.settle();
    PageserverSummary s = t.summary();
    assertThat(s.getPages()).isEqualTo(deltas.size());
    assertThat(s.deltasReplayedMax()).isEqualTo(deltas.stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertThat(s.deltasReplayedP50()).isEqualTo(percentile(deltas, 0.5));
    assertThat(s.deltasReplayedP99()).isEqualTo(percentile(deltas, 0.99));
    assertThat(s.layersVisitedMax()).isEqualTo(layers.stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertThat(s.layersVisitedP50()).isEqualTo(percentile(layers, 0.5));
    assertThat(s.deltasReplayedMax()).as("reads replayed different numbers of deltas than layers visited")
        .isNotEqualTo(s.layersVisitedMax());
    assertThat(layers.get(0)).as("the first read finds its page in the open in-memory layer alone").isEqualTo(1);
    assertThat(layers.stream().mapToInt(Integer::intValue).max().orElseThrow()).as("later reads visit files too").isGreaterThan(1);
    long versions = writes.values().stream().mapToLong(Long::longValue).sum();
    assertThat(h.registry.get("pageserver.chain.length").summary().count()).as("a chain length per ingested delta")
        .isEqualTo(versions);

    long[] installed = new long[3];
    for (int shard = 0; shard < 3; shard++) {
      installed[shard] = t.shardStats(shard).installed();
    }
    assertThat(s.imagesPerShard()).containsExactly(installed);
    assertThat(Arrays.stream(installed).filter(x -> x > 0).count()).as("shards that made images").isGreaterThan(1);
    assertThat(h.registry.get("pageserver.images.generated").tag("shard", "1").counter().count()).isEqualTo((double) installed[1]);

    List<Integer> chains = new ArrayList<>();
    for (PageKey k : writes.keySet()) {
      int replayed = t.getPage(k, t.lastRecordLsn()).deltasReplayed();
      assertThat(t.chainLength(k)).as("the scheduler's chain of %s is what a read replays", k).isEqualTo(replayed);
      chains.add(replayed);
    }
    assertThat(s.pages()).isEqualTo(writes.size());
    assertThat(s.chainMax()).isEqualTo(chains.stream().mapToInt(Integer::intValue).max().orElseThrow());
    assertThat((long) s.chainP50()).isEqualTo(percentile(chains, 0.5));
    assertThat((long) s.chainP99()).isEqualTo(percentile(chains, 0.99));

    List<Map.Entry<PageKey, Long>> hottest = new ArrayList<>(writes.entrySet());
    hottest.sort(Map.Entry.<PageKey, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
    List<ImageScheduler.HotPage> want = hottest.subList(0, 10).stream()
        .map(e -> new ImageScheduler.HotPage(e.getKey(), e.getValue(), t.chainLength(e.getKey()))).toList();
    assertThat(s.hottest()).isEqualTo(want);
    assertThat(s.hottest().get(0).deltasTotal()).isGreaterThan(s.hottest().get(9).deltasTotal());
  }
}
