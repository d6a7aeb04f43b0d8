package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import untorn.core.Invariants;
import untorn.core.io.MemoryFileSystem;
import untorn.core.page.HeapRecords;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.check.CheckFailure;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.check.StepClock;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.testkit.SwitchableFaultsFileSystem;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * Images are taken at the LSN they are labelled with. The classic bug — an image materialized at
 * one LSN and published at another — is caught: every generated image is compared with the
 * reference at its label ({@link PageChecker#checkImages}), and GetPage with the reference around it. The worker is raced by
 * ingest (more deltas of the pages in its batch arrive while it reads), deterministically, through
 * a read hook. Negative controls publish wrongly labelled images and show the checks fail.
 */
class ImageLsnTest {
  static final PageKey A = PageKey.of(1, 0);
  static final PageKey B = PageKey.of(1, 1);
  static final TimelineId TL = new TimelineId(1);

  /** A hand-written WAL of a few pages. */
  static final class Wal {
    final WalEncoder encoder = WalEncoder.newStream();
    final InMemoryWal wal = new InMemoryWal(Lsn.ZERO);
    final List<LoggedRecord> records = new ArrayList<>();
    final Map<PageKey, Integer> slots = new HashMap<>();

    LoggedRecord add(WalRecord r) {
      EncodedRecord e = encoder.encode(r);
      wal.append(e);
      records.add(e.logged());
      return e.logged();
    }

    LoggedRecord insert(PageKey k) {
      int slot = slots.merge(k, 1, Integer::sum) - 1;
      return add(HeapRecords.insert(k, slot, new byte[] {(byte) slot, 1, 2, 3, 4, 5, 6, 7}));
    }

    Lsn end() {
      return encoder.position();
    }
  }

  /** Background tasks run only when the test says, selected by name. */
  static final class ManualExecutor implements BackgroundExecutor {
    final List<BackgroundTask> pending = new ArrayList<>();

    @Override
    public void execute(BackgroundTask task) {
      pending.add(task);
    }

    /** Runs pending tasks whose name starts with {@code prefix}, and those they schedule, until none is left. */
    int run(String prefix) {
      int n = 0;
      for (BackgroundTask t = take(prefix); t != null; t = take(prefix)) {
        t.run();
        Invariants.check(++n < 10_000, "background work does not settle");
      }
      return n;
    }

    private BackgroundTask take(String prefix) {
      for (int i = 0; i < pending.size(); i++) {
        if (pending.get(i).name().startsWith(prefix)) {
          return pending.remove(i);
        }
      }
      return null;
    }
  }

  static int checkImages(Timeline t, ReferencePages ref) {
    return PageChecker.checkImages(t, ref, "image check");
  }

  @Test
  void anImageIsThePageAtItsTaskLsnEvenWhenIngestRacesTheWorker() throws Exception {
    Wal w = new Wal();
    w.add(HeapRecords.init(A));
    w.add(HeapRecords.init(B));
    for (int i = 0; i < 3; i++) {
      w.insert(A);
      w.insert(B);
    }
    Lsn part1 = w.end();
    for (int i = 0; i < 3; i++) {
      w.insert(A);
      w.insert(B);
    }
    ReferencePages ref = new ReferencePages(w.records);
    SwitchableFaultsFileSystem fs = new SwitchableFaultsFileSystem(new MemoryFileSystem());
    ManualExecutor executor = new ManualExecutor();
    Tenant tenant = Tenant.create(new PageserverEnv(fs, executor, new SimpleMeterRegistry(), new StepClock()), TimelineHarness.TENANT);
    // One shard: A and B (each 4 deltas since its init) are queued in that order and taken in one batch.
    TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(4)).withShards(1, 8, 8);
    Timeline t = tenant.createTimeline(TL, cfg, new InMemoryWalProvider(w.wal));
    t.ingest(Lsn.ZERO, w.wal.bytes(Lsn.ZERO, part1));
    t.checkpoint();
    executor.run("flush");
    assertThat(t.diskConsistentLsn()).as("the worker will read layer files").isEqualTo(part1);
    boolean[] raced = {false};
    fs.beforeNextRead = () -> {
      // The worker reads A's chain: meanwhile ingest stores three more deltas of A and of B.
      raced[0] = true;
      try {
        t.ingest(part1, w.wal.bytes(part1, w.end()));
      } catch (PageserverException e) {
        throw new AssertionError(e);
      }
    };
    executor.run("image shard");
    assertThat(raced[0]).as("ingest ran while the worker was reading").isTrue();
    assertThat(t.summary().imagesGenerated()).as("A and B, in the raced batch").isEqualTo(2);
    executor.run("");
    assertThat(checkImages(t, ref)).isEqualTo(2);
    PageChecker.check(t, ref, w.records, Lsn.ZERO, 100, new SplittableRandom(1), "after the raced image batch");
    assertThat(t.getPage(B, w.end()).deltasReplayed()).as("B's image at part 1, and its three later deltas").isEqualTo(3);
  }

  /** A timeline holding the hand-written WAL, flushed, with no generated images. */
  static Timeline flushed(TimelineHarness h, Wal w) throws Exception {
    Timeline t = h.create(TL, TimelineConfig.defaults(new ImagePolicy.None()), w.wal);
    h.feed(t, w.end(), 1 << 20);
    t.checkpoint();
    h.settle();
    return t;
  }

  /** Publishes an image of {@code content} labelled {@code label}, as a broken image worker would. */
  static void publishImage(Timeline t, PageKey k, byte[] content, Lsn label) throws Exception {
    PersistentLayer l = t.store.writeAll(LayerKind.IMAGE, 0, new LsnRange(label, label.plus(1)),
        List.of(new Version(k, label, new Value.Image(content))));
    assertThat(t.layers.replaceHistoric(List.of(), List.of(l))).isTrue();
  }

  @Test
  void negativeControlsImagesAtTheWrongLsnAreCaught() throws Exception {
    Wal w = new Wal();
    w.add(HeapRecords.init(A));
    LoggedRecord early = w.insert(A);
    LoggedRecord middle = w.insert(A);
    LoggedRecord late = w.insert(A);
    w.insert(A);
    ReferencePages ref = new ReferencePages(w.records);

    // The page as of `late`, published as of `early`: reads between see changes from their future.
    TimelineHarness h1 = new TimelineHarness(1);
    Timeline t1 = flushed(h1, w);
    publishImage(t1, A, ref.at(A, late.endLsn()), early.endLsn());
    assertThatThrownBy(() -> checkImages(t1, ref)).isInstanceOf(CheckFailure.class);
    assertThatThrownBy(() -> PageChecker.check(t1, ref, w.records, Lsn.ZERO, 100, new SplittableRandom(1), "newer page, older label"))
        .isInstanceOf(CheckFailure.class);

    // The page as of `early`, published as of `late`: reads at `late` miss two changes.
    TimelineHarness h2 = new TimelineHarness(2);
    Timeline t2 = flushed(h2, w);
    publishImage(t2, A, ref.at(A, early.endLsn()), late.endLsn());
    assertThatThrownBy(() -> checkImages(t2, ref)).isInstanceOf(CheckFailure.class);
    assertThatThrownBy(() -> PageChecker.compare(t2, ref, A, late.endLsn(), "older page, newer label"))
        .isInstanceOf(CheckFailure.class);

    // The control of the controls: the right page at its own LSN passes both checks.
    TimelineHarness h3 = new TimelineHarness(3);
    Timeline t3 = flushed(h3, w);
    publishImage(t3, A, ref.at(A, middle.endLsn()), middle.endLsn());
    assertThat(checkImages(t3, ref)).isEqualTo(1);
    PageChecker.check(t3, ref, w.records, Lsn.ZERO, 100, new SplittableRandom(1), "right page, right label");
    assertThat(t3.getPage(A, w.end()).baseLsn()).isEqualTo(middle.endLsn());
  }
}
