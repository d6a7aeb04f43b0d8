package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.page.HeapRecords;
import untorn.core.page.Page;
import untorn.core.types.PageKey;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.image.ImagePolicy;

/**
 * A read starts at the newest chain start at or below its LSN — a {@code will_init} record or a
 * full-page image carried by WAL — and replays exactly the deltas above it: the base LSN and the
 * count are checked at every record, from the in-memory layer and from layer files, and the image
 * scheduler counts the same chain. (Replaying from further back gives the same bytes, since redo
 * of a will_init or image block discards what was there, so only these counts show the
 * difference; the GC keeps versions behind a chain start only if it sees it as one.)
 */
class ChainStartTest {
  static final PageKey K = PageKey.of(1, 0);
  static final PageKey OTHER = PageKey.of(1, 1);

  /** Record indices of K's chain starts, in a WAL with an init, a re-init and an FPI of K. */
  static ImageLsnTest.Wal wal(List<Integer> startsOut) throws Exception {
    ImageLsnTest.Wal w = new ImageLsnTest.Wal();
    startsOut.add(w.records.size());
    w.add(HeapRecords.init(K));
    w.add(HeapRecords.init(OTHER));
    for (int i = 0; i < 5; i++) {
      w.insert(K);
      w.insert(OTHER);
    }
    startsOut.add(w.records.size());
    w.slots.remove(K);
    w.add(HeapRecords.init(K)); // will_init in the middle of the page's history
    for (int i = 0; i < 3; i++) {
      w.insert(K);
    }
    ReferencePages sofar = new ReferencePages(w.records);
    startsOut.add(w.records.size());
    w.add(HeapRecords.fpi(K, Page.fromStored(sofar.at(K, w.end())))); // a full-page image, as FPW logs it
    for (int i = 0; i < 4; i++) {
      w.insert(K);
      w.insert(OTHER);
    }
    return w;
  }

  @Test
  void readsStartAtTheNewestWillInitOrFullPageImage() throws Exception {
    List<Integer> starts = new ArrayList<>();
    ImageLsnTest.Wal w = wal(starts);
    ReferencePages ref = new ReferencePages(w.records);
    TimelineHarness h = new TimelineHarness(4);
    Timeline t = h.create(ImageLsnTest.TL, TimelineConfig.defaults(new ImagePolicy.None()).withLayerSizes(4096, 2, 2, 8192), w.wal);
    h.feed(t, w.end(), 1 << 20);
    checkEveryRecord(t, w, ref, starts, "in-memory layer");
    assertThat(t.chainLength(K)).as("the scheduler counts from the FPI").isEqualTo(1 + 4);
    t.checkpoint();
    h.settle();
    assertThat(t.layerMap().current().historic()).as("flushed to files").isNotEmpty();
    checkEveryRecord(t, w, ref, starts, "layer files");
    h.restart();
    t = h.timeline(ImageLsnTest.TL);
    assertThat(t.chainLength(K)).as("the chain rebuilt from the files at load").isEqualTo(1 + 4);
  }

  static void checkEveryRecord(Timeline t, ImageLsnTest.Wal w, ReferencePages ref, List<Integer> starts, String where) throws Exception {
    int base = -1;
    int deltas = 0;
    for (int i = 0; i < w.records.size(); i++) {
      LoggedRecord r = w.records.get(i);
      boolean touchesK = r.record().blocks().stream().anyMatch(b -> b.key().equals(K));
      if (starts.contains(i)) {
        base = i;
        deltas = 1;
      } else if (touchesK) {
        deltas++;
      }
      Timeline.PageResult res = t.getPage(K, r.endLsn());
      assertThat(Arrays.equals(res.page().toBytes(), ref.at(K, r.endLsn()))).as("%s: bytes at %s", where, r.endLsn()).isTrue();
      assertThat(res.baseLsn()).as("%s: chain start of a read at %s", where, r.endLsn()).isEqualTo(w.records.get(base).endLsn());
      assertThat(res.deltasReplayed()).as("%s: deltas replayed at %s", where, r.endLsn()).isEqualTo(deltas);
    }
  }
}
