package untorn.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import untorn.core.Bytes;
import untorn.sim.base.SimRandom;

/**
 * Trace folds every delivered event into a 64-bit hash that identifies the run, and, when asked,
 * keeps the last lines of text for a failure report or streams every line to a {@link TraceSink}.
 *
 * <p>The hash takes each event's virtual time, kind, node and a detail (a message's content hash,
 * a timer's id, a fault's text); it uses only values that are the same on every JVM (never an
 * identity hash or a tag's {@code hashCode}).
 */
final class Trace {
  static final int START = 1;
  static final int MESSAGE = 2;
  static final int TIMER = 3;
  static final int DISCONNECT = 4;
  static final int FAULT = 5;
  static final int ACTION = 6;
  static final int DROP = 7;
  static final int CRASH = 8;

  private long hash = 0x756E746F726E5349L;
  private final ArrayDeque<String> tail;
  private final int tailLines;
  private final TraceSink sink;

  Trace(int tailLines, TraceSink sink) {
    this.tailLines = tailLines;
    this.tail = new ArrayDeque<>(Math.min(tailLines, 1024));
    this.sink = sink;
  }

  long hash() {
    return hash;
  }

  /** True if lines are wanted; callers build a line only then. */
  boolean wantsLines() {
    return tailLines > 0 || sink != null;
  }

  void record(long atNanos, int kind, int node, long detail) {
    long h = SimRandom.mix(hash ^ atNanos);
    h = SimRandom.mix(h ^ ((long) kind << 32 | (node & 0xFFFF_FFFFL))); // node -1: no sign extension over the kind
    hash = SimRandom.mix(h ^ detail);
  }

  void line(long atNanos, String text) {
    if (sink != null) {
      sink.event(atNanos, text);
    }
    if (tailLines > 0) {
      if (tail.size() == tailLines) {
        tail.removeFirst();
      }
      tail.addLast(text);
    }
  }

  List<String> tail() {
    return new ArrayList<>(tail);
  }

  static long hashBytes(byte[] b) {
    long h = b.length;
    int i = 0;
    for (; i + 8 <= b.length; i += 8) {
      h = SimRandom.mix(h ^ Bytes.getI64(b, i));
    }
    long last = 0;
    for (int shift = 0; i < b.length; i++, shift += 8) {
      last |= (b[i] & 0xFFL) << shift;
    }
    return SimRandom.mix(h ^ last);
  }

  static long hashString(String s) {
    long h = s.length();
    for (int i = 0; i < s.length(); i++) {
      h = h * 31 + s.charAt(i);
    }
    return SimRandom.mix(h);
  }
}
