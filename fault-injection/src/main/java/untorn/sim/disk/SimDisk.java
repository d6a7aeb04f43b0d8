package untorn.sim.disk;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import untorn.core.Invariants;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.sim.base.Counters;
import untorn.sim.base.CrashKind;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;
import untorn.sim.base.SimulatedCrash;
import untorn.sim.base.Stat;

/**
 * SimDisk is one node's simulated disk. It outlives the node's incarnations: {@link #attach}
 * gives an incarnation its {@link FileSystem}; {@link #crash} applies power-loss semantics and
 * kills that view; {@link #processCrash} kills the view alone; {@link #replace} swaps in an empty
 * disk. The package doc states the model.
 *
 * <p>The two crashes differ in what they do to the volatile state, the page cache: unsynced file
 * contents (the volatile copy and its dirty sectors) and undurable directory operations (the
 * journal).
 *
 * <ul>
 *   <li>A power loss resolves it: each file becomes its durable copy plus, per dirty sector, the
 *       new content with the unsynced-survival probability; the namespace becomes the durable one
 *       plus a random prefix of the journal (or none); what a failed fsync left undecided is
 *       decided. Afterwards volatile and durable state are equal.
 *   <li>A process kill leaves it exactly as it is, still not durable. The next incarnation reads
 *       the unsynced bytes and sees the undurable creates, renames and deletes; a power loss before
 *       anything syncs them may still drop or tear them; a sync by the new incarnation makes them
 *       durable as it would have for the dead one (a file sync writes the file's dirty sectors, a
 *       directory sync commits the journal up to its last operation in that directory). Sectors
 *       a failed fsync marked clean stay what the failure made them: the new bytes are visible,
 *       the durable ones are old or new, and no sync writes them again (fsyncgate does not end
 *       with the process; only a power loss or a new write of those sectors does).
 * </ul>
 *
 * <p>A crash armed at an I/O operation has a kind too ({@link #armCrash(int, CrashKind)}): the
 * operation it cuts is partly done either way (a sync writes back a random subset of the dirty
 * sectors, a directory sync commits a random prefix of its journal, a create, rename, delete or
 * truncate is done or not), except a write: cut by a power loss, a random subset of its sectors
 * reaches the page cache (then the crash may tear them further); cut by a process kill, a prefix
 * of it does, in whole sectors, as the kernel copies a write in order.
 *
 * <p>The inspection methods ({@link #durableContent}, {@link #paths}, ...) are for checkers and
 * tests: they neither count as I/O nor inject faults.
 */
public final class SimDisk {
  final String name;
  final SimRandom random;
  final Counters counters;
  DiskFaultRates rates;
  final long capacityBytes;

  /** The namespace reads see; directories are durable when created. */
  final TreeMap<String, Inode> files = new TreeMap<>();
  private TreeMap<String, Inode> durableFiles = new TreeMap<>();
  final TreeSet<String> directories = new TreeSet<>(List.of(""));
  /** Directory operations not yet made durable, oldest first. */
  final List<MetaOp> journal = new ArrayList<>();
  long usedBytes;
  boolean full;

  /** Incarnation views carry the generation they were attached at; any other is dead. */
  int generation;
  /** Set when an armed crash fired inside a handler; the view is dead until {@link #crash}. */
  private String killPoint;
  private int crashCountdown;
  /** What the armed crash (or the one that fired) takes with it. */
  private CrashKind armedKind = CrashKind.POWER_LOSS;
  private long chargedNanos;

  public SimDisk(String name, SimRandom random, Counters counters, DiskFaultRates rates, long capacityBytes) {
    Invariants.check(capacityBytes > 0 && capacityBytes % SimLimits.SECTOR_BYTES == 0, "bad capacity %d", capacityBytes);
    this.name = name;
    this.random = random;
    this.counters = counters;
    this.rates = rates;
    this.capacityBytes = capacityBytes;
  }

  /** The file system of a new incarnation of the node. The previous one must be dead. */
  public FileSystem attach() {
    Invariants.check(killPoint == null, "disk %s: attach before the crash was applied", name);
    generation++;
    return new DiskView(this, generation);
  }

  public void setRates(DiskFaultRates rates) {
    this.rates = rates;
  }

  public DiskFaultRates rates() {
    return rates;
  }

  /** A full disk refuses every write that would use more space, and every create. */
  public void setFull(boolean full) {
    this.full = full;
  }

  public boolean isFull() {
    return full;
  }

  /** Arms a power loss at the {@code ops}-th I/O operation from now (1 = the next one). */
  public void armCrash(int ops) {
    armCrash(ops, CrashKind.POWER_LOSS);
  }

  /**
   * Arms a crash of {@code kind} at the {@code ops}-th I/O operation from now (1 = the next one).
   * When it fires, the caller applies it with {@link #crash(CrashKind)} (or {@link #crash} or
   * {@link #processCrash}, as {@link #armedKind} says).
   */
  public void armCrash(int ops, CrashKind kind) {
    Invariants.check(ops >= 1 && ops <= SimLimits.IO_CRASH_COUNTDOWN_MAX, "bad I/O crash countdown %d", ops);
    crashCountdown = ops;
    armedKind = kind;
  }

  /** The kind of the crash armed, or of the one that fired and is not yet applied. */
  public CrashKind armedKind() {
    return armedKind;
  }

  public void disarmCrash() {
    crashCountdown = 0;
  }

  public boolean crashArmed() {
    return crashCountdown > 0;
  }

  /** Where an armed crash fired ("write wal/0001 at 8192"), or null if it has not. */
  public String killPoint() {
    return killPoint;
  }

  /** Virtual time the I/O since the last {@link #takeChargedNanos} has taken so far. */
  public long chargedNanos() {
    return chargedNanos;
  }

  /** Virtual time the I/O since the last call took; the runtime charges it to the handler. */
  public long takeChargedNanos() {
    long n = chargedNanos;
    chargedNanos = 0;
    return n;
  }

  /** Applies a crash of {@code kind}: {@link #crash} or {@link #processCrash}. */
  public void crash(CrashKind kind) {
    if (kind == CrashKind.POWER_LOSS) {
      crash();
    } else if (kind == CrashKind.PROCESS_KILL) {
      processCrash();
    } else {
      throw new AssertionError(kind);
    }
  }

  /**
   * Power loss. The namespace keeps its durable entries plus, with the configured probability, a
   * random prefix of the journal; each surviving file keeps its durable bytes plus the unsynced
   * sectors that the crash model lets through. Every view attached so far dies.
   */
  public void crash() {
    int pending = journal.size();
    int kept = random.chance(rates.metadataSurvivalProbability()) ? random.nextInt(pending + 1) : 0;
    commitJournal(kept);
    counters.add(Stat.METADATA_OPS_LOST, pending - kept);
    journal.clear();
    files.clear();
    usedBytes = 0;
    for (Map.Entry<String, Inode> e : durableFiles.entrySet()) {
      long[] sectors = e.getValue().crash(rates.unsyncedSurvivalProbability(), random);
      counters.add(Stat.UNSYNCED_SECTORS_KEPT, sectors[0]);
      counters.add(Stat.UNSYNCED_SECTORS_LOST, sectors[1]);
      link(e.getKey(), e.getValue());
    }
    killIncarnation();
  }

  /**
   * The process alone dies (kill -9, the OOM killer, a halt): every view attached so far dies, and
   * nothing else changes. Unsynced file contents and undurable directory operations stay visible
   * and stay undurable: a later {@link #crash} may still lose them, a sync by the next incarnation
   * makes them durable.
   */
  public void processCrash() {
    long unsynced = 0;
    for (Inode inode : files.values()) {
      unsynced += inode.unsyncedSectors();
    }
    counters.add(Stat.UNSYNCED_SECTORS_SEEN_AFTER_KILL, unsynced);
    counters.add(Stat.METADATA_OPS_SEEN_AFTER_KILL, journal.size());
    killIncarnation();
  }

  private void killIncarnation() {
    killPoint = null;
    crashCountdown = 0;
    armedKind = CrashKind.POWER_LOSS;
    chargedNanos = 0;
    generation++;
  }

  /** The disk is replaced by an empty one: nothing survives. Every view attached so far dies. */
  public void replace() {
    files.clear();
    durableFiles = new TreeMap<>();
    directories.clear();
    directories.add("");
    journal.clear();
    usedBytes = 0;
    full = false;
    killIncarnation();
    counters.increment(Stat.DISK_REPLACEMENTS);
  }

  /**
   * Flips one bit of a sector chosen uniformly among the disk's durable sectors. Returns where,
   * or null if the disk holds no durable byte.
   */
  public String rot() {
    long total = 0;
    for (Inode inode : durableFiles.values()) {
      total += inode.durableSectors();
    }
    if (total == 0) {
      return null;
    }
    long pick = random.nextLong(total);
    for (Map.Entry<String, Inode> e : durableFiles.entrySet()) {
      long n = e.getValue().durableSectors();
      if (pick < n) {
        counters.increment(Stat.ROT);
        return e.getKey() + " " + e.getValue().rot(pick, random);
      }
      pick -= n;
    }
    throw new AssertionError("rot pick past the last sector");
  }

  // ---- inspection, for checkers and tests: no I/O, no faults ----

  /** The bytes a crash right now would keep at best (the durable copy), if the name is durable. */
  public Optional<byte[]> durableContent(String path) {
    Inode inode = durableFiles.get(path);
    return inode == null ? Optional.empty() : Optional.of(inode.durableBytes());
  }

  /** The bytes a read sees now, if the file exists. */
  public Optional<byte[]> volatileContent(String path) {
    Inode inode = files.get(path);
    return inode == null ? Optional.empty() : Optional.of(inode.volatileBytes());
  }

  /** Files visible now. */
  public SortedSet<String> paths() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(files.keySet()));
  }

  /** Files whose names are durable. */
  public SortedSet<String> durablePaths() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(durableFiles.keySet()));
  }

  /** Directory operations a crash could lose. */
  public int pendingDirectoryOps() {
    return journal.size();
  }

  public long usedBytes() {
    return usedBytes;
  }

  /** Checks the disk's own invariants (space accounting, zero tails); costs a scan. */
  public void checkConsistency() {
    long used = 0;
    for (Inode inode : files.values()) {
      Invariants.check(inode.linked, "disk %s: a named file is not linked", name);
      used += Inode.roundUp(inode.volatileSize());
      inode.checkZeroTail();
    }
    Invariants.check(used == usedBytes, "disk %s: used bytes %d but files hold %d", name, usedBytes, used);
  }

  // ---- used by DiskView ----

  /**
   * Starts an I/O operation of a view: checks it is alive, charges its latency and counts down an
   * armed crash. Returns true if this operation is where the node dies: the caller applies part
   * of its effect, then calls {@link #die}.
   */
  boolean enter(int viewGeneration, boolean isSync, String op, String path) {
    if (viewGeneration != generation || killPoint != null) {
      throw new SimulatedCrash("disk " + name + ": " + op + " " + path + " by a dead incarnation");
    }
    counters.increment(Stat.DISK_OPS);
    long mean = isSync ? rates.syncNanos() : rates.ioNanos();
    if (mean > 0) {
      chargedNanos += mean / 2 + random.nextLong(mean + 1);
    }
    return crashCountdown > 0 && --crashCountdown == 0;
  }

  SimulatedCrash die(String what) {
    killPoint = what;
    counters.increment(armedKind == CrashKind.PROCESS_KILL ? Stat.PROCESS_KILLS_AT_IO : Stat.CRASHES_AT_IO);
    return new SimulatedCrash("disk " + name + ": crashed at " + what);
  }

  /** Space a file would gain by growing to {@code newSize}, after checking the disk has it. */
  long reserve(Inode inode, long newSize, String path) throws StorageException {
    long grow = Inode.roundUp(newSize) - Inode.roundUp(inode.volatileSize());
    if (grow <= 0 || !inode.linked) {
      return 0;
    }
    if (full || usedBytes + grow > capacityBytes) {
      counters.increment(Stat.DISK_FULL);
      throw new StorageException(StorageException.Kind.DISK_FULL, path,
          "no space left (" + usedBytes + " of " + capacityBytes + " bytes used" + (full ? ", disk full fault" : "") + ")");
    }
    return grow;
  }

  /** Updates space accounting after an inode's size changed from {@code oldSize}. */
  void resized(Inode inode, long oldSize) {
    if (inode.linked) {
      usedBytes += Inode.roundUp(inode.volatileSize()) - Inode.roundUp(oldSize);
    }
  }

  void link(String path, Inode inode) {
    Inode old = files.put(path, inode);
    if (old != null && old != inode) {
      unlinked(old);
    }
    if (old != inode) {
      inode.linked = true;
      usedBytes += Inode.roundUp(inode.volatileSize());
    }
  }

  Inode unlink(String path) {
    Inode inode = files.remove(path);
    if (inode != null) {
      unlinked(inode);
    }
    return inode;
  }

  private void unlinked(Inode inode) {
    inode.linked = false;
    usedBytes -= Inode.roundUp(inode.volatileSize());
  }

  /** Makes the first {@code count} journal operations durable. */
  void commitJournal(int count) {
    for (int i = 0; i < count; i++) {
      journal.get(i).applyTo(durableFiles);
    }
    journal.subList(0, count).clear();
  }

  /** Index one past the last journal operation that touches {@code directory}, or 0. */
  int journalPrefixFor(String directory) {
    for (int i = journal.size() - 1; i >= 0; i--) {
      if (journal.get(i).touches(directory)) {
        return i + 1;
      }
    }
    return 0;
  }
}
