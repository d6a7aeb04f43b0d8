package untorn.pageserver.value;

import java.util.Arrays;
import untorn.core.Bytes;
import untorn.core.Limits;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.WalOp;
import untorn.pageserver.PageserverLimits;

/**
 * ValueCodec encodes a {@link Value} for layer files (little-endian). The key and LSN are not
 * part of it: the layer's index holds them.
 *
 * <pre>
 *   0  u8   kind: 1 delta, 2 image
 *   delta:
 *   1  u8   WAL operation code
 *   2  u8   flags: 0x1 will_init, 0x2 has_image
 *   3  u8   0
 *   4  u64  start LSN of the WAL record
 *  12  u16  block data length
 *  14  u16  0
 *  16  block data, then the 8192-byte image if has_image
 *   image:
 *   1  3 bytes 0
 *   4  the 8192-byte sealed page
 * </pre>
 *
 * Decoding validates every field; a value that does not decode is reported as malformed (the
 * caller's block checksum should have caught the damage first).
 */
public final class ValueCodec {
  private ValueCodec() {}

  static final int KIND_DELTA = 1;
  static final int KIND_IMAGE = 2;
  private static final int FLAG_WILL_INIT = 0x1;
  private static final int FLAG_HAS_IMAGE = 0x2;
  private static final int IMAGE_OFFSET = 4;

  /** Thrown for bytes that are not a valid value. */
  public static final class MalformedValue extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedValue(String message) {
      super(message, null, false, false);
    }
  }

  public static byte[] encode(Value value) {
    if (value instanceof Value.Delta d) {
      return encodeDelta(d);
    } else if (value instanceof Value.Image i) {
      byte[] out = new byte[IMAGE_OFFSET + Limits.PAGE_SIZE_BYTES];
      out[0] = KIND_IMAGE;
      System.arraycopy(i.page(), 0, out, IMAGE_OFFSET, Limits.PAGE_SIZE_BYTES);
      return out;
    }
    throw new AssertionError(value);
  }

  private static byte[] encodeDelta(Value.Delta d) {
    BlockRef b = d.block();
    int imageBytes = b.hasImage() ? Limits.PAGE_SIZE_BYTES : 0;
    byte[] out = new byte[PageserverLimits.VALUE_HEADER_BYTES + b.data().length + imageBytes];
    out[0] = KIND_DELTA;
    Bytes.putU8(out, 1, d.op().code());
    Bytes.putU8(out, 2, (b.willInit() ? FLAG_WILL_INIT : 0) | (b.hasImage() ? FLAG_HAS_IMAGE : 0));
    Bytes.putI64(out, 4, d.recordStart().value());
    Bytes.putU16(out, 12, b.data().length);
    int p = PageserverLimits.VALUE_HEADER_BYTES;
    System.arraycopy(b.data(), 0, out, p, b.data().length);
    if (b.hasImage()) {
      System.arraycopy(b.image(), 0, out, p + b.data().length, imageBytes);
    }
    return out;
  }

  /** Decodes the value of page {@code key} stored in {@code bytes[off, off + len)}. */
  public static Value decode(PageKey key, byte[] bytes, int off, int len) throws MalformedValue {
    if (len < 1) {
      throw new MalformedValue("empty value");
    }
    int kind = Bytes.getU8(bytes, off);
    if (kind == KIND_IMAGE) {
      if (len != IMAGE_OFFSET + Limits.PAGE_SIZE_BYTES || !Bytes.isZero(bytes, off + 1, off + IMAGE_OFFSET)) {
        throw new MalformedValue("image value of " + len + " bytes");
      }
      return new Value.Image(Arrays.copyOfRange(bytes, off + IMAGE_OFFSET, off + len));
    }
    if (kind != KIND_DELTA || len < PageserverLimits.VALUE_HEADER_BYTES) {
      throw new MalformedValue("unknown value kind " + kind + " (" + len + " bytes)");
    }
    return decodeDelta(key, bytes, off, len);
  }

  private static Value decodeDelta(PageKey key, byte[] bytes, int off, int len) throws MalformedValue {
    WalOp op = WalOp.ofCode(Bytes.getU8(bytes, off + 1));
    int flags = Bytes.getU8(bytes, off + 2);
    int dataLength = Bytes.getU16(bytes, off + 12);
    boolean hasImage = (flags & FLAG_HAS_IMAGE) != 0;
    int expected = PageserverLimits.VALUE_HEADER_BYTES + dataLength + (hasImage ? Limits.PAGE_SIZE_BYTES : 0);
    if (op == null || !op.touchesPages() || (flags & ~(FLAG_WILL_INIT | FLAG_HAS_IMAGE)) != 0
        || bytes[off + 3] != 0 || Bytes.getU16(bytes, off + 14) != 0 || expected != len) {
      throw new MalformedValue("invalid delta header (op " + Bytes.getU8(bytes, off + 1) + ", flags " + flags
          + ", data " + dataLength + ", length " + len + ")");
    }
    int p = off + PageserverLimits.VALUE_HEADER_BYTES;
    byte[] data = Arrays.copyOfRange(bytes, p, p + dataLength);
    byte[] image = hasImage ? Arrays.copyOfRange(bytes, p + dataLength, p + dataLength + Limits.PAGE_SIZE_BYTES) : null;
    try {
      BlockRef block = new BlockRef(key, (flags & FLAG_WILL_INIT) != 0, data, image);
      return new Value.Delta(op, Lsn.of(Bytes.getI64(bytes, off + 4)), block);
    } catch (IllegalArgumentException e) {
      throw new MalformedValue(e.getMessage());
    }
  }
}
