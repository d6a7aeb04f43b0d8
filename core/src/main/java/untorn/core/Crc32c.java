package untorn.core;

import java.util.zip.CRC32C;

/** Crc32c computes CRC32C (Castagnoli), the checksum of every untorn format, like PostgreSQL's WAL. */
public final class Crc32c {
  private Crc32c() {}

  public static int of(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return (int) crc.getValue();
  }

  /** The checksum of b[off, off+len) computed as if the 4 bytes at {@code crcOffset} were zero. */
  public static int skipping(byte[] b, int off, int len, int crcOffset) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, crcOffset - off);
    crc.update(ZEROS, 0, 4);
    crc.update(b, crcOffset + 4, off + len - crcOffset - 4);
    return (int) crc.getValue();
  }

  /** Like {@link #skipping(byte[], int, int, int)}, after the 8 little-endian bytes of {@code prefix}. */
  public static int skipping(long prefix, byte[] b, int off, int len, int crcOffset) {
    byte[] head = new byte[8];
    Bytes.putI64(head, 0, prefix);
    CRC32C crc = new CRC32C();
    crc.update(head, 0, 8);
    crc.update(b, off, crcOffset - off);
    crc.update(ZEROS, 0, 4);
    crc.update(b, crcOffset + 4, off + len - crcOffset - 4);
    return (int) crc.getValue();
  }

  private static final byte[] ZEROS = new byte[4];
}
