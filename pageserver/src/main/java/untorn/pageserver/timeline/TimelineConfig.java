package untorn.pageserver.timeline;

import java.util.Objects;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.image.ImagePolicy;

/**
 * TimelineConfig is a timeline's tunables.
 *
 * @param policy when images are materialized
 * @param shards image-generation shards (pages partitioned by key hash), each with its worker
 * @param queueCapacity pending image requests per shard
 * @param imageBatch images one worker run writes into one image layer file
 * @param openLayerBytes open in-memory layer size at which it is frozen and flushed
 * @param l0CompactionThreshold level-0 delta layers that trigger compaction into level 1
 * @param imageCompactionThreshold level-0 image layers that trigger merging them
 * @param l1TargetBytes approximate size of one compaction output file
 * @param pitrBytes retention window: GC keeps every version readable at or above
 *     {@code last_record_lsn - pitrBytes}; 0 disables automatic GC
 */
public record TimelineConfig(
    ImagePolicy policy,
    int shards,
    int queueCapacity,
    int imageBatch,
    long openLayerBytes,
    int l0CompactionThreshold,
    int imageCompactionThreshold,
    long l1TargetBytes,
    long pitrBytes) {
  public TimelineConfig {
    Objects.requireNonNull(policy, "policy");
    check(shards >= 1 && shards <= PageserverLimits.SHARDS_MAX, "shards", shards);
    check(queueCapacity >= 1 && queueCapacity <= PageserverLimits.IMAGE_QUEUE_CAPACITY_MAX, "queueCapacity", queueCapacity);
    check(imageBatch >= 1 && imageBatch <= PageserverLimits.IMAGE_BATCH_MAX, "imageBatch", imageBatch);
    check(openLayerBytes >= PageserverLimits.OPEN_LAYER_BYTES_MIN && openLayerBytes <= PageserverLimits.OPEN_LAYER_BYTES_MAX,
        "openLayerBytes", openLayerBytes);
    check(l0CompactionThreshold >= 2, "l0CompactionThreshold", l0CompactionThreshold);
    check(imageCompactionThreshold >= 2, "imageCompactionThreshold", imageCompactionThreshold);
    check(l1TargetBytes >= PageserverLimits.LAYER_BLOCK_TARGET_BYTES, "l1TargetBytes", l1TargetBytes);
    check(pitrBytes >= 0, "pitrBytes", pitrBytes);
  }

  private static void check(boolean ok, String name, long value) {
    if (!ok) {
      throw new IllegalArgumentException("timeline config " + name + " out of range: " + value);
    }
  }

  /** Production-like defaults with the given policy. */
  public static TimelineConfig defaults(ImagePolicy policy) {
    return new TimelineConfig(policy, 4, 1024, 256, 64L << 20, 8, 8, 128L << 20, 0);
  }

  public TimelineConfig withPolicy(ImagePolicy p) {
    return new TimelineConfig(p, shards, queueCapacity, imageBatch, openLayerBytes, l0CompactionThreshold,
        imageCompactionThreshold, l1TargetBytes, pitrBytes);
  }

  public TimelineConfig withShards(int k, int capacity, int batch) {
    return new TimelineConfig(policy, k, capacity, batch, openLayerBytes, l0CompactionThreshold, imageCompactionThreshold,
        l1TargetBytes, pitrBytes);
  }

  public TimelineConfig withLayerSizes(long openBytes, int l0Threshold, int imageThreshold, long l1Bytes) {
    return new TimelineConfig(policy, shards, queueCapacity, imageBatch, openBytes, l0Threshold, imageThreshold, l1Bytes, pitrBytes);
  }

  public TimelineConfig withPitrBytes(long bytes) {
    return new TimelineConfig(policy, shards, queueCapacity, imageBatch, openLayerBytes, l0CompactionThreshold,
        imageCompactionThreshold, l1TargetBytes, bytes);
  }
}
