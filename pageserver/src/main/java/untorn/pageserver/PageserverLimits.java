package untorn.pageserver;

import untorn.core.Invariants;
import untorn.core.Limits;

/**
 * PageserverLimits holds every bound of the pageserver (file format sizes, queue depths, waiters,
 * in-memory backlog), with the relations between them checked once when the class loads.
 */
public final class PageserverLimits {
  private PageserverLimits() {}

  /** Bytes of the fixed header that starts every encoded value (see {@code ValueCodec}). */
  public static final int VALUE_HEADER_BYTES = 16;

  /** The largest encoded value: a delta with the most block data and a full-page image. */
  public static final int VALUE_BYTES_MAX = VALUE_HEADER_BYTES + Limits.WAL_BLOCK_DATA_BYTES_MAX + Limits.PAGE_SIZE_BYTES;

  /** A layer data block is closed once its payload reaches this size. */
  public static final int LAYER_BLOCK_TARGET_BYTES = 8192;

  /** A block holds whole values: it exceeds the target by at most one value. */
  public static final int LAYER_BLOCK_PAYLOAD_BYTES_MAX = LAYER_BLOCK_TARGET_BYTES + VALUE_BYTES_MAX;

  /** Index entries per index block of a layer file. */
  public static final int LAYER_INDEX_ENTRIES_PER_BLOCK = 256;

  /** Versions one layer file may hold; a header claiming more is corrupt. */
  public static final int LAYER_ENTRIES_MAX = 1 << 24;

  /** Committed WAL bytes ingest may buffer ahead of decoding (a partial record and one chunk). */
  public static final int INGEST_BUFFER_BYTES_MAX = 64 << 20;

  /** Frozen in-memory layers waiting for flush before ingest pushes back. */
  public static final int FROZEN_LAYERS_MAX = 16;

  /** Smallest and largest open-layer size at which it is frozen. */
  public static final long OPEN_LAYER_BYTES_MIN = 4096;
  public static final long OPEN_LAYER_BYTES_MAX = 1L << 30;

  /** GetPage requests that may wait for ingest at once, per timeline. */
  public static final int LSN_WAITERS_MAX = 10_000;

  /** Image generation shards per timeline. */
  public static final int SHARDS_MAX = 64;

  /** Pending image requests per shard. */
  public static final int IMAGE_QUEUE_CAPACITY_MAX = 1 << 16;

  /** Images one worker run materializes (one image layer file). */
  public static final int IMAGE_BATCH_MAX = 4096;

  /** Largest delta threshold. */
  public static final int DELTA_THRESHOLD_MAX = 1 << 16;

  /** Hottest pages reported in metrics and summaries. */
  public static final int HOT_PAGES_REPORTED = 10;

  /** Layers one timeline may hold (a bound on every per-read layer scan). */
  public static final int LAYERS_PER_TIMELINE_MAX = 100_000;

  /** Level-0 layers one compaction merges (the rest wait for the next one). */
  public static final int COMPACTION_INPUTS_MAX = 64;

  /** Branch depth (a timeline's chain of ancestors). */
  public static final int ANCESTOR_DEPTH_MAX = 64;

  static {
    Invariants.check(VALUE_BYTES_MAX < LAYER_BLOCK_PAYLOAD_BYTES_MAX, "a block must fit the largest value");
    Invariants.check(LAYER_BLOCK_PAYLOAD_BYTES_MAX < 1 << 20, "block payload lengths stay small");
    Invariants.check(INGEST_BUFFER_BYTES_MAX > 2L * Limits.WAL_RECORD_BYTES_MAX, "ingest must buffer the largest record");
    Invariants.check(OPEN_LAYER_BYTES_MIN >= VALUE_BYTES_MAX / 8, "open layers hold several values");
    Invariants.check(OPEN_LAYER_BYTES_MAX * FROZEN_LAYERS_MAX <= 1L << 35, "in-memory backlog stays bounded");
    Invariants.check(IMAGE_BATCH_MAX <= IMAGE_QUEUE_CAPACITY_MAX, "a batch never exceeds a queue");
    Invariants.check(HOT_PAGES_REPORTED > 0 && SHARDS_MAX > 0, "positive counts");
    Invariants.check(COMPACTION_INPUTS_MAX <= untorn.pageserver.layer.LayerFileWriter.REPLACED_MAX,
        "an output names all its inputs");
  }
}
