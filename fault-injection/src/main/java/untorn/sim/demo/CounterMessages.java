package untorn.sim.demo;

import untorn.core.Bytes;
import untorn.core.Crc32c;

/**
 * CounterMessages encodes the toy counter's two messages, each a type byte, a value and a CRC32C
 * of both: {@code INC n} asks a replica to hold at least n; {@code ACK n} says it durably does.
 * The network may corrupt messages, so decoding checks the CRC and returns -1 for garbage.
 */
final class CounterMessages {
  static final byte INC = 1;
  static final byte ACK = 2;
  private static final int BYTES = 13;

  private CounterMessages() {}

  static byte[] encode(byte type, long value) {
    byte[] m = new byte[BYTES];
    m[0] = type;
    Bytes.putI64(m, 1, value);
    Bytes.putI32(m, 9, Crc32c.of(m, 0, 9));
    return m;
  }

  /** The value of a well-formed message of {@code type}, or -1. */
  static long decode(byte type, byte[] m) {
    if (m.length != BYTES || m[0] != type || Crc32c.of(m, 0, 9) != Bytes.getI32(m, 9)) {
      return -1;
    }
    long v = Bytes.getI64(m, 1);
    return v >= 0 ? v : -1;
  }
}
