package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import untorn.core.io.NioFileSystem;
import untorn.core.io.SystemClock;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.workload.SyntheticWal;

/**
 * The real runtime: real files ({@link NioFileSystem}), background work on a thread pool, one
 * ingest thread and two reader threads whose GetPage calls wait for ingest. Every read equals the
 * reference redo; after shutdown, the files load into a timeline that reads the same.
 */
class ThreadedTimelineTest {
  static final TimelineId TL = new TimelineId(1);

  @Test
  void concurrentIngestReadsAndBackgroundWorkOnRealFiles(@TempDir Path dir) throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(2, 0.5), 11);
    gen.generate(3000);
    ReferencePages ref = new ReferencePages(gen.records());
    List<PageKey> keys = new ArrayList<>(ref.keys());
    NioFileSystem fs = new NioFileSystem(dir);
    TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(4)).withLayerSizes(8192, 3, 3, 32768).withShards(3, 32, 8);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    int reads;
    try (ThreadPoolBackgroundExecutor pool = new ThreadPoolBackgroundExecutor(2)) {
      PageserverEnv env = new PageserverEnv(fs, pool, new SimpleMeterRegistry(), SystemClock.INSTANCE);
      Tenant tenant = Tenant.create(env, TimelineHarness.TENANT);
      Timeline t = tenant.createTimeline(TL, cfg, new InMemoryWalProvider(gen.wal()));
      Thread ingest = new Thread(() -> {
        SplittableRandom r = new SplittableRandom(1);
        try {
          Lsn at = Lsn.ZERO;
          while (at.isBefore(gen.endLsn())) {
            long n = Math.min(gen.endLsn().minus(at), 1 + r.nextInt(4000));
            while (true) {
              try {
                t.ingest(at, gen.wal().bytes(at, at.plus(n)));
                break;
              } catch (untorn.pageserver.PageserverException e) {
                if (e.kind() != untorn.pageserver.PageserverException.Kind.BACKPRESSURE) {
                  throw e;
                }
                Thread.onSpinWait();
              }
            }
            at = at.plus(n);
          }
          t.checkpoint();
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "ingest");
      List<Thread> readers = new ArrayList<>();
      int[] done = new int[2];
      for (int i = 0; i < 2; i++) {
        int id = i;
        readers.add(new Thread(() -> {
          SplittableRandom r = new SplittableRandom(100 + id);
          try {
            for (int n = 0; n < 400; n++) {
              LoggedRecord rec = gen.records().get(r.nextInt(gen.records().size()));
              PageKey k = keys.get(r.nextInt(keys.size()));
              byte[] want = ref.at(k, rec.endLsn());
              if (want == null) {
                continue;
              }
              byte[] got = t.getPage(k, rec.endLsn(), 60_000).page().toBytes();
              if (!Arrays.equals(want, got)) {
                throw new AssertionError("GetPage(" + k + ", " + rec.endLsn() + ") differs from the reference");
              }
              done[id]++;
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        }, "reader-" + i));
      }
      ingest.start();
      readers.forEach(Thread::start);
      ingest.join();
      for (Thread th : readers) {
        th.join();
      }
      reads = done[0] + done[1];
      assertThat(failures).isEmpty();
      PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 20, new SplittableRandom(3), "threaded, after ingest");
      tenant.close();
      assertThat(pool.shutdown(60_000)).isTrue();
      assertThat(pool.firstFailure()).isNull();
    }
    assertThat(reads).isGreaterThan(600);
    TimelineHarness reload = new TimelineHarness(7, fs);
    reload.configs.put(TL, cfg);
    reload.wals.put(TL, gen.wal());
    reload.restart();
    Timeline t2 = reload.timeline(TL);
    reload.feed(t2, gen.endLsn(), 1 << 20);
    reload.settle();
    PageChecker.check(t2, ref, gen.records(), Lsn.ZERO, 30, new SplittableRandom(4), "reloaded from real files");
  }
}
