package untorn.check.linear;

import java.util.Arrays;
import untorn.core.Invariants;

/**
 * ConfigCache is the WGL memo: the set of (linearized set, model state) configurations already
 * explored. A linearized set is stored in the canonical form {@link WglSearch} computes: a count
 * {@code c} meaning "every operation invoked before the first unreturned one" minus the short
 * sorted list {@code u} of those still pending; two sets are equal iff their forms are. Entries
 * live in flat arrays (an open-addressing table of ints into them, and one int arena for all
 * lists), so a configuration costs a few words, not a bitset of the whole history.
 */
final class ConfigCache {
  private static final int EMPTY = -1;

  private int[] slots = new int[1 << 10];
  private long[] hashes = new long[1 << 9];
  private int[] states = new int[1 << 9];
  private int[] counts = new int[1 << 9];
  private int[] offsets = new int[1 << 9];
  private int[] lengths = new int[1 << 9];
  private int[] arena = new int[1 << 12];
  private int size;
  private int arenaUsed;

  ConfigCache() {
    Arrays.fill(slots, EMPTY);
  }

  int size() {
    return size;
  }

  /** addIfAbsent inserts the configuration and returns true, or returns false if it was present. */
  boolean addIfAbsent(int state, int count, int[] pending, int pendingLength) {
    long h = hash(state, count, pending, pendingLength);
    int mask = slots.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      int e = slots[i];
      if (e == EMPTY) {
        slots[i] = insert(h, state, count, pending, pendingLength);
        if (2 * size > slots.length) {
          grow();
        }
        return true;
      }
      if (hashes[e] == h && states[e] == state && counts[e] == count
          && Arrays.equals(arena, offsets[e], offsets[e] + lengths[e], pending, 0, pendingLength)) {
        return false;
      }
    }
  }

  private int insert(long h, int state, int count, int[] pending, int pendingLength) {
    if (size == hashes.length) {
      int n = size * 2;
      hashes = Arrays.copyOf(hashes, n);
      states = Arrays.copyOf(states, n);
      counts = Arrays.copyOf(counts, n);
      offsets = Arrays.copyOf(offsets, n);
      lengths = Arrays.copyOf(lengths, n);
    }
    if (arenaUsed + pendingLength > arena.length) {
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + pendingLength));
    }
    System.arraycopy(pending, 0, arena, arenaUsed, pendingLength);
    int e = size++;
    hashes[e] = h;
    states[e] = state;
    counts[e] = count;
    offsets[e] = arenaUsed;
    lengths[e] = pendingLength;
    arenaUsed += pendingLength;
    return e;
  }

  private void grow() {
    Invariants.check(slots.length < (1 << 30), "configuration cache exceeds 2^29 entries");
    slots = new int[slots.length * 2];
    Arrays.fill(slots, EMPTY);
    int mask = slots.length - 1;
    for (int e = 0; e < size; e++) {
      int i = (int) hashes[e] & mask;
      while (slots[i] != EMPTY) {
        i = (i + 1) & mask;
      }
      slots[i] = e;
    }
  }

  private static long hash(int state, int count, int[] pending, int pendingLength) {
    long h = 0x9E3779B97F4A7C15L * (state + 0x632BE59BD9B4E019L) ^ count * 0xC2B2AE3D27D4EB4FL;
    for (int i = 0; i < pendingLength; i++) {
      h = (h ^ pending[i]) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    return h ^ (h >>> 32);
  }
}
