package untorn.pageserver.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import untorn.core.Bytes;
import untorn.core.io.FileHandle;
import untorn.core.io.MemoryFileSystem;
import untorn.core.page.HeapRecords;
import untorn.core.page.Page;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.WalOp;
import untorn.pageserver.PageserverException;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * Layer files round-trip, and damage of any byte (bit flip), truncation, extension or a wrong
 * name is detected as {@link LayerCorruptException}: a damaged file never returns a value that
 * differs from what was written.
 */
class LayerFileProperties {
  static final String DIR = "layers";

  /** Random versions of a few pages, in (key, LSN) order; images or deltas per the kind. */
  static List<Version> versions(SplittableRandom r, LayerKind kind, int n) {
    List<Version> out = new ArrayList<>();
    int keys = 1 + r.nextInt(6);
    for (int k = 0; k < keys; k++) {
      PageKey key = PageKey.of(1 + r.nextInt(3), k * 7 + r.nextInt(5));
      long lsn = 100 + r.nextInt(50);
      for (int i = 0; i < n / keys + 1; i++) {
        lsn += 8 + 8 * r.nextInt(40);
        out.add(new Version(key, Lsn.of(lsn), value(r, kind, key)));
      }
    }
    out.sort((a, b) -> a.key().equals(b.key()) ? a.lsn().compareTo(b.lsn()) : a.key().compareTo(b.key()));
    return out;
  }

  static Value value(SplittableRandom r, LayerKind kind, PageKey key) {
    if (kind == LayerKind.IMAGE) {
      Page p = Page.empty();
      try {
        p.insert(0, new byte[] {(byte) r.nextInt(), 1, 2, 3});
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      return Value.Image.of(p);
    }
    int c = r.nextInt(10);
    if (c == 0) {
      return new Value.Delta(WalOp.PAGE_INIT, Lsn.of(8), new BlockRef(key, true, new byte[0], null));
    }
    if (c == 1) {
      return new Value.Delta(WalOp.FPI, Lsn.of(8), new BlockRef(key, false, new byte[0], Page.empty().toBytes()));
    }
    byte[] tuple = new byte[1 + r.nextInt(300)];
    r.nextBytes(tuple);
    return new Value.Delta(WalOp.HEAP_INSERT, Lsn.of(16), HeapRecords.insert(key, r.nextInt(10), tuple).blocks().get(0));
  }

  static PersistentLayer write(MemoryFileSystem fs, LayerKind kind, List<Version> vs, long seq) throws Exception {
    fs.createDirectories(DIR);
    LsnRange lsns = new LsnRange(Lsn.of(1), vs.stream().map(Version::lsn).max(Lsn::compareTo).orElseThrow().plus(1));
    LayerFileWriter w = LayerFileWriter.begin(fs, DIR, kind, 0, lsns, seq);
    for (Version v : vs) {
      w.add(v);
    }
    LayerDescriptor d = w.finish(KeyRange.spanning(vs.get(0).key(), vs.get(vs.size() - 1).key()));
    return PersistentLayer.open(fs, DIR, d);
  }

  @Property(tries = 40)
  void roundTripsAndCollectsNewestFirstUpToTheChainStart(@ForAll long seed, @ForAll @IntRange(min = 1, max = 400) int n) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    LayerKind kind = r.nextBoolean() ? LayerKind.DELTA : LayerKind.IMAGE;
    List<Version> vs = versions(r, kind, n);
    PersistentLayer layer = write(new MemoryFileSystem(), kind, vs, 7);
    assertThat(layer.entryCount()).isEqualTo(vs.size());
    PersistentLayer.BlockCache cache = new PersistentLayer.BlockCache();
    for (int i = 0; i < vs.size(); i++) {
      assertThat(layer.keyAt(i)).isEqualTo(vs.get(i).key());
      assertThat(layer.lsnAt(i)).isEqualTo(vs.get(i).lsn());
      assertThat(layer.readValue(i, cache)).isEqualTo(vs.get(i).value());
    }
    Version probe = vs.get(r.nextInt(vs.size()));
    List<Version> got = new ArrayList<>();
    layer.collect(probe.key(), Lsn.ZERO, probe.lsn(), (lsn, v) -> got.add(new Version(probe.key(), lsn, v)));
    List<Version> want = new ArrayList<>();
    for (int i = vs.size() - 1; i >= 0; i--) {
      Version v = vs.get(i);
      if (v.key().equals(probe.key()) && !v.lsn().isAfter(probe.lsn())) {
        want.add(v);
        if (v.value().startsChain()) {
          break;
        }
      }
    }
    assertThat(got).isEqualTo(want);
  }

  @Property(tries = 200)
  void anyBitFlipIsDetectedAndNeverServed(@ForAll long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    LayerKind kind = r.nextBoolean() ? LayerKind.DELTA : LayerKind.IMAGE;
    List<Version> vs = versions(r, kind, 1 + r.nextInt(60));
    MemoryFileSystem fs = new MemoryFileSystem();
    PersistentLayer layer = write(fs, kind, vs, 9);
    long size = layer.fileSizeBytes();
    long pos = r.nextLong(size);
    flip(fs, layer.path(), pos, 1 << r.nextInt(8));
    assertDetected(fs, layer.descriptor(), vs, "bit flip at " + pos + " of " + size);
  }

  @Property(tries = 30)
  void everyTruncationAndExtensionIsDetected(@ForAll long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    List<Version> vs = versions(r, LayerKind.DELTA, 1 + r.nextInt(20));
    MemoryFileSystem fs = new MemoryFileSystem();
    PersistentLayer layer = write(fs, LayerKind.DELTA, vs, 11);
    long size = layer.fileSizeBytes();
    long cut = r.nextLong(size);
    try (FileHandle h = fs.open(layer.path())) {
      h.truncate(r.nextBoolean() ? cut : size + 1 + r.nextInt(100));
    }
    assertThatThrownBy(() -> PersistentLayer.open(fs, DIR, layer.descriptor())).isInstanceOf(LayerCorruptException.class);
  }

  @Property(tries = 20)
  void aFileUnderAnotherLayersNameIsDetected(@ForAll long seed) throws Exception {
    SplittableRandom r = new SplittableRandom(seed);
    List<Version> vs = versions(r, LayerKind.DELTA, 5);
    MemoryFileSystem fs = new MemoryFileSystem();
    PersistentLayer layer = write(fs, LayerKind.DELTA, vs, 12);
    LayerDescriptor d = layer.descriptor();
    LayerDescriptor other = new LayerDescriptor(d.kind(), d.level(), d.keys(), new LsnRange(d.lsns().start(), d.lsns().end().plus(8)), d.seq());
    fs.rename(layer.path(), DIR + "/" + other.fileName());
    assertThatThrownBy(() -> PersistentLayer.open(fs, DIR, other)).isInstanceOf(LayerCorruptException.class)
        .hasMessageContaining("misplaced or renamed");
  }

  /**
   * The header checksum is checked, not only the fields it covers: every other single-bit flip
   * of the header is also caught by a cross-check (name, size, index), so only a flip of the
   * checksum itself shows the check is there.
   */
  @Test
  void aDamagedHeaderChecksumIsDetected() throws Exception {
    SplittableRandom r = new SplittableRandom(5);
    List<Version> vs = versions(r, LayerKind.DELTA, 20);
    for (int bit = 0; bit < 32; bit++) {
      MemoryFileSystem fs = new MemoryFileSystem();
      PersistentLayer layer = write(fs, LayerKind.DELTA, vs, 13);
      flip(fs, layer.path(), LayerFileWriter.HEADER_CRC_OFFSET + bit / 8, 1 << (bit % 8));
      assertThatThrownBy(() -> PersistentLayer.open(fs, DIR, layer.descriptor())).isInstanceOf(LayerCorruptException.class)
          .hasMessageContaining("header checksum");
    }
  }

  /** Versions of one page whose values all encode to the same size, so every data block has the same length. */
  static List<Version> sameSizeVersions(byte fill) {
    List<Version> out = new ArrayList<>();
    PageKey key = PageKey.of(1, 1);
    byte[] tuple = new byte[500];
    java.util.Arrays.fill(tuple, fill);
    for (int i = 0; i < 60; i++) {
      out.add(new Version(key, Lsn.of(100 + 8L * i), new Value.Delta(WalOp.HEAP_INSERT, Lsn.of(16),
          HeapRecords.insert(key, i % 7, tuple).blocks().get(0))));
    }
    return out;
  }

  static byte[] bytes(MemoryFileSystem fs, String path, long offset, int length) throws Exception {
    byte[] b = new byte[length];
    try (FileHandle h = fs.open(path)) {
      h.readFully(offset, b, 0, length);
    }
    return b;
  }

  static void put(MemoryFileSystem fs, String path, long offset, byte[] b) throws Exception {
    try (FileHandle h = fs.open(path)) {
      h.write(offset, b);
    }
  }

  /** Reads every value; true if one failed its checks (the reads that succeed must be exact). */
  static boolean anyReadDetected(PersistentLayer layer, List<Version> vs) throws Exception {
    PersistentLayer.BlockCache cache = new PersistentLayer.BlockCache();
    for (int i = 0; i < layer.entryCount(); i++) {
      try {
        assertThat(layer.readValue(i, cache)).isEqualTo(vs.get(i).value());
      } catch (LayerCorruptException e) {
        return true;
      }
    }
    return false;
  }

  /**
   * A whole, well-formed block in the wrong place — another block of the same file, or the block at
   * the same offset of another layer (a misdirected write) — fails its checksum, which binds the
   * layer's sequence number and the block's offset. Without them, both would serve wrong values.
   */
  @Test
  void aBlockWrittenToTheWrongPlaceOrFileIsDetected() throws Exception {
    MemoryFileSystem fs = new MemoryFileSystem();
    List<Version> a = sameSizeVersions((byte) 1);
    List<Version> b = sameSizeVersions((byte) 2);
    PersistentLayer la = write(fs, LayerKind.DELTA, a, 21);
    PersistentLayer lb = write(fs, LayerKind.DELTA, b, 22);
    long block0 = LayerFileWriter.HEADER_BYTES;
    int frame = 4 + 4 + Bytes.getI32(bytes(fs, la.path(), block0, 4), 0);
    long block1 = block0 + frame;
    assertThat(Bytes.getI32(bytes(fs, la.path(), block1, 4), 0) + 8).as("two data blocks of one size").isEqualTo(frame);
    assertThat(la.fileSizeBytes()).isEqualTo(lb.fileSizeBytes());
    LayerDescriptor da = la.descriptor();

    put(fs, la.path(), block0, bytes(fs, lb.path(), block0, frame)); // B's block 0 over A's block 0
    assertThat(anyReadDetected(PersistentLayer.open(fs, DIR, da), a)).as("a block from another layer").isTrue();

    put(fs, la.path(), block0, bytes(fs, la.path(), block1, frame)); // A's block 1 over A's block 0
    assertThat(anyReadDetected(PersistentLayer.open(fs, DIR, da), a)).as("a block of the same layer at another offset").isTrue();
  }

  static void flip(MemoryFileSystem fs, String path, long pos, int mask) throws Exception {
    try (FileHandle h = fs.open(path)) {
      byte[] b = new byte[1];
      h.readFully(pos, b, 0, 1);
      b[0] ^= (byte) mask;
      h.write(pos, b);
    }
  }

  /** Opening or scrubbing fails with LayerCorruptException; reads that succeed are exact. */
  static void assertDetected(MemoryFileSystem fs, LayerDescriptor d, List<Version> vs, String what) throws Exception {
    PersistentLayer damaged;
    try {
      damaged = PersistentLayer.open(fs, DIR, d);
    } catch (LayerCorruptException e) {
      return;
    }
    boolean detected = false;
    PersistentLayer.BlockCache cache = new PersistentLayer.BlockCache();
    for (int i = 0; i < damaged.entryCount(); i++) {
      try {
        assertThat(damaged.readValue(i, cache)).as(what).isEqualTo(vs.get(i).value());
        assertThat(damaged.lsnAt(i)).isEqualTo(vs.get(i).lsn());
      } catch (LayerCorruptException e) {
        detected = true;
        cache = new PersistentLayer.BlockCache();
      } catch (PageserverException e) {
        throw new AssertionError(what + ": untyped failure " + e, e);
      }
    }
    assertThat(detected).as(what + " went unnoticed").isTrue();
  }
}
