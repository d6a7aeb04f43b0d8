package untorn.pageserver.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.image.ImageScheduler;

/**
 * PageserverMetrics is one timeline's meters. Every meter carries the tags {@code timeline} and
 * {@code policy}; image counters also {@code shard}. Names:
 *
 * <ul>
 *   <li>{@code pageserver.reconstruct.deltas}, {@code pageserver.reconstruct.layers}: per GetPage,
 *       deltas replayed and layers visited; {@code pageserver.reconstruct.time}: its duration.
 *   <li>{@code pageserver.chain.length}: a page's chain length after each ingested delta;
 *       {@code pageserver.chain.max}: the longest chain now; {@code pageserver.hot_page.deltas}
 *       and {@code pageserver.hot_page.chain} with tag {@code rank}: the hottest pages.
 *   <li>{@code pageserver.images.generated}, {@code pageserver.images.bytes}: per shard;
 *       {@code pageserver.images.rejected}: requests refused by a full queue.
 *   <li>{@code pageserver.ingest.records}, {@code .wal_bytes}, {@code .fpi_bytes}; lags:
 *       {@code pageserver.ingest.lag.bytes} (received, not decoded) and {@code
 *       pageserver.flush.lag.bytes} (ingested, not durable).
 *   <li>{@code pageserver.layers.flushed}, {@code .compactions}, {@code .gc.runs}, {@code
 *       .gc.versions}, {@code .layers.corrupt}, {@code .layers.rebuilt}.
 * </ul>
 *
 * Exact {@link Histogram}s kept beside the Micrometer meters feed {@link #summary()}.
 */
public final class PageserverMetrics {
  /** What the metrics read from the timeline when asked. */
  public interface Source {
    long ingestLagBytes();

    long flushLagBytes();

    List<ImageScheduler.HotPage> hottest(int n);

    int[] chainLengths();

    long imageRequestsRejected();
  }

  private final String timeline;
  private final String policy;
  private final Source source;
  private final DistributionSummary deltas;
  private final DistributionSummary layers;
  private final Timer time;
  private final DistributionSummary chain;
  private final Counter[] images;
  private final Counter[] imageBytes;
  private final Counter records;
  private final Counter walBytes;
  private final Counter fpiBytes;
  private final Counter flushed;
  private final Counter compactions;
  private final Counter gcRuns;
  private final Counter gcVersions;
  private final Counter corrupt;
  private final Counter rebuilt;
  private final Histogram deltasExact = new Histogram();
  private final Histogram layersExact = new Histogram();
  private final Histogram nanosExact = new Histogram();
  private final AtomicLongArray imagesPerShard;

  public PageserverMetrics(MeterRegistry registry, String timeline, String policy, int shards, Source source) {
    this.timeline = timeline;
    this.policy = policy;
    this.source = source;
    Tags tags = Tags.of("timeline", timeline, "policy", policy);
    this.deltas = summary("pageserver.reconstruct.deltas", "deltas replayed per GetPage", tags, registry);
    this.layers = summary("pageserver.reconstruct.layers", "layers visited per GetPage", tags, registry);
    this.time = Timer.builder("pageserver.reconstruct.time").description("GetPage reconstruct time").tags(tags)
        .publishPercentiles(0.5, 0.99).publishPercentileHistogram().register(registry);
    this.chain = summary("pageserver.chain.length", "chain length of a page after an ingested delta", tags, registry);
    this.images = new Counter[shards];
    this.imageBytes = new Counter[shards];
    this.imagesPerShard = new AtomicLongArray(shards);
    for (int s = 0; s < shards; s++) {
      Tags st = tags.and("shard", Integer.toString(s));
      images[s] = Counter.builder("pageserver.images.generated").tags(st).register(registry);
      imageBytes[s] = Counter.builder("pageserver.images.bytes").baseUnit("bytes").tags(st).register(registry);
    }
    this.records = counter("pageserver.ingest.records", tags, registry);
    this.walBytes = counter("pageserver.ingest.wal_bytes", tags, registry);
    this.fpiBytes = counter("pageserver.ingest.fpi_bytes", tags, registry);
    this.flushed = counter("pageserver.layers.flushed", tags, registry);
    this.compactions = counter("pageserver.compactions", tags, registry);
    this.gcRuns = counter("pageserver.gc.runs", tags, registry);
    this.gcVersions = counter("pageserver.gc.versions", tags, registry);
    this.corrupt = counter("pageserver.layers.corrupt", tags, registry);
    this.rebuilt = counter("pageserver.layers.rebuilt", tags, registry);
    Gauge.builder("pageserver.ingest.lag.bytes", source::ingestLagBytes).tags(tags).register(registry);
    Gauge.builder("pageserver.flush.lag.bytes", source::flushLagBytes).tags(tags).register(registry);
    Gauge.builder("pageserver.images.rejected", source::imageRequestsRejected).tags(tags).register(registry);
    Gauge.builder("pageserver.chain.max", () -> maxOf(source.chainLengths())).tags(tags).register(registry);
    for (int r = 0; r < PageserverLimits.HOT_PAGES_REPORTED; r++) {
      int rank = r;
      Tags rt = tags.and("rank", Integer.toString(r + 1));
      Gauge.builder("pageserver.hot_page.deltas", () -> hotAt(rank, true)).tags(rt).register(registry);
      Gauge.builder("pageserver.hot_page.chain", () -> hotAt(rank, false)).tags(rt).register(registry);
    }
  }

  private static DistributionSummary summary(String name, String description, Tags tags, MeterRegistry registry) {
    return DistributionSummary.builder(name).description(description).tags(tags).publishPercentiles(0.5, 0.99)
        .distributionStatisticExpiry(Duration.ofMinutes(10)).register(registry);
  }

  private static Counter counter(String name, Tags tags, MeterRegistry registry) {
    return Counter.builder(name).tags(tags).register(registry);
  }

  private static int maxOf(int[] values) {
    return values.length == 0 ? 0 : values[values.length - 1];
  }

  private Number hotAt(int rank, boolean deltasTotal) {
    List<ImageScheduler.HotPage> hot = source.hottest(rank + 1);
    if (hot.size() <= rank) {
      return 0;
    }
    return deltasTotal ? hot.get(rank).deltasTotal() : hot.get(rank).chainLength();
  }

  public void recordReconstruct(int deltasReplayed, int layersVisited, long nanos) {
    deltas.record(deltasReplayed);
    layers.record(layersVisited);
    time.record(Duration.ofNanos(nanos));
    deltasExact.record(deltasReplayed);
    layersExact.record(layersVisited);
    nanosExact.record(nanos);
  }

  public void recordIngest(long recordWalBytes, long recordImageBytes) {
    records.increment();
    walBytes.increment(recordWalBytes);
    fpiBytes.increment(recordImageBytes);
  }

  public void recordChainLength(int length) {
    chain.record(length);
  }

  public void recordImages(int shard, int count, long bytes) {
    images[shard].increment(count);
    imageBytes[shard].increment(bytes);
    imagesPerShard.addAndGet(shard, count);
  }

  public void recordFlush() {
    flushed.increment();
  }

  public void recordCompaction() {
    compactions.increment();
  }

  public void recordGc(long versionsRemoved) {
    gcRuns.increment();
    gcVersions.increment(versionsRemoved);
  }

  public void recordCorrupt() {
    corrupt.increment();
  }

  public void recordRebuilt() {
    rebuilt.increment();
  }

  /** Deltas replayed per GetPage, exactly. */
  public Histogram deltasReplayed() {
    return deltasExact;
  }

  public Histogram layersVisited() {
    return layersExact;
  }

  public long corruptLayers() {
    return (long) corrupt.count();
  }

  public long rebuiltLayers() {
    return (long) rebuilt.count();
  }

  public PageserverSummary summary() {
    int[] chains = source.chainLengths();
    long[] perShard = new long[imagesPerShard.length()];
    for (int i = 0; i < perShard.length; i++) {
      perShard[i] = imagesPerShard.get(i);
    }
    long imageBytesTotal = (long) Arrays.stream(imageBytes).mapToDouble(Counter::count).sum();
    return new PageserverSummary(timeline, policy, (long) records.count(), (long) walBytes.count(), (long) fpiBytes.count(),
        deltasExact.count(), deltasExact.percentile(0.5), deltasExact.percentile(0.99), deltasExact.max(), deltasExact.mean(),
        layersExact.percentile(0.5), layersExact.max(),
        nanosExact.percentile(0.5) / 1000, nanosExact.percentile(0.99) / 1000, nanosExact.max() / 1000,
        chains.length, percentileOf(chains, 0.5), percentileOf(chains, 0.99), maxOf(chains),
        source.hottest(PageserverLimits.HOT_PAGES_REPORTED), Arrays.stream(perShard).sum(), imageBytesTotal, perShard,
        source.imageRequestsRejected(), source.ingestLagBytes(), source.flushLagBytes(), (long) flushed.count(),
        (long) compactions.count(), (long) gcRuns.count(), (long) gcVersions.count(), corruptLayers(), rebuiltLayers());
  }

  private static int percentileOf(int[] sorted, double q) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.max(1, Math.ceil(q * sorted.length));
    return sorted[rank - 1];
  }
}
