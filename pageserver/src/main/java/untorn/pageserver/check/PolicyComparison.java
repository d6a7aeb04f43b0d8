package untorn.pageserver.check;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Arrays;
import java.util.SplittableRandom;
import untorn.core.io.FileSystem;
import untorn.core.io.MemoryFileSystem;
import untorn.core.io.StorageException;
import untorn.core.io.SystemClock;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.image.ImageScheduler;
import untorn.pageserver.metrics.PageserverSummary;
import untorn.pageserver.timeline.DeterministicExecutor;
import untorn.pageserver.timeline.InMemoryWalProvider;
import untorn.pageserver.timeline.PageserverEnv;
import untorn.pageserver.timeline.Tenant;
import untorn.pageserver.timeline.Timeline;
import untorn.pageserver.timeline.TimelineConfig;
import untorn.pageserver.workload.SyntheticWal;

/**
 * PolicyComparison runs one synthetic write-heavy workload through a timeline under one image
 * policy and measures what the bench reports compare: WAL volume (and how much of it is
 * full-page images, which depends on the compute's full_page_writes), read cost (deltas
 * replayed, layers visited, reconstruct time on the real clock), images the pageserver wrote,
 * and the storage it holds at the end. Background work runs on a deterministic executor every
 * {@code backgroundEvery} records, so the figures other than time are reproducible from the seed.
 */
public final class PolicyComparison {
  private PolicyComparison() {}

  /** One configuration to measure: the compute's full-page writes and the pageserver's policy. */
  public record Setup(String name, boolean fullPageWrites, ImagePolicy policy) {}

  /** The workload: records, key space, hot set, checkpoint spacing, background pace, seed. */
  public record Workload(int records, int relations, int pagesPerRelation, int hotPages, double hotFraction,
      int checkpointEveryRecords, int backgroundEvery, long seed) {}

  /** What one setup measured. */
  public record Result(Setup setup, long walBytes, long fpiBytes, long storageBytes, PageserverSummary summary) {
    public double fpiFraction() {
      return walBytes == 0 ? 0 : (double) fpiBytes / walBytes;
    }
  }

  public static Result run(Setup setup, Workload w) throws PageserverException {
    SyntheticWal.Options opt = new SyntheticWal.Options(w.relations(), w.pagesPerRelation(), w.hotPages(), w.hotFraction(),
        setup.fullPageWrites(), w.checkpointEveryRecords(), 0.05, 0.1, 120);
    SyntheticWal gen = new SyntheticWal(opt, w.seed());
    gen.generate(w.records());
    MemoryFileSystem fs = new MemoryFileSystem();
    DeterministicExecutor executor = new DeterministicExecutor();
    PageserverEnv env = new PageserverEnv(fs, executor, new SimpleMeterRegistry(), SystemClock.INSTANCE);
    Tenant tenant = Tenant.create(env, TimelineHarness.TENANT);
    TimelineConfig cfg = TimelineConfig.defaults(setup.policy()).withLayerSizes(1 << 20, 8, 8, 8 << 20).withShards(4, 1024, 256);
    Timeline t = tenant.createTimeline(new TimelineId(1), cfg, new InMemoryWalProvider(gen.wal()));
    SplittableRandom random = new SplittableRandom(w.seed() ^ 0xBE7C);
    int n = 0;
    for (LoggedRecord r : gen.records()) {
      ingest(t, executor, gen, r);
      if (++n % w.backgroundEvery() == 0) {
        executor.runUntilIdle();
      }
      PageKey k = r.record().blocks().isEmpty() ? null : r.record().blocks().get(random.nextInt(r.record().blocks().size())).key();
      if (k != null) {
        t.getPage(k, r.endLsn());
      }
    }
    t.checkpoint();
    executor.runUntilIdle();
    return new Result(setup, gen.walBytes(), gen.fpiBytes(), storageBytes(fs, "tenants"), t.summary());
  }

  /** Ingests up to the end of {@code r}; when ingest pushes back, lets the background catch up. */
  private static void ingest(Timeline t, DeterministicExecutor executor, SyntheticWal gen, LoggedRecord r) throws PageserverException {
    while (true) {
      Lsn at = t.receivedLsn();
      try {
        t.ingest(at, gen.wal().bytes(at, r.endLsn()));
        return;
      } catch (PageserverException e) {
        if (e.kind() != PageserverException.Kind.BACKPRESSURE || executor.runUntilIdle() == 0) {
          throw e;
        }
      }
    }
  }

  private static long storageBytes(FileSystem fs, String dir) {
    long total = 0;
    try {
      for (String name : fs.list(dir)) {
        String path = FileSystem.join(dir, name);
        if (fs.list(path).isEmpty() && !name.isEmpty()) {
          try (var h = fs.open(path)) {
            total += h.sizeBytes();
          } catch (StorageException e) {
            // a directory with no entries
          }
        } else {
          total += storageBytes(fs, path);
        }
      }
    } catch (StorageException e) {
      return total;
    }
    return total;
  }

  /** One line per result, aligned under {@link #header()}. */
  public static String row(Result r) {
    PageserverSummary s = r.summary();
    return String.format("%-26s %-4s %9.2f %5.1f%% %7d %5d %5d %6d %5d %5d %8d %8d %7d %9.2f %9.2f",
        r.setup().name(), r.setup().fullPageWrites() ? "on" : "off", r.walBytes() / 1048576.0, 100 * r.fpiFraction(), s.getPages(),
        s.deltasReplayedP50(), s.deltasReplayedP99(), s.deltasReplayedMax(), s.layersVisitedP50(), s.layersVisitedMax(),
        s.reconstructMicrosP50(), s.reconstructMicrosP99(), s.imagesGenerated(), s.imageBytesWritten() / 1048576.0,
        r.storageBytes() / 1048576.0);
  }

  /**
   * What the table leaves out, one line per setup: the chain-length distribution at the end, the
   * three hottest pages with their chains, images per shard, and the ingest and flush lags.
   */
  public static String details(Result r) {
    PageserverSummary s = r.summary();
    StringBuilder hot = new StringBuilder();
    for (ImageScheduler.HotPage p : s.hottest().subList(0, Math.min(3, s.hottest().size()))) {
      hot.append(String.format(" [%s: %d, %d]", p.key(), p.deltasTotal(), p.chainLength()));
    }
    return String.format("%-26s chains p50=%d p99=%d max=%d; hottest (deltas, chain):%s; images per shard %s; ingest lag %d B,"
        + " not durable %d B", r.setup().name(), s.chainP50(), s.chainP99(), s.chainMax(), hot, Arrays.toString(s.imagesPerShard()),
        s.ingestLagBytes(), s.flushLagBytes());
  }

  public static String header() {
    return String.format("%-26s %-4s %9s %6s %7s %5s %5s %6s %5s %5s %8s %8s %7s %9s %9s", "setup", "fpw", "WAL MiB", "FPI",
        "reads", "d.p50", "d.p99", "d.max", "l.p50", "l.max", "us.p50", "us.p99", "images", "img MiB", "store MiB");
  }
}
