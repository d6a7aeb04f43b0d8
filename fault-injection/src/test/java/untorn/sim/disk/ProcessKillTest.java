package untorn.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.sim.base.Counters;
import untorn.sim.base.CrashKind;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;
import untorn.sim.base.SimulatedCrash;
import untorn.sim.base.Stat;

/**
 * A process kill keeps the page cache: the next incarnation sees unsynced writes and undurable
 * renames; a power loss before anything syncs them can still take them back; a sync by the new
 * incarnation makes them durable; a failed fsync stays failed across the kill.
 */
class ProcessKillTest {
  private static final int SECTOR = SimLimits.SECTOR_BYTES;
  private static final int PAGE = 16 * SECTOR;

  private final Counters counters = new Counters();

  private SimDisk disk(long seed, double unsyncedSurvival, double metadataSurvival) {
    return new SimDisk("d", new SimRandom(seed), counters,
        new DiskFaultRates(0, 0, 0, 0, 0, unsyncedSurvival, metadataSurvival, 0, 0), SimLimits.DISK_CAPACITY_BYTES_DEFAULT);
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static byte[] read(FileSystem fs, String path) throws StorageException {
    try (FileHandle h = fs.open(path)) {
      byte[] b = new byte[(int) h.sizeBytes()];
      h.readFully(0, b, 0, b.length);
      return b;
    }
  }

  /**
   * The state every test starts from: "f" durable with 0x11 and then overwritten with 0x22, not
   * synced; "g" written and synced as "g.tmp", then renamed to "g" without a directory sync.
   * Returns the incarnation's file system.
   */
  private static FileSystem unsyncedState(SimDisk d) throws StorageException {
    FileSystem fs = d.attach();
    try (FileHandle f = fs.create("f")) {
      f.write(0, filled(PAGE, 0x11));
      f.sync();
      fs.syncDirectory("");
      f.write(0, filled(PAGE, 0x22));
    }
    try (FileHandle g = fs.create("g.tmp")) {
      g.write(0, filled(SECTOR, 0x33));
      g.sync();
    }
    fs.rename("g.tmp", "g");
    return fs;
  }

  @Test
  void afterAProcessKillTheNextIncarnationSeesUnsyncedBytesAndAnUndurableRename() throws Exception {
    SimDisk d = disk(1, 0, 0);
    FileSystem dead = unsyncedState(d);
    d.processCrash();
    assertThatThrownBy(() -> dead.exists("f")).as("the killed incarnation does no more I/O").isInstanceOf(SimulatedCrash.class);
    FileSystem fs = d.attach();
    assertThat(read(fs, "f")).isEqualTo(filled(PAGE, 0x22));
    assertThat(fs.exists("g")).isTrue();
    assertThat(fs.exists("g.tmp")).isFalse();
    assertThat(read(fs, "g")).isEqualTo(filled(SECTOR, 0x33));
    // Visible, and still not durable.
    assertThat(d.durableContent("f")).contains(filled(PAGE, 0x11));
    assertThat(d.durablePaths()).containsExactly("f");
    assertThat(counters.get(Stat.UNSYNCED_SECTORS_SEEN_AFTER_KILL)).isEqualTo(16);
    assertThat(counters.get(Stat.METADATA_OPS_SEEN_AFTER_KILL)).isEqualTo(2); // create g.tmp, rename
  }

  @Test
  void aPowerLossAfterTheKillStillTakesThemBack() throws Exception {
    SimDisk d = disk(1, 0, 0);
    unsyncedState(d);
    d.processCrash();
    FileSystem fs = d.attach();
    assertThat(read(fs, "f")).isEqualTo(filled(PAGE, 0x22)); // the new incarnation reads, syncs nothing
    d.crash();
    FileSystem after = d.attach();
    assertThat(read(after, "f")).isEqualTo(filled(PAGE, 0x11));
    assertThat(after.exists("g")).isFalse();
    assertThat(counters.get(Stat.UNSYNCED_SECTORS_LOST)).isEqualTo(16);
    assertThat(counters.get(Stat.METADATA_OPS_LOST)).isEqualTo(2);
  }

  @Test
  void aPowerLossAfterTheKillCanTearWhatTheKillLeftVisible() throws Exception {
    boolean torn = false;
    for (long seed = 1; seed <= 20 && !torn; seed++) {
      SimDisk d = disk(seed, 0.5, 0);
      unsyncedState(d);
      d.processCrash();
      d.attach();
      d.crash();
      byte[] f = d.volatileContent("f").orElseThrow();
      int[] kinds = sectorKinds(f, 0x11, 0x22);
      torn = kinds[0] > 0 && kinds[1] > 0;
    }
    assertThat(torn).as("some seed keeps some new sectors and loses others").isTrue();
  }

  @Test
  void aSyncByTheNewIncarnationMakesThemDurable() throws Exception {
    SimDisk d = disk(1, 0, 0);
    unsyncedState(d);
    d.processCrash();
    FileSystem fs = d.attach();
    try (FileHandle f = fs.open("f")) {
      f.sync();
    }
    fs.syncDirectory("");
    assertThat(d.pendingDirectoryOps()).isZero();
    d.crash();
    FileSystem after = d.attach();
    assertThat(read(after, "f")).isEqualTo(filled(PAGE, 0x22));
    assertThat(read(after, "g")).isEqualTo(filled(SECTOR, 0x33));
  }

  @Test
  void twoKillsInARowKeepTheStateAndAPowerLossThenStillDropsIt() throws Exception {
    SimDisk d = disk(1, 0, 0);
    unsyncedState(d);
    d.processCrash();
    d.attach();
    d.processCrash();
    FileSystem fs = d.attach();
    assertThat(read(fs, "f")).isEqualTo(filled(PAGE, 0x22));
    d.crash();
    assertThat(d.volatileContent("f")).contains(filled(PAGE, 0x11));
  }

  /**
   * fsyncgate's set-up: "f" holds 0x11 durably, is overwritten with 0x22 whose fsync fails, then
   * the process is killed. Returns the next incarnation's file system.
   */
  private static FileSystem overwriteFailFsyncAndKill(SimDisk d) throws Exception {
    FileSystem fs = d.attach();
    FileHandle f = fs.create("f");
    f.write(0, filled(PAGE, 0x11));
    f.sync();
    fs.syncDirectory("");
    f.write(0, filled(PAGE, 0x22));
    d.setRates(new DiskFaultRates(1, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(f::sync).isInstanceOf(StorageException.class);
    d.setRates(DiskFaultRates.NONE);
    d.processCrash();
    return d.attach();
  }

  @Test
  void aFailedFsyncIsNotForgivenByAKill() throws Exception {
    // fsyncgate: the failed sectors are marked clean; the new incarnation sees the new bytes, its
    // fsync succeeds and writes nothing, and a power loss shows that some never reached the disk.
    boolean lost = false;
    for (long seed = 1; seed <= 20 && !lost; seed++) {
      SimDisk d = disk(seed, 0, 0);
      FileSystem next = overwriteFailFsyncAndKill(d);
      assertThat(read(next, "f")).isEqualTo(filled(PAGE, 0x22));
      try (FileHandle h = next.open("f")) {
        h.sync();
      }
      d.crash();
      lost = sectorKinds(d.volatileContent("f").orElseThrow(), 0x11, 0x22)[0] > 0;
    }
    assertThat(lost).as("some seed loses sectors whose fsync failed before the kill").isTrue();
  }

  /**
   * The remedy the safekeeper's restart relies on: the new incarnation reads the bytes a failed
   * fsync left clean and writes them again, unchanged; that makes them dirty, so its next sync
   * writes them and a power loss keeps them (a write marks pages dirty whatever their content).
   */
  @Test
  void writingTheBytesAgainAfterAFailedFsyncLetsTheNextSyncWriteThem() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      SimDisk d = disk(seed, 0, 0);
      FileSystem next = overwriteFailFsyncAndKill(d);
      byte[] seen = read(next, "f");
      try (FileHandle h = next.open("f")) {
        h.write(0, seen);
        h.sync();
      }
      d.crash();
      assertThat(d.volatileContent("f")).as("seed %d", seed).contains(filled(PAGE, 0x22));
    }
  }

  @Test
  void aWriteCutByAKillLeavesAPrefixOfItInThePageCache() throws Exception {
    boolean partial = false;
    for (long seed = 1; seed <= 20; seed++) {
      SimDisk d = disk(seed, 0, 0);
      FileSystem fs = d.attach();
      FileHandle f = fs.create("f");
      f.write(0, filled(PAGE, 0x11));
      f.sync();
      fs.syncDirectory("");
      d.armCrash(1, CrashKind.PROCESS_KILL);
      assertThatThrownBy(() -> f.write(0, filled(PAGE, 0x22))).isInstanceOf(SimulatedCrash.class);
      assertThat(d.armedKind()).isEqualTo(CrashKind.PROCESS_KILL);
      d.processCrash();
      byte[] seen = read(d.attach(), "f");
      int[] kinds = sectorKinds(seen, 0x11, 0x22);
      byte[] prefix = new byte[PAGE];
      Arrays.fill(prefix, 0, kinds[1] * SECTOR, (byte) 0x22);
      Arrays.fill(prefix, kinds[1] * SECTOR, PAGE, (byte) 0x11);
      assertThat(seen).as("seed %d: new sectors, then old ones", seed).isEqualTo(prefix);
      partial |= kinds[0] > 0 && kinds[1] > 0;
    }
    assertThat(partial).as("some seed cuts the write inside").isTrue();
    assertThat(counters.get(Stat.PROCESS_KILLS_AT_IO)).isEqualTo(20);
    assertThat(counters.get(Stat.CRASHES_AT_IO)).isZero();
  }

  /** Counts sectors entirely {@code old} and entirely {@code young}; fails on any other sector. */
  private static int[] sectorKinds(byte[] data, int old, int young) {
    int[] kinds = new int[2];
    for (int s = 0; s < data.length / SECTOR; s++) {
      byte[] sector = Arrays.copyOfRange(data, s * SECTOR, (s + 1) * SECTOR);
      if (Arrays.equals(sector, filled(SECTOR, old))) {
        kinds[0]++;
      } else if (Arrays.equals(sector, filled(SECTOR, young))) {
        kinds[1]++;
      } else {
        throw new AssertionError("sector " + s + " is neither old nor new");
      }
    }
    return kinds;
  }
}
