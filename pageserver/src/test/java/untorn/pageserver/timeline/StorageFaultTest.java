package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import untorn.core.io.MemoryFileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.TimelineId;
import untorn.pageserver.PageserverException;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.testkit.SwitchableFaultsFileSystem;
import untorn.pageserver.workload.SyntheticWal;

/**
 * A full disk delays flushes (nothing lost, reads exact, ingest pushes back once the backlog is
 * full, flushing resumes when space returns); a failed fsync stops the timeline (never retried
 * as if it had worked), and a reload recovers from the files and the WAL.
 */
class StorageFaultTest {
  static final TimelineId TL = new TimelineId(1);

  final SwitchableFaultsFileSystem fs = new SwitchableFaultsFileSystem(new MemoryFileSystem());
  final SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 5);
  final ReferencePages ref;
  final TimelineHarness h;
  final Timeline t;

  StorageFaultTest() throws Exception {
    gen.generate(1500);
    ref = new ReferencePages(gen.records());
    h = new TimelineHarness(5, fs);
    TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(4)).withLayerSizes(4096, 3, 3, 16384);
    t = h.create(TL, cfg, gen.wal());
  }

  @Test
  void aFullDiskDelaysFlushesLosesNothingAndPushesBack() throws Exception {
    fs.writeFault = StorageException.Kind.DISK_FULL;
    PageserverException pushedBack = null;
    try {
      for (var r : gen.records()) {
        h.feed(t, r.endLsn(), 1 << 20);
        h.step(3);
      }
    } catch (PageserverException e) {
      pushedBack = e;
    }
    assertThat(pushedBack).isNotNull();
    assertThat(pushedBack.kind()).isEqualTo(PageserverException.Kind.BACKPRESSURE);
    assertThat(t.diskConsistentLsn()).isEqualTo(Lsn.ZERO);
    assertThat(t.brokenReason()).isNull();
    PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 20, new SplittableRandom(1), "disk full");
    fs.writeFault = null;
    t.checkpoint();
    h.settle();
    h.feed(t, gen.endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    assertThat(t.diskConsistentLsn()).isEqualTo(gen.endLsn());
    PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 20, new SplittableRandom(2), "after space returned");
  }

  @Test
  void aFailedFsyncStopsTheTimelineAndAReloadRecovers() throws Exception {
    h.feed(t, gen.records().get(700).endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    Lsn durable = t.diskConsistentLsn();
    fs.syncFault = StorageException.Kind.SYNC_FAILED;
    h.feed(t, gen.records().get(900).endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    assertThat(t.brokenReason()).isNotNull();
    assertThat(t.diskConsistentLsn()).as("nothing claimed durable after the failed fsync").isEqualTo(durable);
    assertThatThrownBy(() -> h.feed(t, gen.endLsn(), 1 << 20))
        .isInstanceOfSatisfying(PageserverException.class, e -> assertThat(e.kind()).isEqualTo(PageserverException.Kind.BROKEN));
    PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 10, new SplittableRandom(3), "reads go on while broken");
    fs.syncFault = null;
    h.restart();
    Timeline t2 = h.timeline(TL);
    assertThat(t2.lastRecordLsn()).isEqualTo(durable);
    h.feed(t2, gen.endLsn(), 1 << 20);
    t2.checkpoint();
    h.settle();
    PageChecker.check(t2, ref, gen.records(), Lsn.ZERO, 20, new SplittableRandom(4), "after reload");
  }
}
