package untorn.pageserver.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.layer.QuarantinedLayer;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.workload.SyntheticWal;

/**
 * Damaged layer files (bit flips in data, header or index; truncation) are detected, reported,
 * never served, and rebuilt from WAL still held by the provider; without that WAL they stay
 * fenced, across restarts, with a typed error for every read that needs them.
 */
class CorruptLayerTest {
  static final TimelineId TL = new TimelineId(1);

  final SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(2, 0.4), 91);
  final ReferencePages ref;
  final TimelineHarness h;
  Timeline t;

  CorruptLayerTest() throws Exception {
    gen.generate(500);
    ref = new ReferencePages(gen.records());
    h = new TimelineHarness(91);
    TimelineConfig cfg = TimelineConfig.defaults(new ImagePolicy.DeltaThreshold(6)).withLayerSizes(8192, 3, 3, 16384).withShards(2, 16, 8);
    t = h.create(TL, cfg, gen.wal());
    for (LoggedRecord r : gen.records()) {
      h.feed(t, r.endLsn(), 1 << 20);
      h.step(1);
    }
    t.checkpoint();
    h.settle();
  }

  PersistentLayer layer(LayerKind kind, int level) {
    return t.layerMap().current().historic().stream()
        .filter(l -> l instanceof PersistentLayer p && p.kind() == kind && p.descriptor().level() == level)
        .map(l -> (PersistentLayer) l).findFirst().orElseThrow();
  }

  void flip(String path, long pos) throws Exception {
    try (FileHandle fh = h.fs.open(path)) {
      byte[] b = new byte[1];
      fh.readFully(pos, b, 0, 1);
      b[0] ^= 0x04;
      fh.write(pos, b);
    }
  }

  /** Reads every page at every record end: exact bytes or LAYER_CORRUPT. Returns the refusals. */
  int readAll() {
    int corrupt = 0;
    for (LoggedRecord r : gen.records()) {
      for (PageKey k : ref.keys()) {
        byte[] want = ref.at(k, r.endLsn());
        try {
          byte[] got = t.getPage(k, r.endLsn()).page().toBytes();
          assertThat(want).as("%s at %s", k, r.endLsn()).isNotNull();
          assertThat(Arrays.equals(got, want)).as("%s at %s served wrong bytes", k, r.endLsn()).isTrue();
        } catch (PageserverException e) {
          if (e.kind() == PageserverException.Kind.LAYER_CORRUPT) {
            corrupt++;
          } else {
            assertThat(e.kind()).as(e.getMessage()).isEqualTo(PageserverException.Kind.NO_DATA);
            assertThat(want).isNull();
          }
        }
      }
    }
    return corrupt;
  }

  /** Restarts from the files; the sender streams the committed WAL again. */
  void restartAndCatchUp() throws Exception {
    h.restart();
    t = h.timeline(TL);
    h.feed(t, gen.endLsn(), 1 << 20);
  }

  long quarantined() {
    return t.layerMap().current().historic().stream().filter(l -> l instanceof QuarantinedLayer).count();
  }

  boolean corruptFilesLeft() throws Exception {
    return h.fs.list("tenants/" + TimelineHarness.TENANT + "/timelines/" + TL).stream().anyMatch(n -> n.endsWith(".corrupt"));
  }

  @Test
  void aDataBlockFlipFoundByAReadIsQuarantinedAndRebuiltFromWal() throws Exception {
    PersistentLayer victim = layer(LayerKind.DELTA, 1);
    flip(victim.path(), 128 + 40);
    assertThat(readAll()).as("reads that needed the damaged block").isGreaterThan(0);
    h.settle();
    assertThat(quarantined()).isZero();
    assertThat(readAll()).as("after the rebuild").isZero();
    assertThat(t.metrics().corruptLayers()).isEqualTo(1);
    assertThat(t.metrics().rebuiltLayers()).isEqualTo(1);
    assertThat(corruptFilesLeft()).isFalse();
    assertThat(t.layerMap().current().historic()).noneMatch(l -> l.name().equals(victim.name()));
  }

  @Test
  void aHeaderFlipIsFoundAtLoadFencedUntilRebuiltAndRebuilt() throws Exception {
    flip(layer(LayerKind.DELTA, 1).path(), 17);
    restartAndCatchUp();
    assertThat(quarantined()).isEqualTo(1);
    assertThat(corruptFilesLeft()).isTrue();
    assertThat(readAll()).as("fenced reads before the rebuild").isGreaterThan(0);
    h.settle();
    assertThat(quarantined()).isZero();
    assertThat(readAll()).isZero();
    assertThat(corruptFilesLeft()).isFalse();
  }

  @Test
  void damagedImageLayersAreRebuiltFromTheirIndexOrFromTheWholeWal() throws Exception {
    PersistentLayer images = layer(LayerKind.IMAGE, 1);
    flip(images.path(), 128 + 100);
    readAll();
    h.settle();
    assertThat(t.metrics().rebuiltLayers()).isEqualTo(1);
    assertThat(readAll()).isZero();
    flip(layer(LayerKind.IMAGE, 1).path(), 30);
    restartAndCatchUp();
    assertThat(quarantined()).isEqualTo(1);
    h.settle();
    assertThat(quarantined()).as(t.lastRebuildFailure()).isZero();
    assertThat(readAll()).isZero();
  }

  @Test
  void truncationIsFoundAtLoadAndRebuilt() throws Exception {
    PersistentLayer victim = layer(LayerKind.DELTA, 1);
    try (FileHandle fh = h.fs.open(victim.path())) {
      fh.truncate(victim.fileSizeBytes() / 2);
    }
    restartAndCatchUp();
    assertThat(quarantined()).isEqualTo(1);
    h.settle();
    assertThat(quarantined()).isZero();
    assertThat(readAll()).isZero();
  }

  @Test
  void withoutTheWalTheLayerStaysFencedAcrossRestartsAndIsNeverServed() throws Exception {
    PersistentLayer victim = layer(LayerKind.DELTA, 1);
    flip(victim.path(), 128 + 40);
    h.providerStarts.put(TL, victim.lsns().end());
    restartAndCatchUp();
    readAll();
    h.settle();
    assertThat(quarantined()).isEqualTo(1);
    assertThat(t.lastRebuildFailure()).contains("WAL_UNAVAILABLE");
    int fenced = readAll();
    assertThat(fenced).isGreaterThan(0);
    Lsn cutoff = t.gcCutoff();
    t.requestGc(t.diskConsistentLsn());
    h.settle();
    assertThat(t.gcCutoff()).as("no GC while a layer is quarantined").isEqualTo(cutoff);
    restartAndCatchUp();
    h.settle();
    assertThat(quarantined()).as("the .corrupt file fences it again after a restart").isEqualTo(1);
    assertThat(readAll()).isEqualTo(fenced);
    h.providerStarts.remove(TL);
    restartAndCatchUp();
    h.settle();
    assertThat(quarantined()).isZero();
    assertThat(readAll()).isZero();
    assertThat(List.of(FileSystem.parentOf(victim.path()))).isNotEmpty();
  }

  @Test
  void layersAreReportedInTheSummary() throws Exception {
    flip(layer(LayerKind.DELTA, 1).path(), 128 + 40);
    readAll();
    h.settle();
    assertThat(t.summary().corruptLayers()).isEqualTo(1);
    assertThat(t.summary().rebuiltLayers()).isEqualTo(1);
    assertThat(t.summary().toText()).contains("1 corrupt layers, 1 rebuilt");
    assertThat((Layer) layer(LayerKind.DELTA, 1)).isNotNull();
  }
}
