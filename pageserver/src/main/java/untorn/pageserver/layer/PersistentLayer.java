package untorn.pageserver.layer;

import java.util.Arrays;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.Invariants;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverException;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.ValueCodec;

/**
 * PersistentLayer is an immutable layer file (format in {@link LayerFileWriter}) opened for
 * reading. Opening checks the header and every index block and keeps the index in memory; data
 * blocks are checked when read. Any failed check is a {@link LayerCorruptException}: a value is
 * returned only from a block whose checksum matched.
 *
 * <p>Safe for concurrent readers (positional reads on one handle). {@link #close} is called only
 * once no reader can reach the layer (see the layer map's reclamation).
 */
public final class PersistentLayer extends FileLayer implements LayerIndex {
  private final String path;
  private final FileHandle handle;
  private final long indexOffset;
  private final long dataEnd;
  private long[] replaced = new long[0];
  private final long fileSizeBytes;
  private final long[] keys;
  private final long[] lsns;
  private final long[] blockOffsets;
  private final int[] valueOffsets;
  private final int[] valueLengths;
  private final byte[] flags;
  /** Per entry: the index of the newest chain-starting entry of the same key at or before it, or -1. */
  private final int[] newestStart;
  private volatile boolean closed;

  private PersistentLayer(LayerDescriptor desc, String path, FileHandle handle, long indexOffset, long dataEnd, long fileSizeBytes,
      int n) {
    super(desc);
    this.path = path;
    this.handle = handle;
    this.indexOffset = indexOffset;
    this.dataEnd = dataEnd;
    this.fileSizeBytes = fileSizeBytes;
    this.keys = new long[n];
    this.lsns = new long[n];
    this.blockOffsets = new long[n];
    this.valueOffsets = new int[n];
    this.valueLengths = new int[n];
    this.flags = new byte[n];
    this.newestStart = new int[n];
  }

  /**
   * Opens and checks the layer file {@code directory/desc.fileName()}: header (magic, version,
   * checksum, agreement with the name, file size) and index (checksums, order, bounds).
   */
  public static PersistentLayer open(FileSystem fs, String directory, LayerDescriptor desc) throws PageserverException {
    String path = FileSystem.join(directory, desc.fileName());
    FileHandle h;
    try {
      h = fs.open(path);
    } catch (StorageException e) {
      throw new PageserverException(PageserverException.Kind.STORAGE, "cannot open " + path, e);
    }
    try {
      return load(h, desc, path);
    } catch (PageserverException | RuntimeException e) {
      closeQuietly(h);
      throw e;
    }
  }

  private static PersistentLayer load(FileHandle h, LayerDescriptor desc, String path) throws PageserverException {
    String name = desc.fileName();
    byte[] header = new byte[LayerFileWriter.HEADER_BYTES];
    long size = readFully(h, name, 0, header);
    String bad = checkHeader(header, desc, size);
    if (bad != null) {
      throw new LayerCorruptException(name, "bad header: " + bad);
    }
    int n = Bytes.getI32(header, 48);
    int indexBlocks = Bytes.getI32(header, 52);
    long indexOffset = Bytes.getI64(header, 56);
    int replacedCount = Bytes.getI32(header, 72);
    long replacedOffset = Bytes.getI64(header, 80);
    PersistentLayer layer = new PersistentLayer(desc, path, h, indexOffset, replacedCount > 0 ? replacedOffset : indexOffset, size, n);
    layer.loadReplaced(replacedCount);
    layer.loadIndex(indexBlocks);
    return layer;
  }

  private static String checkHeader(byte[] h, LayerDescriptor desc, long size) {
    if (Bytes.getI32(h, 0) != LayerFileWriter.MAGIC) {
      return String.format("magic %08x", Bytes.getI32(h, 0));
    }
    if (Crc32c.of(h, 0, LayerFileWriter.HEADER_CRC_OFFSET) != Bytes.getI32(h, LayerFileWriter.HEADER_CRC_OFFSET)) {
      return "header checksum mismatch";
    }
    if (Bytes.getU16(h, 4) != LayerFileWriter.VERSION) {
      return "format version " + Bytes.getU16(h, 4);
    }
    boolean sameName = LayerKind.ofCode(Bytes.getU8(h, 6)) == desc.kind() && Bytes.getU8(h, 7) == desc.level()
        && Bytes.getI64(h, 8) == desc.keys().start() && Bytes.getI64(h, 16) == desc.keys().end()
        && Bytes.getI64(h, 24) == desc.lsns().start().value() && Bytes.getI64(h, 32) == desc.lsns().end().value()
        && Bytes.getI64(h, 40) == desc.seq();
    if (!sameName) {
      return "header does not describe " + desc.fileName() + " (misplaced or renamed file)";
    }
    long n = Bytes.getU32(h, 48);
    long indexOffset = Bytes.getI64(h, 56);
    if (Bytes.getI64(h, 64) != size) {
      return "file is " + size + " bytes, header says " + Bytes.getI64(h, 64) + " (truncated or extended)";
    }
    long replacedCount = Bytes.getU32(h, 72);
    long replacedOffset = Bytes.getI64(h, 80);
    boolean replacedOk = replacedCount == 0 ? replacedOffset == 0
        : replacedCount <= LayerFileWriter.REPLACED_MAX && replacedOffset >= LayerFileWriter.HEADER_BYTES && replacedOffset < indexOffset;
    if (n > PageserverLimits.LAYER_ENTRIES_MAX || indexOffset < LayerFileWriter.HEADER_BYTES || indexOffset > size
        || Bytes.getU32(h, 52) * (long) LayerFileWriter.BLOCK_FRAME_BYTES > size || !replacedOk
        || !Bytes.isZero(h, 76, 80) || !Bytes.isZero(h, 88, LayerFileWriter.HEADER_CRC_OFFSET)) {
      return "implausible entry count, index position or reserved bytes";
    }
    return null;
  }

  private void loadReplaced(int count) throws PageserverException {
    if (count == 0) {
      return;
    }
    byte[] payload = readBlock(dataEnd, indexOffset);
    if (payload.length != count * 8 || dataEnd + LayerFileWriter.BLOCK_FRAME_BYTES + payload.length != indexOffset) {
      throw new LayerCorruptException(name(), "replaced-layers block of " + payload.length + " bytes for " + count + " layers");
    }
    replaced = new long[count];
    for (int i = 0; i < count; i++) {
      replaced[i] = Bytes.getI64(payload, i * 8);
    }
  }

  /** Sequence numbers of the level-0 layers this compaction output replaces (empty if none). */
  public long[] replacedSeqs() {
    return replaced.clone();
  }

  private void loadIndex(int indexBlocks) throws PageserverException {
    long p = indexOffset;
    int i = 0;
    for (int b = 0; b < indexBlocks; b++) {
      byte[] payload = readBlock(p, fileSizeBytes);
      if (payload.length % LayerFileWriter.INDEX_ENTRY_BYTES != 0 || i + payload.length / LayerFileWriter.INDEX_ENTRY_BYTES > keys.length) {
        throw new LayerCorruptException(name(), "index block at " + p + " has " + payload.length + " bytes");
      }
      for (int off = 0; off < payload.length; off += LayerFileWriter.INDEX_ENTRY_BYTES) {
        readEntry(i++, payload, off);
      }
      p += LayerFileWriter.BLOCK_FRAME_BYTES + payload.length;
    }
    if (i != keys.length || p != fileSizeBytes) {
      throw new LayerCorruptException(name(), "index holds " + i + " of " + keys.length + " entries, ends at " + p + " of " + fileSizeBytes);
    }
    for (int e = 0; e < keys.length; e++) {
      boolean sameKey = e > 0 && keys[e] == keys[e - 1];
      newestStart[e] = startsChainAt(e) ? e : sameKey ? newestStart[e - 1] : -1;
    }
  }

  private void readEntry(int i, byte[] b, int off) throws LayerCorruptException {
    keys[i] = Bytes.getI64(b, off);
    lsns[i] = Bytes.getI64(b, off + 8);
    blockOffsets[i] = Bytes.getI64(b, off + 16);
    valueOffsets[i] = Bytes.getI32(b, off + 24);
    valueLengths[i] = Bytes.getI32(b, off + 28);
    flags[i] = b[off + 32];
    boolean image = (flags[i] & LayerFileWriter.FLAG_IMAGE) != 0;
    boolean ordered = i == 0 || keys[i] > keys[i - 1] || (keys[i] == keys[i - 1] && Long.compareUnsigned(lsns[i], lsns[i - 1]) > 0);
    boolean ok = ordered && desc.keys().contains(keys[i]) && desc.lsns().contains(Lsn.of(lsns[i]))
        && blockOffsets[i] >= LayerFileWriter.HEADER_BYTES && blockOffsets[i] < dataEnd
        && valueOffsets[i] >= 0 && valueLengths[i] > 0 && valueLengths[i] <= PageserverLimits.VALUE_BYTES_MAX
        && (long) valueOffsets[i] + valueLengths[i] <= PageserverLimits.LAYER_BLOCK_PAYLOAD_BYTES_MAX
        && (flags[i] & ~(LayerFileWriter.FLAG_IMAGE | LayerFileWriter.FLAG_STARTS_CHAIN)) == 0
        && image == (desc.kind() == LayerKind.IMAGE) && (!image || startsChainAt(i))
        && Bytes.isZero(b, off + 33, off + LayerFileWriter.INDEX_ENTRY_BYTES);
    if (!ok) {
      throw new LayerCorruptException(name(), "index entry " + i + " is invalid");
    }
  }

  /** Reads and checks the block at {@code offset}, which must end by {@code limit}. */
  private byte[] readBlock(long offset, long limit) throws PageserverException {
    byte[] frame = new byte[LayerFileWriter.BLOCK_FRAME_BYTES];
    readFully(handle, name(), offset, frame);
    long length = Bytes.getU32(frame, 0);
    if (length > PageserverLimits.LAYER_BLOCK_PAYLOAD_BYTES_MAX || offset + LayerFileWriter.BLOCK_FRAME_BYTES + length > limit) {
      throw new LayerCorruptException(name(), "block at " + offset + " claims " + length + " bytes");
    }
    byte[] payload = new byte[(int) length];
    readFully(handle, name(), offset + LayerFileWriter.BLOCK_FRAME_BYTES, payload);
    if (LayerFileWriter.blockCrc(desc.seq(), offset, payload, 0, payload.length) != Bytes.getI32(frame, 4)) {
      throw new LayerCorruptException(name(), "checksum mismatch in block at " + offset);
    }
    return payload;
  }

  /** Reads exactly {@code into.length} bytes; returns the file size. Short reads are corruption. */
  private static long readFully(FileHandle h, String name, long offset, byte[] into) throws PageserverException {
    try {
      long size = h.sizeBytes();
      if (offset + into.length > size) {
        throw new LayerCorruptException(name, "file of " + size + " bytes ends before " + (offset + into.length));
      }
      h.readFully(offset, into, 0, into.length);
      return size;
    } catch (StorageException e) {
      if (e.kind() == StorageException.Kind.CORRUPT) {
        throw new LayerCorruptException(name, e.getMessage(), e);
      }
      throw new PageserverException(PageserverException.Kind.STORAGE, "reading " + name + " failed", e);
    }
  }

  public String path() {
    return path;
  }

  public long fileSizeBytes() {
    return fileSizeBytes;
  }

  @Override
  public int entryCount() {
    return keys.length;
  }

  public PageKey keyAt(int i) {
    return PageKey.unpack(keys[i]);
  }

  @Override
  public long packedKeyAt(int i) {
    return keys[i];
  }

  @Override
  public Lsn lsnAt(int i) {
    return Lsn.of(lsns[i]);
  }

  @Override
  public boolean startsChainAt(int i) {
    return (flags[i] & LayerFileWriter.FLAG_STARTS_CHAIN) != 0;
  }

  /** The first entry index of {@code packedKey}, or where it would be. */
  public int firstEntryOf(long packedKey) {
    int i = Arrays.binarySearch(keys, packedKey);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && keys[i - 1] == packedKey) {
      i--;
    }
    return i;
  }

  @Override
  public Lsn newestChainStart(PageKey key, Lsn upTo) {
    long k = key.packed();
    int i = firstEntryOf(k);
    int newest = -1;
    for (; i < keys.length && keys[i] == k && Long.compareUnsigned(lsns[i], upTo.value()) <= 0; i++) {
      newest = newestStart[i];
    }
    return newest < 0 ? null : Lsn.of(lsns[newest]);
  }

  @Override
  public void collect(PageKey key, Lsn above, Lsn upTo, VersionSink sink) throws PageserverException {
    if (closed) {
      throw Invariants.fail("read of reclaimed layer %s", name);
    }
    long k = key.packed();
    int first = firstEntryOf(k);
    int last = first;
    while (last < keys.length && keys[last] == k) {
      last++;
    }
    BlockCache cache = new BlockCache();
    for (int i = last - 1; i >= first; i--) {
      Lsn lsn = Lsn.of(lsns[i]);
      if (!lsn.isAfter(above)) {
        return;
      }
      if (lsn.compareTo(upTo) <= 0) {
        sink.accept(lsn, readValue(i, cache));
        if (startsChainAt(i)) {
          return;
        }
      }
    }
  }

  /** Reads the value of entry {@code i}; {@code cache} keeps the last block read. */
  public Value readValue(int i, BlockCache cache) throws PageserverException {
    if (cache.offset != blockOffsets[i]) {
      cache.payload = readBlock(blockOffsets[i], dataEnd);
      cache.offset = blockOffsets[i];
    }
    if ((long) valueOffsets[i] + valueLengths[i] > cache.payload.length) {
      throw new LayerCorruptException(name(), "entry " + i + " lies outside its block");
    }
    try {
      Value v = ValueCodec.decode(keyAt(i), cache.payload, valueOffsets[i], valueLengths[i]);
      if (v.startsChain() != startsChainAt(i) || (v instanceof Value.Image) != (kind() == LayerKind.IMAGE)) {
        throw new LayerCorruptException(name(), "entry " + i + " disagrees with its index flags");
      }
      return v;
    } catch (ValueCodec.MalformedValue e) {
      throw new LayerCorruptException(name(), "entry " + i + ": " + e.getMessage());
    }
  }

  /** Checks every data block (a scrub): finds bit rot before a read needs the block. */
  public void verifyAllBlocks() throws PageserverException {
    BlockCache cache = new BlockCache();
    for (int i = 0; i < keys.length; i++) {
      readValue(i, cache);
    }
  }

  /** The last data block read, so a scan reads each block once. */
  public static final class BlockCache {
    long offset = -1;
    byte[] payload;
  }

  /** Closes the file handle; only once no reader can reach this layer. */
  public void close() {
    closed = true;
    closeQuietly(handle);
  }

  public boolean isClosed() {
    return closed;
  }

  private static void closeQuietly(FileHandle h) {
    try {
      h.close();
    } catch (StorageException ignored) {
      // Closing a read-only handle loses nothing.
    }
  }

  @Override
  public String toString() {
    return name();
  }
}
