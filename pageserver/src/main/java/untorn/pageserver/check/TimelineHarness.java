package untorn.pageserver.check;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import untorn.core.io.FileSystem;
import untorn.core.io.MemoryFileSystem;
import untorn.core.types.Lsn;
import untorn.core.types.TenantId;
import untorn.core.types.TimelineId;
import untorn.core.wal.InMemoryWal;
import untorn.pageserver.PageserverException;
import untorn.pageserver.timeline.DeterministicExecutor;
import untorn.pageserver.timeline.InMemoryWalProvider;
import untorn.pageserver.timeline.PageserverEnv;
import untorn.pageserver.timeline.Tenant;
import untorn.pageserver.timeline.Timeline;
import untorn.pageserver.timeline.TimelineConfig;

/**
 * TimelineHarness runs a tenant on a {@link MemoryFileSystem} (or any file system) with a seeded {@link
 * DeterministicExecutor}: tests feed WAL in random chunks, run background tasks step by step, and
 * restart the tenant from its files, all reproducibly from one seed.
 */
public final class TimelineHarness {
  public static final TenantId TENANT = new TenantId(0x7E57);

  /** The file system of the current incarnation (a crash may swap in what a disk kept). */
  public FileSystem fs;
  public final SplittableRandom random;
  public final Map<TimelineId, TimelineConfig> configs = new HashMap<>();
  public final Map<TimelineId, InMemoryWal> wals = new HashMap<>();
  /** Where each timeline's WAL provider starts after a restart (default: the WAL's start). */
  public final Map<TimelineId, Lsn> providerStarts = new HashMap<>();
  public DeterministicExecutor executor;
  public SimpleMeterRegistry registry;
  public Tenant tenant;
  private final long seed;
  private int incarnation;

  public TimelineHarness(long seed) throws PageserverException {
    this(seed, new MemoryFileSystem());
  }

  public TimelineHarness(long seed, FileSystem fs) throws PageserverException {
    this.seed = seed;
    this.fs = fs;
    this.random = new SplittableRandom(seed);
    newIncarnation();
    this.tenant = Tenant.create(env(), TENANT);
  }

  private void newIncarnation() {
    incarnation++;
    executor = new DeterministicExecutor(new SplittableRandom(seed * 31 + incarnation));
    registry = new SimpleMeterRegistry();
  }

  public PageserverEnv env() {
    return new PageserverEnv(fs, executor, registry, new StepClock());
  }

  public Timeline create(TimelineId id, TimelineConfig config, InMemoryWal wal) throws PageserverException {
    configs.put(id, config);
    wals.put(id, wal);
    return tenant.createTimeline(id, config, new InMemoryWalProvider(wal));
  }

  public Timeline branch(TimelineId child, TimelineId ancestor, Lsn at, TimelineConfig config, InMemoryWal wal)
      throws PageserverException {
    configs.put(child, config);
    wals.put(child, wal);
    return tenant.branch(child, ancestor, at, config, new InMemoryWalProvider(wal));
  }

  /**
   * Feeds {@code t} its WAL from where its ingest stands up to {@code upTo}, in random chunks of
   * at most {@code chunkMax} bytes.
   */
  public void feed(Timeline t, Lsn upTo, int chunkMax) throws PageserverException {
    InMemoryWal wal = wals.get(t.id().timeline());
    Lsn at = t.receivedLsn();
    Lsn end = Lsn.min(upTo, wal.end());
    while (at.isBefore(end)) {
      long n = Math.min(end.minus(at), 1 + random.nextInt(chunkMax));
      t.ingest(at, wal.bytes(at, at.plus(n)));
      at = at.plus(n);
    }
  }

  /** Drops the tenant as a crash would (no clean shutdown) and loads it from the files. */
  public void restart() throws PageserverException {
    tenant.close();
    load();
  }

  /**
   * A power loss: the old incarnation is abandoned without touching its files (its file system
   * may be dead), and the tenant loads from {@code survivor}, what the disk kept.
   */
  public void crashRestart(FileSystem survivor) throws PageserverException {
    fs = survivor;
    load();
  }

  private void load() throws PageserverException {
    newIncarnation();
    tenant = Tenant.load(env(), TENANT, configs::get,
        id -> new InMemoryWalProvider(wals.get(id), providerStarts.getOrDefault(id, wals.get(id).base())));
  }

  public Timeline timeline(TimelineId id) throws PageserverException {
    return tenant.timeline(id);
  }

  /** Runs up to {@code n} background tasks. */
  public void step(int n) {
    for (int i = 0; i < n && executor.runNext(); i++) {
      // run
    }
  }

  public void settle() {
    executor.runUntilIdle(100_000);
  }
}
