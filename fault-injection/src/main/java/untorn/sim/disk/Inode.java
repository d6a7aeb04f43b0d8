package untorn.sim.disk;

import java.util.Arrays;
import java.util.BitSet;
import untorn.core.Invariants;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;

/**
 * Inode is one simulated file's content: a volatile copy (what reads see), a durable copy (what a
 * crash keeps) and the sectors written since the last sync. Bytes past a copy's size are always
 * zero in its array, so growing a file reads zeros, as POSIX requires.
 */
final class Inode {
  private static final int SECTOR = SimLimits.SECTOR_BYTES;
  private static final byte[] EMPTY = new byte[0];

  private byte[] volatileData = EMPTY;
  private long volatileSize;
  private byte[] durableData = EMPTY;
  private long durableSize;
  /** Sectors whose volatile content may differ from the durable one. */
  private final BitSet dirty = new BitSet();
  /** True while a name in the volatile namespace points here: only then does it use space. */
  boolean linked;
  /**
   * True once a failed fsync left sectors whose volatile and durable bytes differ without being
   * dirty (the kernel marked them clean): until the next crash the copies may differ anywhere.
   */
  private boolean diverged;

  long volatileSize() {
    return volatileSize;
  }

  long durableSize() {
    return durableSize;
  }

  /** Sectors written since the last sync (what a power loss now could lose or tear). */
  int unsyncedSectors() {
    return dirty.cardinality();
  }

  boolean hasUnsynced() {
    return !dirty.isEmpty() || volatileSize != durableSize;
  }

  int read(long offset, byte[] destination, int destinationOffset, int length) {
    if (offset >= volatileSize) {
      return 0;
    }
    int n = (int) Math.min(length, volatileSize - offset);
    System.arraycopy(volatileData, (int) offset, destination, destinationOffset, n);
    return n;
  }

  void write(long offset, byte[] source, int sourceOffset, int length) {
    if (length == 0) {
      return;
    }
    long end = offset + length;
    volatileData = ensure(volatileData, end);
    System.arraycopy(source, sourceOffset, volatileData, (int) offset, length);
    volatileSize = Math.max(volatileSize, end);
    dirty.set(sector(offset), sector(end - 1) + 1);
  }

  /** Applies a random subset of the write's sectors: the write was in flight when the power went. */
  void writeTorn(long offset, byte[] source, int sourceOffset, int length, SimRandom random) {
    long pos = offset;
    while (pos < offset + length) {
      long sectorEnd = Math.min((sector(pos) + 1L) * SECTOR, offset + length);
      int n = (int) (sectorEnd - pos);
      if (random.nextBoolean()) {
        write(pos, source, sourceOffset + (int) (pos - offset), n);
      }
      pos = sectorEnd;
    }
  }

  /**
   * Applies a prefix of the write, in whole sectors (possibly none, possibly all): the process died
   * in the middle of the system call, which copies into the page cache in order.
   */
  void writePrefix(long offset, byte[] source, int sourceOffset, int length, SimRandom random) {
    if (length == 0) {
      return;
    }
    long end = offset + length;
    int pieces = sector(end - 1) - sector(offset) + 1;
    int kept = random.nextInt(pieces + 1);
    long cut = kept == 0 ? offset : Math.min((sector(offset) + (long) kept) * SECTOR, end);
    write(offset, source, sourceOffset, (int) (cut - offset));
  }

  void truncate(long size) {
    if (size < volatileSize) {
      Arrays.fill(volatileData, (int) size, (int) volatileSize, (byte) 0);
      dirty.set(sector(size), sector(volatileSize - 1) + 1);
    } else if (size > volatileSize) {
      volatileData = ensure(volatileData, size);
      dirty.set(sector(volatileSize), sector(size - 1) + 1);
    }
    volatileSize = size;
  }

  /** Makes the volatile copy durable. */
  void sync() {
    for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
      copySectorToDurable(s);
    }
    dirty.clear();
    setDurableSize(volatileSize);
  }

  /** A sync cut by a crash: a random subset of the unsynced sectors reached the disk. */
  void syncTorn(SimRandom random) {
    for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
      if (random.nextBoolean()) {
        copySectorToDurable(s);
        dirty.clear(s);
      }
    }
    if (random.nextBoolean()) {
      setDurableSize(volatileSize);
    }
  }

  /**
   * A failed fsync: each unsynced sector's durable content is now old or new at random, and the
   * kernel marked it clean, so no later sync will write it (fsyncgate). Reads still see the new
   * bytes until a crash.
   */
  void syncFailed(SimRandom random) {
    for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
      if (random.nextBoolean()) {
        copySectorToDurable(s);
      }
    }
    dirty.clear();
    diverged = true;
    if (random.nextBoolean()) {
      setDurableSize(volatileSize);
    }
  }

  /**
   * Power loss: the file becomes its durable copy, except that each unsynced sector keeps its new
   * content with probability {@code survival}. Returns {sectors kept, sectors lost}.
   */
  long[] crash(double survival, SimRandom random) {
    if (dirty.isEmpty() && volatileSize == durableSize && !diverged) {
      return new long[] {0, 0}; // both copies hold the same bytes: nothing to lose, nothing to copy
    }
    diverged = false;
    long kept = 0;
    long lost = 0;
    long size = volatileSize != durableSize && random.chance(survival) ? volatileSize : durableSize;
    byte[] result = Arrays.copyOf(durableData, (int) Math.max(durableData.length, roundUp(size)));
    // Bytes a cut sync left past the durable size were never part of the file.
    zeroFrom(result, durableSize);
    for (int s = dirty.nextSetBit(0); s >= 0; s = dirty.nextSetBit(s + 1)) {
      if ((long) s * SECTOR >= size) {
        break;
      }
      if (random.chance(survival)) {
        copySector(volatileData, result, s);
        kept++;
      } else {
        lost++;
      }
    }
    zeroFrom(result, size);
    durableData = result;
    durableSize = size;
    volatileData = result.clone();
    volatileSize = size;
    dirty.clear();
    return new long[] {kept, lost};
  }

  /** Flips one bit of a random durable sector (and of the cached copy if that sector is clean). */
  String rot(long sectorIndex, SimRandom random) {
    long sectorStart = sectorIndex * SECTOR;
    int span = (int) Math.min(SECTOR, durableSize - sectorStart);
    Invariants.check(span > 0, "rot outside the file: sector %d of %d bytes", sectorIndex, durableSize);
    int at = (int) (sectorStart + random.nextInt(span));
    int bit = 1 << random.nextInt(8);
    durableData[at] ^= bit;
    if (!dirty.get((int) sectorIndex) && at < volatileSize) {
      volatileData[at] ^= bit;
    }
    return "byte " + at + " bit " + Integer.numberOfTrailingZeros(bit);
  }

  long durableSectors() {
    return roundUp(durableSize) / SECTOR;
  }

  byte[] volatileBytes() {
    return Arrays.copyOf(volatileData, (int) volatileSize);
  }

  byte[] durableBytes() {
    return Arrays.copyOf(durableData, (int) durableSize);
  }

  /** Checks that bytes past the volatile size are zero; for tests, it costs a scan. */
  void checkZeroTail() {
    for (int i = (int) volatileSize; i < volatileData.length; i++) {
      if (volatileData[i] != 0) {
        throw Invariants.fail("volatile byte %d past size %d is not zero", i, volatileSize);
      }
    }
  }

  private void copySectorToDurable(int s) {
    long end = Math.min((s + 1L) * SECTOR, volatileData.length);
    durableData = ensure(durableData, end);
    copySector(volatileData, durableData, s);
  }

  private void setDurableSize(long size) {
    if (size < durableSize) {
      zeroFrom(durableData, size);
    } else {
      durableData = ensure(durableData, size);
    }
    durableSize = size;
  }

  private static void copySector(byte[] from, byte[] to, int s) {
    int start = s * SECTOR;
    int n = Math.min(SECTOR, Math.min(from.length, to.length) - start);
    if (n > 0) {
      System.arraycopy(from, start, to, start, n);
    }
  }

  private static void zeroFrom(byte[] data, long from) {
    if (from < data.length) {
      Arrays.fill(data, (int) from, data.length, (byte) 0);
    }
  }

  private static byte[] ensure(byte[] data, long size) {
    if (size <= data.length) {
      return data;
    }
    if (size > SimLimits.FILE_BYTES_MAX) {
      throw Invariants.fail("file beyond %d bytes", SimLimits.FILE_BYTES_MAX);
    }
    long grown = Math.max(roundUp(size), Math.min(SimLimits.FILE_BYTES_MAX, data.length * 2L));
    return Arrays.copyOf(data, (int) grown);
  }

  static long roundUp(long size) {
    return (size + SECTOR - 1) / SECTOR * SECTOR;
  }

  private static int sector(long offset) {
    return (int) (offset / SECTOR);
  }
}
