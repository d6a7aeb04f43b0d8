package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import untorn.core.Invariants;
import untorn.core.io.StorageException;
import untorn.core.page.Page;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TenantTimeline;
import untorn.pageserver.PageserverException;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.image.ImageScheduler;
import untorn.pageserver.ingest.IngestedRecord;
import untorn.pageserver.ingest.WalIngest;
import untorn.pageserver.layer.InMemoryLayer;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerCorruptException;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layermap.LayerMap;
import untorn.pageserver.metrics.PageserverMetrics;
import untorn.pageserver.metrics.PageserverSummary;
import untorn.pageserver.reconstruct.Reconstruction;
import untorn.pageserver.reconstruct.Reconstructor;
import untorn.pageserver.value.Version;

/**
 * Timeline is one WAL history's pageserver state: ingest into the open in-memory layer, the layer
 * map, GetPage, the image scheduler, and the background work that flushes, materializes images,
 * compacts, collects garbage and rebuilds damaged layers.
 *
 * <p>Threads: one ingest driver calls {@link #ingest}; any thread may call {@link #getPage};
 * background work runs through the {@link BackgroundExecutor} of {@link PageserverEnv}, each
 * kind serialized by its own lock (flush, each image shard, maintenance). Readers never lock: they
 * pin a layer map snapshot. Durable state: layer files plus {@link TimelineMetadata}
 * ({@code disk_consistent_lsn}, GC cutoff), replaced atomically. Ingest resumes at {@code
 * disk_consistent_lsn} after a restart; what was above it is ingested again from WAL.
 */
public final class Timeline implements PageserverMetrics.Source {
  /** Records decoded per batch before versions are applied. */
  private static final int DECODE_BATCH = 1024;

  /** A page as of an LSN, and what reconstructing it cost. */
  public record PageResult(Page page, int deltasReplayed, int layersVisited, Lsn baseLsn) {}

  final TenantTimeline id;
  final String directory;
  final TimelineConfig config;
  final PageserverEnv env;
  final Timeline ancestor;
  final Lsn ancestorLsn;
  final LayerStore store;
  final LayerMap layers;
  final ImageScheduler scheduler;
  final PageserverMetrics metrics;

  private final Object ingestLock = new Object();
  private final WalIngest ingest;
  private volatile Lsn lastRecordLsn;
  private volatile Lsn commitLsn = Lsn.ZERO;
  private final LsnWaiters waiters;

  private final Object metadataLock = new Object();
  private TimelineMetadata metadata;
  private volatile Lsn diskConsistentLsn;
  private volatile Lsn gcCutoff;
  private volatile Lsn gcRequested = Lsn.ZERO;
  private final List<Lsn> branchPoints = new ArrayList<>();

  final Object flushLock = new Object();
  final Object maintenanceLock = new Object();
  private final Object[] shardLocks;
  private final AtomicBoolean flushScheduled = new AtomicBoolean();
  private final AtomicBoolean maintenanceScheduled = new AtomicBoolean();
  private final AtomicBoolean[] shardScheduled;
  private volatile boolean started;
  private volatile boolean closed;
  private volatile PageserverException broken;
  private volatile WalProvider walProvider;
  private volatile String lastRebuildFailure;
  final ConcurrentLinkedQueue<String> suspectLayers = new ConcurrentLinkedQueue<>();

  Timeline(TenantTimeline id, String directory, TimelineConfig config, PageserverEnv env, Timeline ancestor,
      TimelineMetadata metadata, List<? extends Layer> historic, long nextSeq, WalProvider walProvider) {
    Invariants.check((ancestor == null) == (metadata.ancestor() == null), "ancestor of %s does not match its metadata", id);
    this.id = id;
    this.directory = directory;
    this.config = config;
    this.env = env;
    this.ancestor = ancestor;
    this.ancestorLsn = metadata.ancestorLsn();
    this.metadata = metadata;
    this.walProvider = walProvider;
    this.diskConsistentLsn = metadata.diskConsistentLsn();
    this.gcCutoff = metadata.gcCutoff();
    this.lastRecordLsn = diskConsistentLsn;
    this.ingest = new WalIngest(diskConsistentLsn, metadata.prevRecordLsn());
    this.waiters = new LsnWaiters(diskConsistentLsn);
    this.store = new LayerStore(env.fs(), directory, nextSeq);
    this.layers = new LayerMap(new InMemoryLayer(diskConsistentLsn.plus(1)), historic);
    this.scheduler = new ImageScheduler(config.policy(), config.shards(), config.queueCapacity());
    this.shardLocks = new Object[config.shards()];
    this.shardScheduled = new AtomicBoolean[config.shards()];
    for (int i = 0; i < config.shards(); i++) {
      shardLocks[i] = new Object();
      shardScheduled[i] = new AtomicBoolean();
    }
    this.metrics = new PageserverMetrics(env.registry(), id.toString(), config.policy().label(), config.shards(), this);
  }

  public TenantTimeline id() {
    return id;
  }

  public TimelineConfig config() {
    return config;
  }

  public Timeline ancestor() {
    return ancestor;
  }

  /** The branch point in the ancestor, or null for a root timeline. */
  public Lsn ancestorLsn() {
    return ancestorLsn;
  }

  public Lsn startLsn() {
    return metadata().startLsn();
  }

  /** End LSN of the last record ingested: GetPage may read up to here. */
  public Lsn lastRecordLsn() {
    return lastRecordLsn;
  }

  /** The end of the WAL bytes received: where the sender continues. */
  public Lsn receivedLsn() {
    synchronized (ingestLock) {
      return ingest.receivedLsn();
    }
  }

  /** Every version at or below this LSN is in a layer file. */
  public Lsn diskConsistentLsn() {
    return diskConsistentLsn;
  }

  /** Reads below this LSN are refused: GC may have removed their versions. */
  public Lsn gcCutoff() {
    return gcCutoff;
  }

  public LayerMap layerMap() {
    return layers;
  }

  public PageserverMetrics metrics() {
    return metrics;
  }

  public PageserverSummary summary() {
    return metrics.summary();
  }

  public void setWalProvider(WalProvider provider) {
    this.walProvider = provider;
  }

  WalProvider walProvider() {
    return walProvider;
  }

  /** Why the timeline stopped taking WAL, or null while it is healthy. */
  public PageserverException brokenReason() {
    return broken;
  }

  // ---------------------------------------------------------------- ingest

  /**
   * Ingests committed WAL stream bytes starting at {@code at} (continuing what was received;
   * overlapping resent bytes must be identical). Decodes every whole record, stores its versions,
   * advances {@code last_record_lsn} and wakes waiting reads. Ingest thread only.
   */
  public void ingest(Lsn at, byte[] bytes) throws PageserverException {
    requireHealthy();
    synchronized (ingestLock) {
      if (layers.current().frozen().size() >= PageserverLimits.FROZEN_LAYERS_MAX) {
        scheduleFlush();
        throw new PageserverException(PageserverException.Kind.BACKPRESSURE, layers.current().frozen().size()
            + " frozen layers wait for flush");
      }
      ingest.receive(at, bytes, 0, bytes.length);
      try {
        for (List<IngestedRecord> batch = ingest.decode(DECODE_BATCH); !batch.isEmpty(); batch = ingest.decode(DECODE_BATCH)) {
          batch.forEach(this::apply);
        }
      } finally {
        afterIngest();
      }
    }
  }

  private void apply(IngestedRecord r) {
    InMemoryLayer open = layers.current().open();
    for (Version v : r.versions()) {
      open.put(v);
      int chain;
      synchronized (scheduler) {
        if (ancestor != null && !scheduler.knows(v.key())) {
          scheduler.restore(v.key(), ancestorChain(v.key()), ancestorLsn, 0, false);
        }
        scheduler.onDelta(v.key(), v.lsn(), v.value().startsChain());
        chain = scheduler.chainLength(v.key());
      }
      metrics.recordChainLength(chain);
    }
    synchronized (scheduler) {
      scheduler.onWal(r.walBytes());
    }
    metrics.recordIngest(r.walBytes(), r.imageBytes());
    open.noteRecordStart(r.logged().startLsn());
    lastRecordLsn = r.logged().endLsn();
  }

  /** Deltas a read of {@code key} at the branch point replays in the ancestor (0 if none). */
  private int ancestorChain(PageKey key) {
    try {
      return ancestor.search(key, ancestorLsn).deltasReplayed();
    } catch (PageserverException e) {
      return 0;
    }
  }

  private void afterIngest() {
    waiters.advance(lastRecordLsn);
    if (layers.current().open().sizeBytes() >= config.openLayerBytes()) {
      freeze();
    }
    if (!layers.current().frozen().isEmpty()) {
      scheduleFlush();
    }
    scheduleImageWork();
  }

  /** Freezes the open layer if anything was ingested into it, and schedules its flush. */
  public void checkpoint() throws PageserverException {
    requireHealthy();
    synchronized (ingestLock) {
      freeze();
      scheduleFlush();
    }
  }

  private void freeze() {
    InMemoryLayer open = layers.current().open();
    Lsn end = lastRecordLsn.plus(1);
    if (!end.isAfter(open.start())) {
      return;
    }
    if (ingest.lastRecordStart() != null) {
      open.noteRecordStart(ingest.lastRecordStart());
    }
    layers.freezeOpen(end, new InMemoryLayer(end));
  }

  /**
   * The sender's committed position (the safekeepers' commit LSN), for the ingest lag metric:
   * WAL committed but not yet ingested here.
   */
  public void noteCommitLsn(Lsn lsn) {
    if (lsn.isAfter(commitLsn)) {
      commitLsn = lsn;
    }
  }

  /** After a WAL_CORRUPT error: drop undecoded bytes; the sender resends from last_record_lsn. */
  public void restartIngest() {
    synchronized (ingestLock) {
      ingest.restart();
    }
  }

  // ---------------------------------------------------------------- reads

  /**
   * GetPage without waiting: {@code NOT_YET_INGESTED} if ingest (here, or in an ancestor up to the
   * branch point) has not reached {@code lsn}.
   */
  public PageResult getPage(PageKey key, Lsn lsn) throws PageserverException {
    return read(key, lsn);
  }

  /**
   * GetPage waiting up to {@code timeoutMillis} for ingest to reach {@code lsn}. A wait that ends
   * without the LSN (timeout, interrupt) gives its slots back here and in the ancestors.
   */
  public PageResult getPage(PageKey key, Lsn lsn, long timeoutMillis) throws PageserverException, InterruptedException {
    List<Runnable> release = new ArrayList<>();
    CompletableFuture<Void> f = waitForLsn(lsn, release);
    try {
      f.get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      release.forEach(Runnable::run);
      throw new PageserverException(PageserverException.Kind.WAIT_TIMEOUT, "ingest did not reach " + lsn + " within "
          + timeoutMillis + " ms (at " + lastRecordLsn + ")");
    } catch (InterruptedException e) {
      release.forEach(Runnable::run);
      throw e;
    } catch (ExecutionException e) {
      throw new AssertionError("LSN waits never fail", e);
    }
    return read(key, lsn);
  }

  /**
   * A future completed once ingest reaches {@code lsn} here and, up to the branch points, in every
   * ancestor (after a restart an ancestor re-ingests too); the caller bounds how long it waits.
   */
  public CompletableFuture<Void> waitForLsn(Lsn lsn) throws PageserverException {
    return waitForLsn(lsn, new ArrayList<>());
  }

  /**
   * As {@link #waitForLsn(Lsn)}; adds to {@code release} what gives each wait it registered (here
   * and in the ancestors) back, for a caller that stops waiting. A refused wait gives back the
   * ones already registered.
   */
  private CompletableFuture<Void> waitForLsn(Lsn lsn, List<Runnable> release) throws PageserverException {
    CompletableFuture<Void> own = waiters.waitFor(lsn);
    release.add(() -> waiters.forget(own));
    if (ancestor == null) {
      return own;
    }
    try {
      return CompletableFuture.allOf(own, ancestor.waitForLsn(Lsn.min(lsn, ancestorLsn), release));
    } catch (PageserverException e) {
      release.forEach(Runnable::run);
      release.clear();
      throw e;
    }
  }

  private PageResult read(PageKey key, Lsn lsn) throws PageserverException {
    long t0 = env.clock().monotonicNanos();
    Reconstruction r = search(key, lsn);
    Page page = r.materialize();
    metrics.recordReconstruct(r.deltasReplayed(), r.layersVisited(), Math.max(0, env.clock().monotonicNanos() - t0));
    return new PageResult(page, r.deltasReplayed(), r.layersVisited(), r.baseLsn());
  }

  /**
   * Finds the chain of {@code key} at {@code lsn} (no redo): in this timeline's layers, then in
   * the ancestors' up to their branch points. Checks GC cutoffs after pinning, so a GC that
   * publishes its result concurrently is either seen in full (and the read refused) or not at all.
   */
  public Reconstruction search(PageKey key, Lsn lsn) throws PageserverException {
    List<Timeline> pinnedBy = new ArrayList<>();
    List<Reconstructor.Segment> segments = new ArrayList<>();
    try {
      Timeline t = this;
      Lsn upTo = lsn;
      boolean atBranchPoint = false;
      while (t != null) {
        Invariants.check(segments.size() < PageserverLimits.ANCESTOR_DEPTH_MAX, "ancestor chain of %s too deep", id);
        LayerMap.Snapshot s = t.layers.pin();
        pinnedBy.add(t);
        segments.add(new Reconstructor.Segment(s, upTo));
        if (upTo.isAfter(t.lastRecordLsn)) {
          throw new PageserverException(PageserverException.Kind.NOT_YET_INGESTED, t.id + " has ingested up to "
              + t.lastRecordLsn + ", not " + upTo);
        }
        if (upTo.isBefore(t.gcCutoff) && !atBranchPoint) {
          throw new PageserverException(PageserverException.Kind.BELOW_GC_CUTOFF, t.id + " keeps versions from "
              + t.gcCutoff + " up, not " + upTo);
        }
        if (t.ancestor != null) {
          atBranchPoint = !upTo.isBefore(t.ancestorLsn);
          upTo = Lsn.min(upTo, t.ancestorLsn);
        }
        t = t.ancestor;
      }
      return Reconstructor.search(key, lsn, segments);
    } catch (LayerCorruptException e) {
      for (Timeline t : pinnedBy) {
        t.reportCorrupt(e.layerName());
      }
      throw e;
    } finally {
      for (int i = 0; i < pinnedBy.size(); i++) {
        pinnedBy.get(i).layers.unpin(segments.get(i).snapshot());
      }
    }
  }

  /** Reads a page for background work (image generation, rebuild): no wait, no metrics. */
  Page readInternal(PageKey key, Lsn lsn) throws PageserverException {
    return search(key, lsn).materialize();
  }

  // ---------------------------------------------------------------- durable state

  TimelineMetadata metadata() {
    synchronized (metadataLock) {
      return metadata;
    }
  }

  /** Durably records that everything at or below {@code dcl} is in layer files. */
  void persistDiskConsistent(Lsn dcl, Lsn prevRecordStart) throws StorageException {
    synchronized (metadataLock) {
      Invariants.check(dcl.atLeast(metadata.diskConsistentLsn()), "disk_consistent_lsn going back: %s to %s",
          metadata.diskConsistentLsn(), dcl);
      TimelineMetadata next = metadata.withDiskConsistent(dcl, prevRecordStart.equals(Lsn.ZERO) ? metadata.prevRecordLsn() : prevRecordStart);
      next.store(env.fs(), directory);
      metadata = next;
      diskConsistentLsn = dcl;
    }
  }

  /** Durably raises the GC cutoff, then publishes it: reads below it are refused from now on. */
  void persistGcCutoff(Lsn cutoff) throws StorageException {
    synchronized (metadataLock) {
      Invariants.check(cutoff.atLeast(metadata.gcCutoff()), "GC cutoff going back: %s to %s", metadata.gcCutoff(), cutoff);
      TimelineMetadata next = metadata.withGcCutoff(cutoff);
      next.store(env.fs(), directory);
      metadata = next;
      gcCutoff = cutoff;
    }
  }

  // ---------------------------------------------------------------- branches and GC

  /**
   * Registers a child's branch point: GC keeps every page readable at it. A new branch must not
   * start below the GC cutoff; a loaded one was registered before the cutoff passed it.
   */
  void addBranchPoint(Lsn at, boolean isNew) throws PageserverException {
    synchronized (maintenanceLock) {
      if (isNew && at.isBefore(gcCutoff)) {
        throw new PageserverException(PageserverException.Kind.INVALID_BRANCH_POINT, "branch point " + at
            + " is below the GC cutoff " + gcCutoff + " of " + id);
      }
      synchronized (branchPoints) {
        branchPoints.add(at);
      }
    }
  }

  List<Lsn> branchPoints() {
    synchronized (branchPoints) {
      return List.copyOf(branchPoints);
    }
  }

  /** Asks for garbage collection up to {@code horizon} (capped at disk_consistent_lsn). */
  public void requestGc(Lsn horizon) {
    if (horizon.isAfter(gcRequested)) {
      gcRequested = horizon;
    }
    scheduleMaintenance();
  }

  Lsn gcRequested() {
    Lsn h = gcRequested;
    if (config.pitrBytes() > 0 && lastRecordLsn.value() > config.pitrBytes()) {
      h = Lsn.max(h, Lsn.of(lastRecordLsn.value() - config.pitrBytes()));
    }
    return h;
  }

  // ---------------------------------------------------------------- background scheduling

  /** Lets background work run; before this, it is only noted (used while loading a tenant). */
  public void start() {
    started = true;
    scheduleFlush();
    scheduleImageWork();
    scheduleMaintenance();
  }

  void scheduleFlush() {
    submit(flushScheduled, "flush " + id, () -> Flusher.run(this));
  }

  void scheduleImageWork() {
    for (int s = 0; s < shardScheduled.length; s++) {
      boolean work;
      synchronized (scheduler) {
        work = scheduler.hasWork(s);
      }
      if (work) {
        int shard = s;
        submit(shardScheduled[s], "image shard " + s + " " + id, () -> ImageWorker.run(this, shard));
      }
    }
  }

  void scheduleMaintenance() {
    submit(maintenanceScheduled, "maintenance " + id, () -> Maintenance.run(this));
  }

  Object shardLock(int shard) {
    return shardLocks[shard];
  }

  private void submit(AtomicBoolean scheduled, String name, Runnable body) {
    if (!started || closed || broken != null || !scheduled.compareAndSet(false, true)) {
      return;
    }
    env.executor().execute(BackgroundExecutor.task(name, () -> {
      scheduled.set(false);
      if (!closed && broken == null) {
        body.run();
      }
    }));
  }

  /** Why the last rebuild of a quarantined layer failed, or null. */
  public String lastRebuildFailure() {
    return lastRebuildFailure;
  }

  void noteRebuildFailure(String why) {
    lastRebuildFailure = why;
  }

  /** Deletes layer files written by work whose result was not published. */
  void discardUnpublished(List<PersistentLayer> written) {
    for (PersistentLayer p : written) {
      try {
        store.delete(p);
      } catch (StorageException e) {
        onStorageFailure("discarding " + p.name(), e);
      }
    }
  }

  /** A read found a damaged layer: maintenance quarantines it and rebuilds it from WAL. */
  void reportCorrupt(String layerName) {
    suspectLayers.add(layerName);
    scheduleMaintenance();
  }

  /** Handles a storage failure of background work: a failed fsync stops the timeline for good. */
  void onStorageFailure(String what, StorageException e) {
    if (e.kind() == StorageException.Kind.SYNC_FAILED) {
      broken = new PageserverException(PageserverException.Kind.BROKEN, what + ": fsync failed; reload the timeline", e);
    }
  }

  private void requireHealthy() throws PageserverException {
    if (broken != null) {
      throw broken;
    }
    if (closed) {
      throw new PageserverException(PageserverException.Kind.UNKNOWN_TIMELINE, id + " is shut down");
    }
  }

  /** Deletes the files of layers no reader can reach any more. */
  void reclaimLayers() {
    for (Layer l : layers.reclaim()) {
      if (l instanceof PersistentLayer p) {
        try {
          store.delete(p);
        } catch (StorageException e) {
          // The file stays; a restart finds it redundant or re-collects it. Nothing is lost.
          onStorageFailure("deleting " + p.name(), e);
        }
      }
    }
  }

  /** Stops background work and closes layer files. Pending tasks do nothing when they run. */
  public void close() {
    closed = true;
    for (Layer l : layers.current().historic()) {
      if (l instanceof PersistentLayer p) {
        p.close();
      }
    }
  }

  public boolean isClosed() {
    return closed;
  }

  // ---------------------------------------------------------------- metrics source

  /** Committed or received WAL not yet decoded and stored: how far ingest trails the sender. */
  @Override
  public long ingestLagBytes() {
    Lsn last = lastRecordLsn;
    Lsn ahead = Lsn.max(commitLsn, receivedLsn());
    return ahead.isAfter(last) ? ahead.minus(last) : 0;
  }

  @Override
  public long flushLagBytes() {
    return lastRecordLsn.minus(Lsn.min(lastRecordLsn, diskConsistentLsn));
  }

  @Override
  public List<ImageScheduler.HotPage> hottest(int n) {
    synchronized (scheduler) {
      return scheduler.hottest(n);
    }
  }

  @Override
  public int[] chainLengths() {
    synchronized (scheduler) {
      return scheduler.chainLengths();
    }
  }

  @Override
  public long imageRequestsRejected() {
    long n = 0;
    synchronized (scheduler) {
      for (int s = 0; s < scheduler.shardCount(); s++) {
        n += scheduler.shardStats(s).rejected();
      }
    }
    return n;
  }

  public ImageScheduler.ShardStats shardStats(int shard) {
    synchronized (scheduler) {
      return scheduler.shardStats(shard);
    }
  }

  /** The current chain length of a page by the scheduler's bookkeeping. */
  public int chainLength(PageKey key) {
    synchronized (scheduler) {
      return scheduler.chainLength(key);
    }
  }

  @Override
  public String toString() {
    return "Timeline[" + id + " last=" + lastRecordLsn + " dcl=" + diskConsistentLsn + " cutoff=" + gcCutoff + "]";
  }
}
