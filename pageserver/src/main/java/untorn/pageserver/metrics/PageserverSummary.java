package untorn.pageserver.metrics;

import java.util.List;
import untorn.pageserver.image.ImageScheduler;

/**
 * PageserverSummary is a timeline's figures at one moment, for the torture and bench summaries:
 * ingest volume, reconstruct cost (deltas replayed, layers visited, time), chain lengths over
 * pages, the hottest pages, image work per shard, lags, and maintenance counts.
 */
public record PageserverSummary(
    String timeline,
    String policy,
    long recordsIngested,
    long walBytes,
    long fpiBytes,
    long getPages,
    long deltasReplayedP50,
    long deltasReplayedP99,
    long deltasReplayedMax,
    double deltasReplayedMean,
    long layersVisitedP50,
    long layersVisitedMax,
    long reconstructMicrosP50,
    long reconstructMicrosP99,
    long reconstructMicrosMax,
    int pages,
    int chainP50,
    int chainP99,
    int chainMax,
    List<ImageScheduler.HotPage> hottest,
    long imagesGenerated,
    long imageBytesWritten,
    long[] imagesPerShard,
    long imageRequestsRejected,
    long ingestLagBytes,
    long flushLagBytes,
    long layersFlushed,
    long compactions,
    long gcRuns,
    long versionsCollected,
    long corruptLayers,
    long rebuiltLayers) {

  /** A few lines of text, the form the torture and bench reports print. */
  public String toText() {
    StringBuilder b = new StringBuilder();
    b.append(String.format("pageserver %s policy=%s%n", timeline, policy));
    b.append(String.format("  ingest: %d records, %d WAL bytes (%d in full-page images), lag %d bytes, not durable %d bytes%n",
        recordsIngested, walBytes, fpiBytes, ingestLagBytes, flushLagBytes));
    b.append(String.format("  GetPage: %d reads, deltas replayed p50=%d p99=%d max=%d mean=%.2f, layers visited p50=%d max=%d,"
        + " time p50=%dus p99=%dus max=%dus%n", getPages, deltasReplayedP50, deltasReplayedP99, deltasReplayedMax,
        deltasReplayedMean, layersVisitedP50, layersVisitedMax, reconstructMicrosP50, reconstructMicrosP99, reconstructMicrosMax));
    b.append(String.format("  chains over %d pages: p50=%d p99=%d max=%d%n", pages, chainP50, chainP99, chainMax));
    b.append(String.format("  images: %d generated (%d bytes), per shard %s, %d requests refused by full queues%n",
        imagesGenerated, imageBytesWritten, java.util.Arrays.toString(imagesPerShard), imageRequestsRejected));
    b.append(String.format("  maintenance: %d layers flushed, %d compactions, %d GC runs removing %d versions,"
        + " %d corrupt layers, %d rebuilt%n", layersFlushed, compactions, gcRuns, versionsCollected, corruptLayers, rebuiltLayers));
    b.append("  hottest pages (deltas, chain):");
    for (ImageScheduler.HotPage h : hottest) {
      b.append(String.format(" [%s: %d, %d]", h.key(), h.deltasTotal(), h.chainLength()));
    }
    return b.append(System.lineSeparator()).toString();
  }
}
