package untorn.pageserver.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.timeline.Timeline;
import untorn.pageserver.value.Value;

/**
 * PageChecker compares GetPage with {@link ReferencePages} for every page at sampled LSNs: record
 * end LSNs (where pages change), LSNs between them, the readable bounds. A page the reference
 * has no version of must read as NO_DATA. Returns how many reads it checked, so tests can assert
 * the check was not vacuous.
 */
public final class PageChecker {
  private PageChecker() {}

  /** Checks {@code t} at up to {@code samples} LSNs in [from, t.lastRecordLsn()]. */
  public static int check(Timeline t, ReferencePages ref, List<LoggedRecord> records, Lsn from, int samples,
      SplittableRandom random, String context) {
    Lsn last = t.lastRecordLsn();
    TreeSet<Lsn> lsns = new TreeSet<>();
    lsns.add(last);
    lsns.add(from);
    List<Lsn> ends = new ArrayList<>();
    for (LoggedRecord r : records) {
      if (!r.endLsn().isBefore(from) && !r.endLsn().isAfter(last)) {
        ends.add(r.endLsn());
      }
    }
    for (int i = 0; i < samples && !ends.isEmpty(); i++) {
      Lsn e = ends.get(random.nextInt(ends.size()));
      lsns.add(e);
      if (e.plus(3).compareTo(last) <= 0) {
        lsns.add(e.plus(3)); // between records: same page as at e
      }
    }
    int reads = 0;
    for (Lsn lsn : lsns) {
      for (PageKey k : ref.keys()) {
        compare(t, ref, k, lsn, context);
        reads++;
      }
    }
    return reads;
  }

  public static void compare(Timeline t, ReferencePages ref, PageKey k, Lsn lsn, String context) {
    byte[] want = ref.at(k, lsn);
    try {
      byte[] got = t.getPage(k, lsn).page().toBytes();
      if (want == null || !Arrays.equals(want, got)) {
        throw new CheckFailure(context + ": GetPage(" + k + ", " + lsn + ") on " + t + (want == null
            ? " returned a page where the reference has none" : " differs from the reference redo"));
      }
    } catch (PageserverException e) {
      if (want != null || e.kind() != PageserverException.Kind.NO_DATA) {
        throw new CheckFailure(context + ": GetPage(" + k + ", " + lsn + ") on " + t + " failed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Every image in {@code t}'s own image layer files must be the reference page at the LSN it is
   * labelled with: an image taken at one LSN and published at another is caught even where no
   * sampled read happens to look. Returns how many images were checked.
   */
  public static int checkImages(Timeline t, ReferencePages ref, String context) {
    int n = 0;
    for (Layer l : t.layerMap().current().historic()) {
      if (l instanceof PersistentLayer p && p.kind() == LayerKind.IMAGE) {
        PersistentLayer.BlockCache cache = new PersistentLayer.BlockCache();
        for (int i = 0; i < p.entryCount(); i++) {
          byte[] got;
          try {
            got = ((Value.Image) p.readValue(i, cache)).page();
          } catch (PageserverException e) {
            throw new CheckFailure(context + ": reading image " + i + " of " + p.name() + " failed: " + e.getMessage(), e);
          }
          if (!Arrays.equals(ref.at(p.keyAt(i), p.lsnAt(i)), got)) {
            throw new CheckFailure(context + ": the image of " + p.keyAt(i) + " labelled " + p.lsnAt(i) + " in " + p.name()
                + " on " + t + " is not the page at that LSN");
          }
          n++;
        }
      }
    }
    return n;
  }
}
