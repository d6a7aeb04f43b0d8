package untorn.pageserver.image;

import untorn.pageserver.PageserverLimits;

/** ImagePolicy is when the pageserver materializes page images, selectable per timeline. */
public sealed interface ImagePolicy permits ImagePolicy.DeltaThreshold, ImagePolicy.Checkpoint, ImagePolicy.None {
  /** A short label for metrics and reports. */
  String label();

  /**
   * Once a page has {@code threshold} deltas since its last image (or chain-starting record), a
   * worker materializes an image at the page's latest LSN. Reads replay at most about {@code
   * threshold} deltas, plus what arrived while the request waited.
   */
  record DeltaThreshold(int threshold) implements ImagePolicy {
    public DeltaThreshold {
      if (threshold < 1 || threshold > PageserverLimits.DELTA_THRESHOLD_MAX) {
        throw new IllegalArgumentException("delta threshold must be in 1.." + PageserverLimits.DELTA_THRESHOLD_MAX + ": " + threshold);
      }
    }

    @Override
    public String label() {
      return "delta-threshold-" + threshold;
    }
  }

  /**
   * The classic behaviour, for comparison: chains restart only at full-page images carried by
   * WAL (compute with full_page_writes on), plus a full pass that images every page changed since
   * its last image each {@code distanceBytes} of ingested WAL (a checkpoint).
   */
  record Checkpoint(long distanceBytes) implements ImagePolicy {
    public Checkpoint {
      if (distanceBytes < 1) {
        throw new IllegalArgumentException("checkpoint distance must be positive: " + distanceBytes);
      }
    }

    @Override
    public String label() {
      return "checkpoint";
    }
  }

  /** Never materialize images: chains grow without bound (to measure the pathology). */
  record None() implements ImagePolicy {
    @Override
    public String label() {
      return "none";
    }
  }

  /** Parses {@code none}, {@code checkpoint:BYTES} or {@code delta-threshold:T}. */
  static ImagePolicy parse(String text) {
    String[] parts = text.trim().split(":", 2);
    try {
      switch (parts[0]) {
        case "none":
          if (parts.length == 1) {
            return new None();
          }
          break;
        case "checkpoint":
          return new Checkpoint(parts.length == 2 ? Long.parseLong(parts[1]) : 16L << 20);
        case "delta-threshold":
          if (parts.length == 2) {
            return new DeltaThreshold(Integer.parseInt(parts[1]));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in image policy '" + text + "'", e);
    }
    throw new IllegalArgumentException("image policy must be none, checkpoint[:BYTES] or delta-threshold:T, not '" + text + "'");
  }
}
