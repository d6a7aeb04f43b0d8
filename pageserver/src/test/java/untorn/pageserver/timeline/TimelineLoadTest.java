package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.MemoryFileSystem;
import untorn.core.types.Lsn;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.PageChecker;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.testkit.SwitchableFaultsFileSystem;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.workload.SyntheticWal;

/** Loading after a crash: what is discarded, what is kept, and what is refused. */
class TimelineLoadTest {
  static final TimelineId TL = new TimelineId(1);
  final SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 8);
  final ReferencePages ref;
  final TimelineHarness h;
  final String dir = "tenants/" + TimelineHarness.TENANT + "/timelines/" + TL;
  Timeline t;

  TimelineLoadTest() throws Exception {
    gen.generate(400);
    ref = new ReferencePages(gen.records());
    h = new TimelineHarness(8);
    t = h.create(TL, TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(4)).withLayerSizes(4096, 4, 4, 16384), gen.wal());
  }

  void check(String when) {
    PageChecker.check(t, ref, gen.records(), Lsn.ZERO, 30, new SplittableRandom(1), when);
  }

  byte[] read(String path) throws Exception {
    try (FileHandle f = h.fs.open(path)) {
      byte[] b = new byte[(int) f.sizeBytes()];
      f.readFully(0, b, 0, b.length);
      return b;
    }
  }

  void write(String path, byte[] b) throws Exception {
    try (FileHandle f = h.fs.create(path)) {
      f.write(0, b);
    }
  }

  @Test
  void damagedMetadataIsATypedErrorNotAnEmptyTimeline() throws Exception {
    h.feed(t, gen.endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    byte[] meta = read(dir + "/metadata");
    meta[9] ^= 1;
    h.fs.delete(dir + "/metadata");
    write(dir + "/metadata", meta);
    assertThatThrownBy(h::restart).isInstanceOfSatisfying(PageserverException.class,
        e -> assertThat(e.kind()).isEqualTo(PageserverException.Kind.METADATA_CORRUPT));
  }

  @Test
  void unfinishedAndFutureFilesAreDiscardedAndIngestResumesAtTheDurableLsn() throws Exception {
    h.feed(t, gen.records().get(200).endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    Lsn dcl = t.diskConsistentLsn();
    write(dir + "/layer-00000000000000FF.tmp", new byte[100]);
    write(dir + "/metadata.tmp", new byte[10]);
    LayerDescriptor future = new LayerDescriptor(LayerKind.DELTA, 0, KeyRange.ALL, new LsnRange(dcl.plus(1), dcl.plus(4000)), 999);
    write(dir + "/" + future.fileName(), new byte[300]);
    h.restart();
    t = h.timeline(TL);
    assertThat(h.fs.list(dir)).noneMatch(n -> n.endsWith(".tmp")).doesNotContain(future.fileName())
        .as("deleted, not opened and quarantined").noneMatch(n -> n.endsWith(".corrupt"));
    assertThat(t.metrics().corruptLayers()).isZero();
    assertThat(t.lastRecordLsn()).isEqualTo(dcl);
    h.feed(t, gen.endLsn(), 3000);
    h.settle();
    check("after resuming");
  }

  @Test
  void perPageChainLengthsAreRebuiltFromTheFilesAndActedOnAfterARestart() throws Exception {
    h.configs.put(TL, TimelineConfig.defaults(new ImagePolicy.None()).withLayerSizes(4096, 4, 4, 16384));
    h.restart();
    t = h.timeline(TL);
    h.feed(t, gen.endLsn(), 1 << 20);
    t.checkpoint();
    h.settle();
    Map<untorn.core.types.PageKey, Integer> before = new HashMap<>();
    for (untorn.core.types.PageKey k : ref.keys()) {
      before.put(k, t.chainLength(k));
    }
    assertThat(before.values()).as("no images under policy none").allMatch(c -> c > 4);
    h.configs.put(TL, TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(4)).withLayerSizes(4096, 4, 4, 16384));
    h.restart();
    t = h.timeline(TL);
    for (untorn.core.types.PageKey k : ref.keys()) {
      assertThat(t.chainLength(k)).as("chain of %s rebuilt from the layer files", k).isEqualTo(before.get(k));
    }
    h.settle();
    assertThat(t.summary().imagesGenerated()).as("pages over the threshold were queued at load").isEqualTo(ref.keys().size());
    for (untorn.core.types.PageKey k : ref.keys()) {
      assertThat(t.chainLength(k)).isZero();
    }
    check("after the images");
  }

  @Test
  void compactionInputsLeftByACrashAreDroppedOnlyIfTheOutputsNameThem() throws Exception {
    Map<String, byte[]> saved = new HashMap<>();
    for (LoggedRecord r : gen.records()) {
      h.feed(t, r.endLsn(), 1 << 20);
      h.step(1);
      for (String n : h.fs.list(dir)) {
        LayerDescriptor d = LayerDescriptor.parse(n);
        if (d != null && d.level() == 0 && d.kind() == LayerKind.DELTA && !saved.containsKey(n)) {
          saved.put(n, read(dir + "/" + n));
        }
      }
    }
    t.checkpoint();
    h.settle();
    assertThat(t.summary().compactions()).isGreaterThan(0);
    List<String> before = h.fs.list(dir);
    int restored = 0;
    for (var e : saved.entrySet()) {
      if (!h.fs.exists(dir + "/" + e.getKey())) {
        write(dir + "/" + e.getKey(), e.getValue()); // as if the crash came before the inputs were deleted
        restored++;
      }
    }
    assertThat(restored).isGreaterThan(0);
    LayerDescriptor stray = null;
    for (String n : before) {
      LayerDescriptor d = LayerDescriptor.parse(n);
      if (d != null && d.kind() == LayerKind.DELTA && d.level() == 1) {
        stray = new LayerDescriptor(LayerKind.DELTA, 0, d.keys(), d.lsns(), 5000);
        write(dir + "/" + stray.fileName(), read(dir + "/" + n).clone());
        break;
      }
    }
    h.restart();
    t = h.timeline(TL);
    assertThat(h.fs.list(dir)).as("named inputs are gone").containsAll(before.stream().filter(n -> !n.equals("metadata")).toList())
        .noneMatch(n -> saved.containsKey(n) && !before.contains(n));
    assertThat(stray).isNotNull();
    assertThat(h.fs.exists(FileSystem.join(dir, stray.fileName() + ".corrupt")))
        .as("a level-0 layer no output names is kept (here it fails its header check, being a renamed copy)").isTrue();
    h.feed(t, gen.endLsn(), 1 << 20);
    h.settle();
    check("after dropping the compaction's leftovers");
  }

  /** Thrown from a file system hook: the process dies there. */
  static final class Crash extends Error {
    private static final long serialVersionUID = 1L;
  }

  /**
   * Maintenance runs while a flush has published its layer but not yet recorded the new
   * disk_consistent_lsn (on threads, nothing orders them), then the process dies. Compaction must
   * not have merged the not-yet-durable layer: a load drops every delta layer ending above
   * disk_consistent_lsn, and an output mixing it with older, durable data would take that along.
   */
  @Test
  void compactionRacingAFlushNeverMergesALayerAboveTheDurableLsn() throws Exception {
    SwitchableFaultsFileSystem fs = new SwitchableFaultsFileSystem(new MemoryFileSystem());
    TimelineHarness h2 = new TimelineHarness(8, fs);
    // Layers are cut only by checkpoints; two level-0 layers trigger a compaction.
    TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.None()).withLayerSizes(1 << 20, 2, 2, 16384);
    Timeline t2 = h2.create(TL, cfg, gen.wal());
    h2.feed(t2, gen.records().get(200).endLsn(), 1 << 20);
    t2.checkpoint();
    h2.settle();
    Lsn durable = t2.diskConsistentLsn();
    h2.feed(t2, gen.endLsn(), 1 << 20);
    t2.checkpoint();
    fs.beforeCreate = path -> {
      if (path.endsWith("/metadata.tmp")) {
        fs.beforeCreate = null;
        Maintenance.run(t2); // the flushed layer is in the map; disk_consistent_lsn is not yet moved
        throw new Crash();
      }
    };
    assertThatThrownBy(h2::settle).isInstanceOf(Crash.class);
    assertThat(fs.beforeCreate).as("the flush reached its metadata update").isNull();
    h2.restart();
    Timeline t3 = h2.timeline(TL);
    assertThat(t3.diskConsistentLsn()).isEqualTo(durable);
    h2.feed(t3, gen.endLsn(), 1 << 20);
    h2.settle();
    PageChecker.check(t3, ref, gen.records(), Lsn.ZERO, 30, new SplittableRandom(2), "after the crash");
  }
}
