package untorn.sim;

import java.util.Arrays;
import untorn.core.Invariants;

/**
 * EventQueue is a binary min-heap of events ordered by (time, sequence number). The sequence number
 * is assigned at insertion, so events at the same virtual time leave in insertion order: the
 * tie-break is deterministic and never depends on object identity.
 */
final class EventQueue {
  private SimEvent[] heap = new SimEvent[256];
  private int size;
  private long nextSeq;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The time of the earliest event; the queue must not be empty. */
  long peekTime() {
    return heap[0].atNanos;
  }

  void add(SimEvent e, long atNanos) {
    e.atNanos = atNanos;
    e.seq = nextSeq++;
    if (size == heap.length) {
      heap = Arrays.copyOf(heap, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      SimEvent p = heap[parent];
      if (!before(e, p)) {
        break;
      }
      heap[i] = p;
      i = parent;
    }
    heap[i] = e;
  }

  SimEvent poll() {
    Invariants.check(size > 0, "poll on an empty event queue");
    SimEvent top = heap[0];
    SimEvent last = heap[--size];
    heap[size] = null;
    if (size > 0) {
      siftDown(last);
    }
    return top;
  }

  private void siftDown(SimEvent e) {
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      SimEvent c = heap[child];
      int right = child + 1;
      if (right < size && before(heap[right], c)) {
        child = right;
        c = heap[child];
      }
      if (!before(c, e)) {
        break;
      }
      heap[i] = c;
      i = child;
    }
    heap[i] = e;
  }

  private static boolean before(SimEvent a, SimEvent b) {
    return a.atNanos < b.atNanos || (a.atNanos == b.atNanos && a.seq < b.seq);
  }
}
