package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.workload.SyntheticWal;
import untorn.sim.base.Counters;
import untorn.sim.base.SimRandom;
import untorn.sim.base.SimulatedCrash;
import untorn.sim.disk.DiskFaultRates;
import untorn.sim.disk.SimDisk;

/**
 * Power loss at any I/O operation of ingest, flush, image generation, compaction or GC, on the
 * simulator's disk (unsynced file content and unsynced directory changes are lost, or kept in
 * part). After a restart from what the disk kept: no layer file is damaged (a layer reaches its
 * final name only complete and durable), ingest resumes at a {@code disk_consistent_lsn} that
 * was really durable, and every page reads as the reference redo once the WAL is streamed again.
 * The other tests restart from a file system that keeps everything, so they cannot see a
 * missing fsync or a durable LSN recorded before the data it covers.
 */
class PowerLossTest {
  static final TimelineId TL = new TimelineId(1);
  static final int RECORDS = 300;
  static final int SEEDS = 16;

  @Test
  void everyCrashPointRecoversToTheReferenceWithoutDamagedLayers() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(2, 0.5), 61);
    gen.generate(RECORDS);
    ReferencePages ref = new ReferencePages(gen.records());
    int crashed = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      crashed += runOnce(seed, gen, ref) ? 1 : 0;
    }
    assertThat(crashed).as("runs in which the armed crash fired").isGreaterThan(SEEDS * 3 / 4);
  }

  /**
   * A crash at each I/O operation, in turn, of one maintenance pass that compacts and collects
   * garbage (random crash points rarely land in its short windows). A pass must leave the GC
   * cutoff durable before any version below it is gone, and no layer half-replaced.
   */
  @Test
  void aCrashAtEveryOperationOfAMaintenancePassRecovers() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(1, 0.6).withFullPageWrites(true, 15), 62);
    gen.generate(80);
    ReferencePages ref = new ReferencePages(gen.records());
    Lsn horizon = gen.records().get(75).endLsn();
    int ops = 0;
    for (int k = 1; k <= 10_000; k++) {
      // The same seeds every time: the state before the pass is the same; only the crash point moves.
      SimDisk disk = new SimDisk("pageserver", new SimRandom(7), new Counters(), DiskFaultRates.NONE, 1L << 30);
      TimelineHarness h = new TimelineHarness(7, disk.attach());
      TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(4)).withLayerSizes(4096, 3, 3, 8192);
      Timeline t = h.create(TL, cfg, gen.wal());
      h.feed(t, gen.endLsn(), 1 << 20);
      t.checkpoint();
      h.executor.runUntilIdle();
      disk.armCrash(k);
      t.requestGc(horizon);
      try {
        h.settle();
      } catch (SimulatedCrash e) {
        ops = k;
      }
      boolean fired = !disk.crashArmed() && disk.killPoint() != null;
      if (fired && disk.killPoint().matches("(read|size|exists|open|list) .*")) {
        continue; // the disk holds what it held at the last change: that crash point was checked
      }
      String context = "crash at operation " + k + " of the pass (" + disk.killPoint() + ")";
      long collected = t.summary().versionsCollected();
      disk.disarmCrash();
      disk.crash();
      h.crashRestart(disk.attach());
      t = h.timeline(TL);
      assertThat(t.metrics().corruptLayers()).as(context).isZero();
      PageChecker.check(t, ref, gen.records(), t.gcCutoff(), 1000, new SplittableRandom(k), context);
      if (!fired) {
        assertThat(t.gcCutoff()).as("the pass completed").isEqualTo(horizon);
        assertThat(collected).as("versions the pass collected").isPositive();
        break;
      }
    }
    assertThat(ops).as("I/O operations of the pass (the sweep must end with a pass that completes)").isBetween(10, 9_999);
  }

  /** One run with one crash at a seeded I/O operation; returns whether the crash fired. */
  static boolean runOnce(long seed, SyntheticWal gen, ReferencePages ref) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    // Half the runs lose every unsynced change; the others keep random parts of them (torn writes,
    // a prefix of the directory operations), as a disk that wrote some pending work.
    double survival = seed % 2 == 0 ? 0 : 0.5;
    SimDisk disk = new SimDisk("pageserver", new SimRandom(seed), new Counters(),
        new DiskFaultRates(0, 0, 0, 0, 0, survival, survival, 0, 0), 1L << 30);
    TimelineHarness h = new TimelineHarness(seed, disk.attach());
    TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(3)).withLayerSizes(4096, 2, 2, 8192)
        .withShards(2, 8, 4);
    Timeline t = h.create(TL, cfg, gen.wal());
    disk.armCrash(1 + random.nextInt(4500)); // a whole run takes about 4,200 I/O operations
    Lsn ingested = Lsn.ZERO;
    boolean crashed = false;
    try {
      for (LoggedRecord r : gen.records()) {
        h.feed(t, r.endLsn(), 1 << 20);
        ingested = t.lastRecordLsn();
        h.step(1 + random.nextInt(3));
        if (random.nextInt(40) == 0) {
          t.checkpoint();
        }
        if (random.nextInt(60) == 0) {
          t.requestGc(gen.records().get(random.nextInt(gen.records().indexOf(r) + 1)).endLsn());
        }
      }
      t.checkpoint();
      h.settle();
    } catch (SimulatedCrash e) {
      crashed = true;
    }
    String context = "seed " + seed + (crashed ? ", crash at " + disk.killPoint() : ", no crash");
    disk.disarmCrash();
    disk.crash();
    h.crashRestart(disk.attach());
    t = h.timeline(TL);
    assertThat(t.metrics().corruptLayers()).as("%s: damaged layer files after the crash", context).isZero();
    assertThat(t.lastRecordLsn()).as("%s: ingest resumes at disk_consistent_lsn", context).isEqualTo(t.diskConsistentLsn());
    assertThat(t.diskConsistentLsn()).as("%s: durable LSN beyond what was ingested", context).isLessThanOrEqualTo(ingested);
    // What is durable reads correctly before any WAL is streamed again.
    PageChecker.check(t, ref, gen.records(), t.gcCutoff(), 10, new SplittableRandom(seed), context + ", before re-ingest");
    h.feed(t, gen.endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    PageChecker.check(t, ref, gen.records(), t.gcCutoff(), 20, new SplittableRandom(seed), context + ", after re-ingest");
    assertThat(t.metrics().corruptLayers()).as("%s: damaged layers found by reads", context).isZero();
    return crashed;
  }
}
