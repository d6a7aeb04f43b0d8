package untorn.core.wal;

import java.util.ArrayList;
import java.util.List;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.Limits;
import untorn.core.types.PageKey;

/**
 * WalFormat defines the bytes of the WAL stream. All integers are little-endian.
 *
 * <p>The stream is a sequence of 8 KiB WAL pages; segments are consecutive runs of pages stored
 * as one file each. Every WAL page starts with a 24-byte page header:
 *
 * <pre>
 *   0  u32  magic 0x57544E55 ("UNTW")
 *   4  u16  format version (1)
 *   6  u16  flags: 0x1 CONTINUATION (the page starts inside a record)
 *   8  u64  page address: the stream position of the page (detects stale and misdirected pages)
 *  16  u32  remaining length: bytes of the continued record left at this page start, else 0
 *  20  u32  CRC32C of bytes 0..19
 * </pre>
 *
 * Records start at 8-byte aligned positions and may span pages and segments; page headers are
 * interleaved where a record crosses a page boundary. A record is a 24-byte header and a body:
 *
 * <pre>
 *   0  u32  total length: header plus body, without padding and page headers
 *   4  u32  CRC32C of the record's start LSN (u64), then the header (with this field zero) and body
 *   8  u64  previous record's start LSN (the prev-link; 0 for the first record of a stream)
 *  16  u8   operation ({@link WalOp} code)
 *  17  u8   flags (0)
 *  18  u16  number of block references
 *  20  u32  main data length
 *  body: for each block reference a 16-byte block header, its data, then its image if any:
 *      u32 relation, u32 block, u8 flags (0x1 HAS_IMAGE, 0x2 WILL_INIT), u8 0,
 *      u16 data length, u16 image length (0 or 8192), u16 0
 *  then the main data.
 * </pre>
 *
 * After a record come zero bytes up to the next 8-byte boundary; the reader checks they are
 * zero, so that every byte of the stream is covered by a check.
 *
 * <p>The record checksum covers the record's own start LSN, which is not stored: record bytes
 * written at another place (a misdirected sector, a record copied within a page) fail it even
 * when reading starts at that record and no prev-link is known to check them against.
 */
public final class WalFormat {
  private WalFormat() {}

  public static final int PAGE_MAGIC = 0x57544E55;
  public static final int VERSION = 1;
  public static final int PAGE_HEADER_BYTES = 24;
  public static final int FLAG_CONTINUATION = 0x1;
  public static final int KNOWN_PAGE_FLAGS = FLAG_CONTINUATION;

  public static final int RECORD_HEADER_BYTES = 24;
  static final int RECORD_CRC_OFFSET = 4;
  public static final int BLOCK_HEADER_BYTES = 16;
  static final int BLOCK_FLAG_HAS_IMAGE = 0x1;
  static final int BLOCK_FLAG_WILL_INIT = 0x2;
  static final int KNOWN_BLOCK_FLAGS = BLOCK_FLAG_HAS_IMAGE | BLOCK_FLAG_WILL_INIT;

  /** Writes a WAL page header into {@code out} at {@code off}. */
  static void writePageHeader(byte[] out, int off, long pageAddress, int flags, int remainingLength) {
    Bytes.putI32(out, off, PAGE_MAGIC);
    Bytes.putU16(out, off + 4, VERSION);
    Bytes.putU16(out, off + 6, flags);
    Bytes.putI64(out, off + 8, pageAddress);
    Bytes.putI32(out, off + 16, remainingLength);
    Bytes.putI32(out, off + 20, Crc32c.of(out, off, 20));
  }

  /** What a page header says, or why it is not a valid one. */
  record PageHeader(int flags, long pageAddress, int remainingLength) {}

  /**
   * Checks a page header for a page at {@code expectedAddress}; returns null if valid, else a
   * description of the problem. A header of all zeros is reported as "zeroed".
   */
  static String checkPageHeader(byte[] page, int off, long expectedAddress) {
    if (Bytes.isZero(page, off, off + PAGE_HEADER_BYTES)) {
      return "zeroed";
    }
    if (Bytes.getI32(page, off) != PAGE_MAGIC) {
      return String.format("bad magic %08x", Bytes.getI32(page, off));
    }
    if (Crc32c.of(page, off, 20) != Bytes.getI32(page, off + 20)) {
      return "page header checksum mismatch";
    }
    if (Bytes.getU16(page, off + 4) != VERSION) {
      return "unsupported format version " + Bytes.getU16(page, off + 4);
    }
    if ((Bytes.getU16(page, off + 6) & ~KNOWN_PAGE_FLAGS) != 0) {
      return String.format("unknown page flags %04x", Bytes.getU16(page, off + 6));
    }
    long address = Bytes.getI64(page, off + 8);
    if (address != expectedAddress) {
      return String.format("page address %X where %X was expected (stale or misplaced page)", address, expectedAddress);
    }
    return null;
  }

  static int pageFlags(byte[] page, int off) {
    return Bytes.getU16(page, off + 6);
  }

  static long pageRemainingLength(byte[] page, int off) {
    return Bytes.getU32(page, off + 16);
  }

  /** Serializes a record (header and body) that starts at {@code startLsn}, with its checksum. */
  static byte[] encodeRecord(WalRecord r, long prevLsn, long startLsn) {
    int total = r.encodedSizeBytes();
    byte[] out = new byte[total];
    Bytes.putI32(out, 0, total);
    Bytes.putI64(out, 8, prevLsn);
    Bytes.putU8(out, 16, r.op().code());
    Bytes.putU16(out, 18, r.blocks().size());
    Bytes.putI32(out, 20, r.mainData().length);
    int p = RECORD_HEADER_BYTES;
    for (BlockRef b : r.blocks()) {
      Bytes.putI32(out, p, b.key().relation());
      Bytes.putI32(out, p + 4, b.key().block());
      int flags = (b.hasImage() ? BLOCK_FLAG_HAS_IMAGE : 0) | (b.willInit() ? BLOCK_FLAG_WILL_INIT : 0);
      Bytes.putU8(out, p + 8, flags);
      Bytes.putU16(out, p + 10, b.data().length);
      Bytes.putU16(out, p + 12, b.hasImage() ? b.image().length : 0);
      p += BLOCK_HEADER_BYTES;
      System.arraycopy(b.data(), 0, out, p, b.data().length);
      p += b.data().length;
      if (b.hasImage()) {
        System.arraycopy(b.image(), 0, out, p, b.image().length);
        p += b.image().length;
      }
    }
    System.arraycopy(r.mainData(), 0, out, p, r.mainData().length);
    Bytes.putI32(out, RECORD_CRC_OFFSET, recordChecksum(out, startLsn));
    return out;
  }

  /** The checksum of a whole record (header and body) that starts at {@code startLsn}. */
  static int recordChecksum(byte[] rec, long startLsn) {
    return Crc32c.skipping(startLsn, rec, 0, rec.length, RECORD_CRC_OFFSET);
  }

  static boolean recordChecksumMatches(byte[] rec, long startLsn) {
    return recordChecksum(rec, startLsn) == Bytes.getI32(rec, RECORD_CRC_OFFSET);
  }

  static long recordPrevLsn(byte[] rec) {
    return Bytes.getI64(rec, 8);
  }

  /** Checks the fixed header fields that need no body; returns null if plausible. */
  static String checkRecordHeader(long totalLength) {
    if (totalLength < RECORD_HEADER_BYTES) {
      return "record length " + totalLength + " is shorter than a record header";
    }
    if (totalLength > Limits.WAL_RECORD_BYTES_MAX) {
      return "record length " + totalLength + " exceeds the limit of " + Limits.WAL_RECORD_BYTES_MAX;
    }
    return null;
  }

  /** Thrown by {@link #decodeBody} on a checksummed record whose body is still inconsistent. */
  static final class MalformedRecord extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRecord(String message) {
      super(message, null, false, false);
    }
  }

  /** Decodes a whole record whose checksum matched; every field is validated again. */
  static WalRecord decodeBody(byte[] rec) throws MalformedRecord {
    WalOp op = WalOp.ofCode(Bytes.getU8(rec, 16));
    if (op == null) {
      throw new MalformedRecord("unknown operation code " + Bytes.getU8(rec, 16));
    }
    if (Bytes.getU8(rec, 17) != 0) {
      throw new MalformedRecord("unknown record flags " + Bytes.getU8(rec, 17));
    }
    int blockCount = Bytes.getU16(rec, 18);
    long mainLength = Bytes.getU32(rec, 20);
    if (blockCount > Limits.WAL_BLOCKS_PER_RECORD_MAX || mainLength > Limits.WAL_MAIN_DATA_BYTES_MAX) {
      throw new MalformedRecord(blockCount + " blocks / " + mainLength + " main data bytes exceed the limits");
    }
    List<BlockRef> blocks = new ArrayList<>(blockCount);
    int p = RECORD_HEADER_BYTES;
    for (int i = 0; i < blockCount; i++) {
      if (p + BLOCK_HEADER_BYTES > rec.length) {
        throw new MalformedRecord("block header " + i + " runs past the record");
      }
      int relation = Bytes.getI32(rec, p);
      int block = Bytes.getI32(rec, p + 4);
      int flags = Bytes.getU8(rec, p + 8);
      int dataLength = Bytes.getU16(rec, p + 10);
      int imageLength = Bytes.getU16(rec, p + 12);
      if (relation < 0 || block < 0 || (flags & ~KNOWN_BLOCK_FLAGS) != 0 || rec[p + 9] != 0 || Bytes.getU16(rec, p + 14) != 0) {
        throw new MalformedRecord("block header " + i + " is invalid");
      }
      boolean hasImage = (flags & BLOCK_FLAG_HAS_IMAGE) != 0;
      if (hasImage != (imageLength != 0) || (hasImage && imageLength != Limits.PAGE_SIZE_BYTES)
          || dataLength > Limits.WAL_BLOCK_DATA_BYTES_MAX) {
        throw new MalformedRecord("block " + i + " has inconsistent lengths");
      }
      p += BLOCK_HEADER_BYTES;
      if ((long) p + dataLength + imageLength > rec.length) {
        throw new MalformedRecord("block " + i + " runs past the record");
      }
      byte[] data = java.util.Arrays.copyOfRange(rec, p, p + dataLength);
      p += dataLength;
      byte[] image = hasImage ? java.util.Arrays.copyOfRange(rec, p, p + imageLength) : null;
      p += imageLength;
      blocks.add(new BlockRef(PageKey.of(relation, block), (flags & BLOCK_FLAG_WILL_INIT) != 0, data, image));
    }
    if ((long) p + mainLength != rec.length) {
      throw new MalformedRecord("record length " + rec.length + " does not match its contents (" + (p + mainLength) + ")");
    }
    byte[] main = java.util.Arrays.copyOfRange(rec, p, rec.length);
    try {
      return new WalRecord(op, blocks, main);
    } catch (IllegalArgumentException e) {
      throw new MalformedRecord(e.getMessage());
    }
  }
}
