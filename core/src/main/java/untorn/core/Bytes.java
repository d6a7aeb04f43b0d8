package untorn.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Bytes reads and writes little-endian integers in byte arrays: the byte order of every untorn
 * on-disk and on-wire format.
 */
public final class Bytes {
  private Bytes() {}

  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  public static int getU8(byte[] b, int off) {
    return b[off] & 0xFF;
  }

  public static int getU16(byte[] b, int off) {
    return ((short) SHORT.get(b, off)) & 0xFFFF;
  }

  public static int getI32(byte[] b, int off) {
    return (int) INT.get(b, off);
  }

  public static long getU32(byte[] b, int off) {
    return getI32(b, off) & 0xFFFF_FFFFL;
  }

  public static long getI64(byte[] b, int off) {
    return (long) LONG.get(b, off);
  }

  public static void putU8(byte[] b, int off, int v) {
    b[off] = (byte) v;
  }

  public static void putU16(byte[] b, int off, int v) {
    SHORT.set(b, off, (short) v);
  }

  public static void putI32(byte[] b, int off, int v) {
    INT.set(b, off, v);
  }

  public static void putI64(byte[] b, int off, long v) {
    LONG.set(b, off, v);
  }

  /** True if b[from, to) holds only zero bytes. */
  public static boolean isZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
