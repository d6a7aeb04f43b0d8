package untorn.pageserver.image;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverLimits;

/**
 * ImageScheduler is the image policy's state machine: pure, deterministic, not thread-safe (the
 * timeline calls it under a lock). Inputs: every ingested delta ({@link #onDelta}), WAL volume
 * ({@link #onWal}), and workers' results ({@link #installed}, {@link #failed}). Output: batches
 * of {@link ImageTask}s per shard ({@link #take}).
 *
 * <p>Per page it keeps the chain length (deltas a read would replay above the newest image or
 * chain-starting record), the latest LSN and the total delta count. Each shard has a FIFO queue
 * bounded by {@code queueCapacity} in which a page appears at most once: a hot page's new deltas
 * never add entries, and after its image it goes to the back. A request refused by a full queue
 * is retried at the page's next delta, so no page is forgotten.
 */
public final class ImageScheduler {
  /** A page's write heat and current chain. */
  public record HotPage(PageKey key, long deltasTotal, int chainLength) {}

  /** Counters of one shard. */
  public record ShardStats(int shard, int queued, int passPending, long enqueued, long rejected, long installed) {}

  private static final class PageState {
    int chain;
    Lsn latestLsn = Lsn.ZERO;
    long deltasTotal;
    boolean queued;
    boolean inPass;
    boolean inFlight;
    long queuedAt;
  }

  private static final class Shard {
    final ArrayDeque<PageKey> queue = new ArrayDeque<>();
    final ArrayDeque<PageKey> pass = new ArrayDeque<>();
    long enqueued;
    long rejected;
    long installed;
  }

  private final ImagePolicy policy;
  private final int queueCapacity;
  private final Shard[] shards;
  private final Map<PageKey, PageState> pages = new HashMap<>();
  private long walSincePassBytes;
  private long passes;

  public ImageScheduler(ImagePolicy policy, int shardCount, int queueCapacity) {
    if (shardCount < 1 || shardCount > PageserverLimits.SHARDS_MAX || queueCapacity < 1
        || queueCapacity > PageserverLimits.IMAGE_QUEUE_CAPACITY_MAX) {
      throw new IllegalArgumentException("shards must be 1.." + PageserverLimits.SHARDS_MAX + " and queue capacity 1.."
          + PageserverLimits.IMAGE_QUEUE_CAPACITY_MAX + ": " + shardCount + ", " + queueCapacity);
    }
    this.policy = policy;
    this.queueCapacity = queueCapacity;
    this.shards = new Shard[shardCount];
    for (int i = 0; i < shardCount; i++) {
      shards[i] = new Shard();
    }
  }

  public ImagePolicy policy() {
    return policy;
  }

  public int shardCount() {
    return shards.length;
  }

  /** The shard of a page: a fixed hash of its key, so a page's image work stays on one shard. */
  public static int shardOf(PageKey key, int shardCount) {
    long h = key.packed() * 0x9E3779B97F4A7C15L;
    h ^= h >>> 31;
    h *= 0xBF58476D1CE4E5B9L;
    h ^= h >>> 29;
    return (int) Long.remainderUnsigned(h, shardCount);
  }

  public int shardOf(PageKey key) {
    return shardOf(key, shards.length);
  }

  /** Ingest stored a delta of {@code key} at {@code lsn}. */
  public void onDelta(PageKey key, Lsn lsn, boolean startsChain) {
    PageState s = pages.computeIfAbsent(key, k -> new PageState());
    Invariants.check(lsn.isAfter(s.latestLsn), "delta of %s at %s not after %s", key, lsn, s.latestLsn);
    s.deltasTotal++;
    s.latestLsn = lsn;
    s.chain = startsChain ? 1 : s.chain + 1;
    maybeEnqueue(key, s);
  }

  /** Ingest consumed {@code bytes} of WAL; a checkpoint policy may start a full pass. */
  public void onWal(long bytes) {
    if (!(policy instanceof ImagePolicy.Checkpoint c)) {
      return;
    }
    walSincePassBytes += bytes;
    if (walSincePassBytes < c.distanceBytes()) {
      return;
    }
    walSincePassBytes = 0;
    passes++;
    List<PageKey> dirty = new ArrayList<>();
    for (Map.Entry<PageKey, PageState> e : pages.entrySet()) {
      PageState s = e.getValue();
      if (s.chain > 0 && !s.inPass) {
        dirty.add(e.getKey());
      }
    }
    dirty.sort(null);
    for (PageKey k : dirty) {
      pages.get(k).inPass = true;
      shards[shardOf(k)].pass.addLast(k);
    }
  }

  private void maybeEnqueue(PageKey key, PageState s) {
    if (!(policy instanceof ImagePolicy.DeltaThreshold t) || s.chain < t.threshold() || s.queued || s.inFlight) {
      return;
    }
    Shard shard = shards[shardOf(key)];
    if (shard.queue.size() >= queueCapacity) {
      shard.rejected++;
      return;
    }
    shard.queue.addLast(key);
    shard.enqueued++;
    s.queued = true;
    s.queuedAt = s.deltasTotal;
  }

  public boolean hasWork(int shard) {
    return !shards[shard].queue.isEmpty() || !shards[shard].pass.isEmpty();
  }

  /** Takes up to {@code max} image tasks of a shard, queue first, then a checkpoint pass. */
  public List<ImageTask> take(int shard, int max) {
    Invariants.check(max >= 1 && max <= PageserverLimits.IMAGE_BATCH_MAX, "batch of %d", max);
    Shard sh = shards[shard];
    List<ImageTask> out = new ArrayList<>();
    while (out.size() < max && !(sh.queue.isEmpty() && sh.pass.isEmpty())) {
      boolean fromQueue = !sh.queue.isEmpty();
      PageKey key = fromQueue ? sh.queue.pollFirst() : sh.pass.pollFirst();
      PageState s = pages.get(key);
      if (fromQueue) {
        s.queued = false;
      } else {
        s.inPass = false;
      }
      // Skip pages an image or a chain-starting record already cut short.
      boolean needed = fromQueue ? s.chain >= ((ImagePolicy.DeltaThreshold) policy).threshold() : s.chain > 0;
      if (needed && !s.inFlight) {
        s.inFlight = true;
        out.add(new ImageTask(key, s.latestLsn, shard, s.deltasTotal, fromQueue ? s.queuedAt : s.deltasTotal));
      }
    }
    return out;
  }

  /** A worker installed the image of {@code t}: the chain keeps only deltas ingested since. */
  public void installed(ImageTask t) {
    PageState s = pages.get(t.key());
    Invariants.check(s != null && s.inFlight, "image of %s installed without a task in flight", t.key());
    s.inFlight = false;
    s.chain = (int) Math.min(s.chain, s.deltasTotal - t.takenAtDelta());
    shards[t.shard()].installed++;
    maybeEnqueue(t.key(), s);
  }

  /**
   * A worker could not materialize {@code t} (storage error, damaged layer): the page is requested
   * again at its next delta, not now, so a persistent failure cannot spin a worker.
   */
  public void failed(ImageTask t) {
    PageState s = pages.get(t.key());
    Invariants.check(s != null && s.inFlight, "image of %s failed without a task in flight", t.key());
    s.inFlight = false;
  }

  /**
   * Restores a page's bookkeeping: after a restart (rebuilt from the layer files), or for a page a
   * branch first changes (its chain so far lies in the ancestor). With {@code enqueue} a page
   * already over the threshold is queued at once.
   */
  public void restore(PageKey key, int chain, Lsn latestLsn, long deltasTotal, boolean enqueue) {
    PageState s = pages.computeIfAbsent(key, k -> new PageState());
    s.chain = chain;
    s.latestLsn = latestLsn;
    s.deltasTotal = deltasTotal;
    if (enqueue) {
      maybeEnqueue(key, s);
    }
  }

  /** Whether the scheduler has seen the page. */
  public boolean knows(PageKey key) {
    return pages.containsKey(key);
  }

  /** Deltas a read of the page at its latest LSN replays now (0 for an unknown page). */
  public int chainLength(PageKey key) {
    PageState s = pages.get(key);
    return s == null ? 0 : s.chain;
  }

  public int pageCount() {
    return pages.size();
  }

  public long passes() {
    return passes;
  }

  /** Current chain lengths of every page, ascending. */
  public int[] chainLengths() {
    return pages.values().stream().mapToInt(s -> s.chain).sorted().toArray();
  }

  /** The {@code n} pages with the most deltas ingested, hottest first (ties by key). */
  public List<HotPage> hottest(int n) {
    Comparator<HotPage> heat = Comparator.comparingLong(HotPage::deltasTotal).thenComparing(HotPage::key, Comparator.reverseOrder());
    PriorityQueue<HotPage> top = new PriorityQueue<>(heat);
    for (Map.Entry<PageKey, PageState> e : pages.entrySet()) {
      top.add(new HotPage(e.getKey(), e.getValue().deltasTotal, e.getValue().chain));
      if (top.size() > n) {
        top.poll();
      }
    }
    List<HotPage> out = new ArrayList<>(top);
    out.sort(heat.reversed());
    return out;
  }

  public ShardStats shardStats(int shard) {
    Shard s = shards[shard];
    return new ShardStats(shard, s.queue.size(), s.pass.size(), s.enqueued, s.rejected, s.installed);
  }
}
