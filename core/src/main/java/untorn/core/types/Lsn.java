package untorn.core.types;

/**
 * Lsn is a byte position in the WAL stream: an unsigned 64-bit number, printed the PostgreSQL way
 * as two hexadecimal halves ({@code 0/16B3748}).
 *
 * <p>Arithmetic is checked: {@link #plus(long)} and {@link #minus(Lsn)} throw on unsigned overflow
 * or underflow instead of wrapping, because a wrapped LSN silently points into old WAL.
 */
public record Lsn(long value) implements Comparable<Lsn> {
  public static final Lsn ZERO = new Lsn(0);
  /** The highest LSN; used as "no upper bound". */
  public static final Lsn MAX = new Lsn(-1L);

  public static Lsn of(long value) {
    return value == 0 ? ZERO : new Lsn(value);
  }

  /** Parses {@code HI/LO} (hexadecimal halves, as PostgreSQL prints them). */
  public static Lsn parse(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException("not an LSN (expected HI/LO in hex): '" + text + "'");
    }
    String hi = text.substring(0, slash);
    String lo = text.substring(slash + 1);
    if (hi.length() > 8 || lo.length() > 8 || !isHex(hi) || !isHex(lo)) {
      throw new IllegalArgumentException("not an LSN (expected HI/LO in hex): '" + text + "'");
    }
    return of((Long.parseLong(hi, 16) << 32) | Long.parseLong(lo, 16));
  }

  /** ASCII hex digits only, as PostgreSQL's pg_lsn input ({@link Character#digit} takes other scripts' digits too). */
  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        return false;
      }
    }
    return true;
  }

  /** This LSN plus a non-negative byte count; throws on unsigned overflow. */
  public Lsn plus(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("negative byte count " + bytes);
    }
    long sum = value + bytes;
    if (Long.compareUnsigned(sum, value) < 0) {
      throw new ArithmeticException("LSN overflow: " + this + " + " + bytes);
    }
    return of(sum);
  }

  /** The number of bytes from {@code other} up to this LSN; throws if {@code other} is above. */
  public long minus(Lsn other) {
    if (Long.compareUnsigned(value, other.value) < 0) {
      throw new ArithmeticException("LSN underflow: " + this + " - " + other);
    }
    long diff = value - other.value;
    if (diff < 0) {
      throw new ArithmeticException("LSN distance does not fit a signed long: " + this + " - " + other);
    }
    return diff;
  }

  public boolean isAfter(Lsn other) {
    return compareTo(other) > 0;
  }

  public boolean isBefore(Lsn other) {
    return compareTo(other) < 0;
  }

  public boolean atLeast(Lsn other) {
    return compareTo(other) >= 0;
  }

  public static Lsn max(Lsn a, Lsn b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  public static Lsn min(Lsn a, Lsn b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  @Override
  public int compareTo(Lsn other) {
    return Long.compareUnsigned(value, other.value);
  }

  @Override
  public String toString() {
    return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFF_FFFFL).toUpperCase();
  }
}
