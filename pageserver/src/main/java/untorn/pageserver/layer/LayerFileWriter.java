package untorn.pageserver.layer;

import java.io.ByteArrayOutputStream;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.Invariants;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.pageserver.PageserverLimits;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.ValueCodec;
import untorn.pageserver.value.Version;

/**
 * LayerFileWriter writes one layer file. Format (little-endian):
 *
 * <pre>
 * header, 128 bytes at offset 0 (written last):
 *    0 u32 magic 0x4C4E5455 ("UTNL")      4 u16 format version (1)
 *    6 u8  kind (1 delta, 2 image)        7 u8  level (0, 1)
 *    8 u64 key range start               16 u64 key range end (exclusive)
 *   24 u64 LSN range start               32 u64 LSN range end (exclusive)
 *   40 u64 sequence number               48 u32 entry count
 *   52 u32 index block count             56 u64 file offset of the first index block
 *   64 u64 file size                     72 u32 count of replaced layers (0..1024)
 *   76 u32 0                             80 u64 file offset of the replaced-layers block (0 if none)
 *   88..123 zero                        124 u32 CRC32C of bytes 0..123
 * data blocks from offset 128, the replaced-layers block if any, then index blocks up to the end
 * of the file. Every block is
 *    0 u32 payload length                 4 u32 CRC32C of (u64 sequence, u64 block offset, payload)
 *    8 payload
 * A data block's payload is whole encoded values ({@link ValueCodec}) in (key, LSN) order, about
 * 8 KiB; an index block's payload is up to 256 entries of 40 bytes, in (key, LSN) order:
 *    0 u64 packed page key                8 u64 LSN
 *   16 u64 file offset of the data block 24 u32 value offset in the block payload
 *   28 u32 value length                  32 u8  flags (0x1 image, 0x2 starts a chain)  33..39 zero
 * The replaced-layers block of a compaction output lists the sequence numbers (u64 each) of the
 * level-0 layers it was merged from: after a crash between writing the outputs and deleting the
 * inputs, a load deletes an input only if outputs naming it cover its keys.
 * </pre>
 *
 * Mixing the sequence number and the block's offset into each block checksum catches blocks
 * written to the wrong place or the wrong file. The file is written under a temporary name,
 * fsynced, renamed to its final name (which carries its ranges, see {@link LayerDescriptor}) and
 * the directory fsynced: a crash leaves either no layer or a complete one. The writer checks entries arrive in order and inside the declared ranges.
 */
public final class LayerFileWriter {
  public static final int MAGIC = 0x4C4E5455;
  public static final int VERSION = 1;
  public static final int HEADER_BYTES = 128;
  public static final int HEADER_CRC_OFFSET = 124;
  public static final int BLOCK_FRAME_BYTES = 8;
  public static final int INDEX_ENTRY_BYTES = 40;
  public static final int FLAG_IMAGE = 0x1;
  public static final int FLAG_STARTS_CHAIN = 0x2;
  public static final String TEMP_SUFFIX = ".tmp";
  public static final int REPLACED_MAX = 1024;

  private final FileSystem fs;
  private final String directory;
  private final LayerKind kind;
  private final int level;
  private final LsnRange lsns;
  private final long seq;
  private final FileHandle out;
  private final ByteArrayOutputStream block = new ByteArrayOutputStream();
  private final ByteArrayOutputStream index = new ByteArrayOutputStream();
  private long blockOffset = HEADER_BYTES;
  private int entries;
  private long firstKey = -1;
  private long lastKey = -1;
  private long lastLsn;
  private long[] replaced = new long[0];

  private LayerFileWriter(FileSystem fs, String directory, LayerKind kind, int level, LsnRange lsns, long seq, FileHandle out) {
    this.fs = fs;
    this.directory = directory;
    this.kind = kind;
    this.level = level;
    this.lsns = lsns;
    this.seq = seq;
    this.out = out;
  }

  /**
   * Starts a layer file under a temporary name (removing a leftover one). The key range is given
   * at {@link #finish}, once the content is known.
   */
  public static LayerFileWriter begin(FileSystem fs, String directory, LayerKind kind, int level, LsnRange lsns, long seq)
      throws StorageException {
    String temp = FileSystem.join(directory, String.format("layer-%016X%s", seq, TEMP_SUFFIX));
    if (fs.exists(temp)) {
      fs.delete(temp);
    }
    return new LayerFileWriter(fs, directory, kind, level, lsns, seq, fs.create(temp));
  }

  /** Records the level-0 layers (by sequence number) this compaction output replaces. */
  public void replaces(long[] seqs) {
    Invariants.check(seqs.length <= REPLACED_MAX, "%d replaced layers", seqs.length);
    replaced = seqs.clone();
  }

  /** The first and last key added so far (packed), or -1 if none. */
  public long firstKey() {
    return firstKey;
  }

  public long lastKey() {
    return lastKey;
  }

  public int entries() {
    return entries;
  }

  /** Bytes written or buffered so far (for cutting outputs at a target size). */
  public long sizeBytes() {
    return blockOffset + block.size() + index.size();
  }

  /** Appends a version; versions come in strictly increasing (key, LSN) order. */
  public void add(Version v) throws StorageException {
    long key = v.key().packed();
    Invariants.check(lsns.contains(v.lsn()), "version %s@%s outside LSN range %s", v.key(), v.lsn(), lsns);
    Invariants.check(key > lastKey || (key == lastKey && Long.compareUnsigned(v.lsn().value(), lastLsn) > 0),
        "version %s@%s out of order", v.key(), v.lsn());
    boolean image = v.value() instanceof Value.Image;
    Invariants.check(image == (kind == LayerKind.IMAGE), "%s value in a %s layer", image ? "image" : "delta", kind);
    Invariants.check(entries < PageserverLimits.LAYER_ENTRIES_MAX, "layer #%d is full", seq);
    byte[] value = ValueCodec.encode(v.value());
    if (block.size() > 0 && block.size() + value.length > PageserverLimits.LAYER_BLOCK_TARGET_BYTES) {
      writeDataBlock();
    }
    byte[] e = new byte[INDEX_ENTRY_BYTES];
    Bytes.putI64(e, 0, key);
    Bytes.putI64(e, 8, v.lsn().value());
    Bytes.putI64(e, 16, blockOffset);
    Bytes.putI32(e, 24, block.size());
    Bytes.putI32(e, 28, value.length);
    Bytes.putU8(e, 32, (image ? FLAG_IMAGE : 0) | (v.value().startsChain() ? FLAG_STARTS_CHAIN : 0));
    index.write(e, 0, e.length);
    block.write(value, 0, value.length);
    entries++;
    firstKey = firstKey < 0 ? key : firstKey;
    lastKey = key;
    lastLsn = v.lsn().value();
  }

  private void writeDataBlock() throws StorageException {
    byte[] payload = block.toByteArray();
    blockOffset += writeBlock(blockOffset, payload, 0, payload.length);
    block.reset();
  }

  private long writeBlock(long offset, byte[] payload, int from, int length) throws StorageException {
    Invariants.check(length <= PageserverLimits.LAYER_BLOCK_PAYLOAD_BYTES_MAX, "block of %d bytes", length);
    byte[] frame = new byte[BLOCK_FRAME_BYTES + length];
    Bytes.putI32(frame, 0, length);
    System.arraycopy(payload, from, frame, BLOCK_FRAME_BYTES, length);
    Bytes.putI32(frame, 4, blockCrc(seq, offset, frame, BLOCK_FRAME_BYTES, length));
    out.write(offset, frame);
    return frame.length;
  }

  /** The checksum of a block: its payload, bound to the layer's sequence number and its offset. */
  static int blockCrc(long seq, long offset, byte[] payload, int from, int length) {
    byte[] buf = new byte[16 + length];
    Bytes.putI64(buf, 0, seq);
    Bytes.putI64(buf, 8, offset);
    System.arraycopy(payload, from, buf, 16, length);
    return Crc32c.of(buf, 0, buf.length);
  }

  /**
   * Writes the index and header, makes the file durable under its final name and returns its
   * descriptor. {@code keys} must hold every key added. The writer is closed afterwards, also
   * when this throws.
   */
  public LayerDescriptor finish(KeyRange keys) throws StorageException {
    Invariants.check(entries > 0 && keys.contains(firstKey) && keys.contains(lastKey), "layer #%d: keys %X..%X outside %s",
        seq, firstKey, lastKey, keys);
    LayerDescriptor desc = new LayerDescriptor(kind, level, keys, lsns, seq);
    try {
      if (block.size() > 0) {
        writeDataBlock();
      }
      long replacedOffset = 0;
      if (replaced.length > 0) {
        byte[] list = new byte[replaced.length * 8];
        for (int i = 0; i < replaced.length; i++) {
          Bytes.putI64(list, i * 8, replaced[i]);
        }
        replacedOffset = blockOffset;
        blockOffset += writeBlock(blockOffset, list, 0, list.length);
      }
      long indexOffset = blockOffset;
      byte[] idx = index.toByteArray();
      int perBlock = PageserverLimits.LAYER_INDEX_ENTRIES_PER_BLOCK * INDEX_ENTRY_BYTES;
      long p = indexOffset;
      int indexBlocks = 0;
      for (int from = 0; from < idx.length; from += perBlock) {
        p += writeBlock(p, idx, from, Math.min(perBlock, idx.length - from));
        indexBlocks++;
      }
      out.write(0, header(desc, indexOffset, indexBlocks, p, replacedOffset));
      out.sync();
    } finally {
      out.close();
    }
    fs.rename(out.path(), FileSystem.join(directory, desc.fileName()));
    fs.syncDirectory(directory);
    return desc;
  }

  /** Abandons the file: closes and removes the temporary file. */
  public void abandon() {
    try {
      out.close();
      fs.delete(out.path());
    } catch (StorageException ignored) {
      // The temporary name is removed at the next load in any case.
    }
  }

  private byte[] header(LayerDescriptor desc, long indexOffset, int indexBlocks, long fileSize, long replacedOffset) {
    byte[] h = new byte[HEADER_BYTES];
    Bytes.putI32(h, 0, MAGIC);
    Bytes.putU16(h, 4, VERSION);
    Bytes.putU8(h, 6, desc.kind().code());
    Bytes.putU8(h, 7, desc.level());
    Bytes.putI64(h, 8, desc.keys().start());
    Bytes.putI64(h, 16, desc.keys().end());
    Bytes.putI64(h, 24, desc.lsns().start().value());
    Bytes.putI64(h, 32, desc.lsns().end().value());
    Bytes.putI64(h, 40, desc.seq());
    Bytes.putI32(h, 48, entries);
    Bytes.putI32(h, 52, indexBlocks);
    Bytes.putI64(h, 56, indexOffset);
    Bytes.putI64(h, 64, fileSize);
    Bytes.putI32(h, 72, replaced.length);
    Bytes.putI64(h, 80, replacedOffset);
    Bytes.putI32(h, HEADER_CRC_OFFSET, Crc32c.of(h, 0, HEADER_CRC_OFFSET));
    return h;
  }
}
