package untorn.sim;

import java.util.Arrays;
import untorn.core.Invariants;

/**
 * EventQueue is a binary min-heap of events ordered by (time, first due time, sequence number). The
 * sequence number is assigned at insertion, so events at the same virtual time leave in insertion
 * order: the tie-break is deterministic and never depends on object identity. An event {@link
 * #defer deferred} (its node was paused or busy) keeps its first due time and sequence number, so
 * deferred events leave before fresh ones of the same time and in their original order: a pause
 * delays a FIFO link's messages but never reorders them.
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
    e.dueNanos = atNanos;
    e.seq = nextSeq++;
    insert(e);
  }

  /** Puts back an event that fired too early for its node, to leave at {@code atNanos}. */
  void defer(SimEvent e, long atNanos) {
    Invariants.check(atNanos >= e.atNanos, "deferring an event into the past");
    e.atNanos = atNanos;
    insert(e);
  }

  private void insert(SimEvent e) {
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
    if (a.atNanos != b.atNanos) {
      return a.atNanos < b.atNanos;
    }
    return a.dueNanos < b.dueNanos || (a.dueNanos == b.dueNanos && a.seq < b.seq);
  }
}
