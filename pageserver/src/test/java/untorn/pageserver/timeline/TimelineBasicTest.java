package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.TimelineId;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.workload.SyntheticWal;

class TimelineBasicTest {
  static final TimelineId TL = new TimelineId(1);

  static TimelineConfig small(ImagePolicy p) {
    return TimelineConfig.defaults(p).withLayerSizes(8192, 3, 3, 32768).withShards(2, 8, 4);
  }

  @Test
  void ingestFlushCompactRestartReadsMatchReference() throws Exception {
    TimelineHarness h = new TimelineHarness(42);
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 42);
    gen.generate(600);
    ReferencePages ref = new ReferencePages(gen.records());
    Timeline t = h.create(TL, small(new ImagePolicy.DeltaThreshold(4)), gen.wal());
    h.feed(t, gen.endLsn(), 3000);
    assertThat(t.lastRecordLsn()).isEqualTo(gen.endLsn());
    SplittableRandom r = new SplittableRandom(1);
    assertThat(PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 30, r, "before background")).isGreaterThan(100);
    t.checkpoint();
    h.settle();
    assertThat(t.diskConsistentLsn()).isEqualTo(gen.endLsn());
    assertThat(t.summary().imagesGenerated()).isGreaterThan(0);
    assertThat(t.summary().compactions()).isGreaterThan(0);
    PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 30, r, "after background");
    h.restart();
    Timeline t2 = h.timeline(TL);
    assertThat(t2.lastRecordLsn()).isEqualTo(gen.endLsn());
    PageChecker.check(t2, ref, gen.records(), Lsn.ZERO, 30, r, "after restart");
    System.out.println(t.summary().toText());
  }
}
