package untorn.safekeeper.proto;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import untorn.core.Bytes;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;

/**
 * Wire holds the little-endian field writer and the bounds-checked field reader that the message
 * codec and the control file ({@code untorn.safekeeper.storage}) share. The reader never reads past its end: a short body is a
 * {@link Malformed} with the field that was missing.
 */
public final class Wire {
  private Wire() {}

  /** Thrown by {@link Reader} on a short or invalid field. */
  public static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    public Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Appends little-endian fields to a growing array. */
  public static final class Writer {
    private byte[] buf;
    private int size;

    public Writer(int initialBytes) {
      buf = new byte[Math.max(16, initialBytes)];
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
      }
    }

    public Writer u8(int v) {
      ensure(1);
      Bytes.putU8(buf, size, v);
      size += 1;
      return this;
    }

    public Writer u16(int v) {
      ensure(2);
      Bytes.putU16(buf, size, v);
      size += 2;
      return this;
    }

    public Writer i32(int v) {
      ensure(4);
      Bytes.putI32(buf, size, v);
      size += 4;
      return this;
    }

    public Writer i64(long v) {
      ensure(8);
      Bytes.putI64(buf, size, v);
      size += 8;
      return this;
    }

    public Writer bytes(byte[] b) {
      i32(b.length);
      ensure(b.length);
      System.arraycopy(b, 0, buf, size, b.length);
      size += b.length;
      return this;
    }

    public Writer lsn(Lsn l) {
      return i64(l.value());
    }

    public Writer term(Term t) {
      return i64(t.value());
    }

    public Writer timeline(TenantTimeline tt) {
      return i64(tt.tenant().value()).i64(tt.timeline().value());
    }

    public Writer history(TermHistory h) {
      i32(h.size());
      for (TermSwitch e : h.entries()) {
        term(e.term()).lsn(e.startLsn()).lsn(e.prevLsn());
      }
      return this;
    }

    public Writer string(String s) {
      return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    public int size() {
      return size;
    }

    /** The raw buffer; valid bytes are [0, size()). */
    public byte[] buffer() {
      return buf;
    }
  }

  /** Reads little-endian fields from b[position, end), checking every bound. */
  public static final class Reader {
    private final byte[] b;
    private int pos;
    private final int end;

    public Reader(byte[] b, int from, int end) {
      this.b = b;
      this.pos = from;
      this.end = end;
    }

    private void need(int n, String field) throws Malformed {
      if (n < 0 || end - pos < n) {
        throw new Malformed("body ends inside " + field);
      }
    }

    public int u8(String field) throws Malformed {
      need(1, field);
      return Bytes.getU8(b, pos++);
    }

    public int i32(String field) throws Malformed {
      need(4, field);
      int v = Bytes.getI32(b, pos);
      pos += 4;
      return v;
    }

    public long i64(String field) throws Malformed {
      need(8, field);
      long v = Bytes.getI64(b, pos);
      pos += 8;
      return v;
    }

    public boolean bool(String field) throws Malformed {
      int v = u8(field);
      if (v > 1) {
        throw new Malformed(field + " is " + v + ", not a boolean");
      }
      return v == 1;
    }

    public byte[] bytes(String field, int maxBytes) throws Malformed {
      int n = i32(field + " length");
      if (n < 0 || n > maxBytes) {
        throw new Malformed(field + " length " + n + " outside 0.." + maxBytes);
      }
      need(n, field);
      byte[] out = Arrays.copyOfRange(b, pos, pos + n);
      pos += n;
      return out;
    }

    public Lsn lsn(String field) throws Malformed {
      return Lsn.of(i64(field));
    }

    public Term term(String field) throws Malformed {
      long v = i64(field);
      if (v < 0) {
        throw new Malformed(field + " is negative: " + v);
      }
      return Term.of(v);
    }

    public TenantTimeline timeline() throws Malformed {
      return TenantTimeline.of(i64("tenant"), i64("timeline"));
    }

    public TermHistory history() throws Malformed {
      int n = i32("history length");
      if (n < 0 || n > Limits.TERM_HISTORY_ENTRIES_MAX) {
        throw new Malformed("history length " + n + " outside 0.." + Limits.TERM_HISTORY_ENTRIES_MAX);
      }
      need(n * Limits.TERM_SWITCH_BYTES, "history");
      List<TermSwitch> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        Term t = term("history term");
        Lsn start = lsn("history start");
        Lsn prev = lsn("history prev");
        try {
          entries.add(new TermSwitch(t, start, prev));
        } catch (IllegalArgumentException e) {
          throw new Malformed("history entry " + i + ": " + e.getMessage());
        }
      }
      try {
        return TermHistory.of(entries);
      } catch (IllegalArgumentException e) {
        throw new Malformed("history: " + e.getMessage());
      }
    }

    public String string(String field, int maxBytes) throws Malformed {
      return new String(bytes(field, maxBytes), StandardCharsets.UTF_8);
    }

    public int remaining() {
      return end - pos;
    }

    public void expectEnd(String what) throws Malformed {
      if (pos != end) {
        throw new Malformed((end - pos) + " stray bytes after " + what);
      }
    }
  }
}
