package untorn.check.linear;

import java.util.Arrays;
import untorn.core.Invariants;

/**
 * ConfigCache is the WGL memo, with subsumption of indeterminate operations.
 *
 * <p>A configuration is a model state and a linearized set S, in the canonical form
 * {@link WglSearch} computes: a count {@code c} ("every operation invoked before the first
 * unreturned one"), the completed operations invoked before that point still pending
 * ({@code defs}), and the indeterminate operations already used ({@code used}). Configurations with
 * the same state, {@code c} and {@code defs} have linearized the same completed operations and
 * differ only in which indeterminate operations they used up. One that used a subset of
 * another's can do everything the other can (an indeterminate operation may always be left out),
 * so once it is visited the other need not be: A dominates B when A's {@code used} is contained in
 * B's. The search stays complete: among visited configurations from which success is reachable,
 * one nearest to success would have to have been skipped for a dominated successor, but its
 * dominator is as near and was visited. Without this, k crashed writes pending at a failure cost
 * 2^k configurations.
 *
 * <p>Storage is flat: an open-addressing table of keys (state, c, defs), each with a list of the
 * {@code used} arrays of its undominated configurations, all ints in one arena.
 */
final class ConfigCache {
  private static final int EMPTY = -1;

  private int[] slots = new int[1 << 10];
  // Keys.
  private long[] hashes = new long[1 << 9];
  private int[] states = new int[1 << 9];
  private int[] counts = new int[1 << 9];
  private int[] defOffsets = new int[1 << 9];
  private int[] defLengths = new int[1 << 9];
  private int[] firstInfo = new int[1 << 9];
  private int keys;
  // Info-set lists: one node per stored configuration.
  private int[] infoOffsets = new int[1 << 9];
  private int[] infoLengths = new int[1 << 9];
  private int[] nextInfo = new int[1 << 9];
  /** A 64-bit summary of each stored set (bit id mod 64): a subset's bits are a subset. */
  private long[] signatures = new long[1 << 9];
  private int nodes;
  private int live;
  private int[] arena = new int[1 << 12];
  private int arenaUsed;

  ConfigCache() {
    Arrays.fill(slots, EMPTY);
  }

  /** The number of configurations stored (dominated ones removed). */
  int size() {
    return live;
  }

  /**
   * addIfUndominated records the configuration and returns true, or returns false when a stored
   * configuration dominates it (or equals it). Stored configurations it dominates are dropped.
   * Both arrays are sorted.
   */
  boolean addIfUndominated(int state, int count, int[] defs, int defLength, int[] used, int usedLength) {
    long h = hash(state, count, defs, defLength);
    int mask = slots.length - 1;
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      int k = slots[i];
      if (k == EMPTY) {
        slots[i] = newKey(h, state, count, defs, defLength);
        firstInfo[slots[i]] = newNode(used, usedLength, EMPTY);
        if (2 * keys > slots.length) {
          grow();
        }
        return true;
      }
      if (hashes[k] == h && states[k] == state && counts[k] == count
          && Arrays.equals(arena, defOffsets[k], defOffsets[k] + defLengths[k], defs, 0, defLength)) {
        return addToKey(k, used, usedLength);
      }
    }
  }

  private boolean addToKey(int k, int[] used, int usedLength) {
    long sig = signature(used, usedLength);
    int prev = EMPTY;
    for (int n = firstInfo[k]; n != EMPTY; ) {
      int next = nextInfo[n];
      if ((signatures[n] & ~sig) == 0 && containsAll(used, 0, usedLength, arena, infoOffsets[n], infoLengths[n])) {
        return false; // a visited configuration used no more and has every option this one has
      }
      if ((sig & ~signatures[n]) == 0 && containsAll(arena, infoOffsets[n], infoLengths[n], used, 0, usedLength)) {
        live--; // this one dominates the stored one: unlink it
        if (prev == EMPTY) {
          firstInfo[k] = next;
        } else {
          nextInfo[prev] = next;
        }
      } else {
        prev = n;
      }
      n = next;
    }
    firstInfo[k] = newNode(used, usedLength, firstInfo[k]);
    return true;
  }

  /** Whether the sorted run sup[supFrom, supFrom + supLength) contains every element of the sorted run sub[...]. */
  private static boolean containsAll(int[] sup, int supFrom, int supLength, int[] sub, int subFrom, int subLength) {
    if (subLength > supLength) {
      return false;
    }
    int i = supFrom;
    int end = supFrom + supLength;
    for (int j = subFrom; j < subFrom + subLength; j++) {
      while (i < end && sup[i] < sub[j]) {
        i++;
      }
      if (i == end || sup[i] != sub[j]) {
        return false;
      }
      i++;
    }
    return true;
  }

  private int newKey(long h, int state, int count, int[] defs, int defLength) {
    if (keys == hashes.length) {
      int n = keys * 2;
      hashes = Arrays.copyOf(hashes, n);
      states = Arrays.copyOf(states, n);
      counts = Arrays.copyOf(counts, n);
      defOffsets = Arrays.copyOf(defOffsets, n);
      defLengths = Arrays.copyOf(defLengths, n);
      firstInfo = Arrays.copyOf(firstInfo, n);
    }
    int k = keys++;
    hashes[k] = h;
    states[k] = state;
    counts[k] = count;
    defOffsets[k] = store(defs, defLength);
    defLengths[k] = defLength;
    return k;
  }

  private static long signature(int[] ids, int length) {
    long sig = 0;
    for (int i = 0; i < length; i++) {
      sig |= 1L << (ids[i] & 63);
    }
    return sig;
  }

  private int newNode(int[] infos, int infoLength, int next) {
    if (nodes == infoOffsets.length) {
      int n = nodes * 2;
      infoOffsets = Arrays.copyOf(infoOffsets, n);
      infoLengths = Arrays.copyOf(infoLengths, n);
      nextInfo = Arrays.copyOf(nextInfo, n);
      signatures = Arrays.copyOf(signatures, n);
    }
    int node = nodes++;
    signatures[node] = signature(infos, infoLength);
    infoOffsets[node] = store(infos, infoLength);
    infoLengths[node] = infoLength;
    nextInfo[node] = next;
    live++;
    return node;
  }

  private int store(int[] values, int length) {
    if (arenaUsed + length > arena.length) {
      Invariants.check(arenaUsed + (long) length < Integer.MAX_VALUE / 2, "configuration cache arena exceeds 2^30 ints");
      arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + length));
    }
    System.arraycopy(values, 0, arena, arenaUsed, length);
    int at = arenaUsed;
    arenaUsed += length;
    return at;
  }

  private void grow() {
    Invariants.check(slots.length < (1 << 30), "configuration cache exceeds 2^29 keys");
    slots = new int[slots.length * 2];
    Arrays.fill(slots, EMPTY);
    int mask = slots.length - 1;
    for (int k = 0; k < keys; k++) {
      int i = (int) hashes[k] & mask;
      while (slots[i] != EMPTY) {
        i = (i + 1) & mask;
      }
      slots[i] = k;
    }
  }

  private static long hash(int state, int count, int[] defs, int defLength) {
    long h = 0x9E3779B97F4A7C15L * (state + 0x632BE59BD9B4E019L) ^ count * 0xC2B2AE3D27D4EB4FL;
    for (int i = 0; i < defLength; i++) {
      h = (h ^ defs[i]) * 0x9E3779B97F4A7C15L;
      h ^= h >>> 29;
    }
    h ^= h >>> 32;
    h *= 0xD6E8FEB86659FD93L;
    return h ^ (h >>> 32);
  }
}
