package untorn.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.io.StorageException.Kind;
import untorn.sim.base.Counters;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;
import untorn.sim.base.SimulatedCrash;
import untorn.sim.base.Stat;

/** Each disk fault class happens and is observable through the FileSystem port. */
class SimDiskTest {
  private static final int SECTOR = SimLimits.SECTOR_BYTES;
  private static final int PAGE = 16 * SECTOR;

  private final Counters counters = new Counters();

  private SimDisk disk(long seed, DiskFaultRates rates) {
    return new SimDisk("d", new SimRandom(seed), counters, rates, SimLimits.DISK_CAPACITY_BYTES_DEFAULT);
  }

  private static DiskFaultRates survival(double unsynced, double metadata) {
    return new DiskFaultRates(0, 0, 0, 0, 0, unsynced, metadata, 0, 0);
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  /** A durable file "f" holding {@code page} of 0x11 bytes, and its open handle. */
  private static FileHandle durableFile(FileSystem fs) throws StorageException {
    FileHandle h = fs.create("f");
    h.write(0, filled(PAGE, 0x11));
    h.sync();
    fs.syncDirectory("");
    return h;
  }

  private static byte[] content(SimDisk d) {
    return d.volatileContent("f").orElseThrow();
  }

  @Test
  void unsyncedDataIsGoneAfterACrash() throws Exception {
    SimDisk d = disk(1, survival(0, 0));
    FileHandle h = durableFile(d.attach());
    h.write(0, filled(PAGE, 0x22));
    h.write(PAGE, filled(SECTOR, 0x33)); // growth too
    assertThat(content(d)).hasSize(PAGE + SECTOR);
    d.crash();
    assertThat(content(d)).isEqualTo(filled(PAGE, 0x11));
    assertThat(counters.get(Stat.UNSYNCED_SECTORS_LOST)).isEqualTo(16);
  }

  @Test
  void syncedDataSurvivesACrash() throws Exception {
    SimDisk d = disk(1, survival(0, 0));
    FileHandle h = durableFile(d.attach());
    h.write(0, filled(PAGE, 0x22));
    h.sync();
    d.crash();
    FileSystem fs = d.attach();
    byte[] read = new byte[PAGE];
    fs.open("f").readFully(0, read, 0, PAGE);
    assertThat(read).isEqualTo(filled(PAGE, 0x22));
  }

  /** One seed's crash of an unsynced overwrite of "f"; returns the content after it. */
  private interface TornCrash {
    byte[] run(long seed) throws Exception;
  }

  /** True if some seed leaves a mix of whole old and whole new sectors (never a mixed sector). */
  private static boolean someSeedTears(TornCrash crash) throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      int[] kinds = sectorKinds(crash.run(seed));
      if (kinds[0] > 0 && kinds[1] > 0) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aTornWriteLeavesWholeSectorsOfOldAndNewAfterRestart() throws Exception {
    assertThat(someSeedTears(seed -> {
      SimDisk d = disk(seed, survival(0.5, 0));
      FileHandle h = durableFile(d.attach());
      h.write(0, filled(PAGE, 0x22));
      d.crash();
      return content(d);
    })).as("some seed tears the write into old and new sectors").isTrue();
  }

  /** Counts sectors entirely old (0x11) and entirely new (0x22); fails on a mixed sector. */
  private static int[] sectorKinds(byte[] page) {
    int[] kinds = new int[2];
    for (int s = 0; s < page.length / SECTOR; s++) {
      byte[] sector = Arrays.copyOfRange(page, s * SECTOR, (s + 1) * SECTOR);
      if (Arrays.equals(sector, filled(SECTOR, 0x11))) {
        kinds[0]++;
      } else if (Arrays.equals(sector, filled(SECTOR, 0x22))) {
        kinds[1]++;
      } else {
        throw new AssertionError("sector " + s + " is neither old nor new: a sector must be atomic");
      }
    }
    return kinds;
  }

  @Test
  void aWriteCutByACrashReachesTheDiskInWholeSectorsSomeOldSomeNew() throws Exception {
    // Survival 1 keeps every unsynced sector, so what persists is exactly what the cut write applied.
    assertThat(someSeedTears(seed -> {
      SimDisk d = disk(seed, survival(1, 0));
      FileHandle h = durableFile(d.attach());
      d.armCrash(1);
      assertThatThrownBy(() -> h.write(0, filled(PAGE, 0x22))).isInstanceOf(SimulatedCrash.class);
      d.crash();
      return content(d);
    })).as("some seed keeps part of the write in flight at the crash").isTrue();
  }

  @Test
  void aFailedWriteLeavesSomeOfItsSectorsWritten() throws Exception {
    assertThat(someSeedTears(seed -> {
      SimDisk d = disk(seed, DiskFaultRates.NONE);
      FileHandle h = durableFile(d.attach());
      d.setRates(new DiskFaultRates(0, 0, 1, 0, 0, 0, 0, 0, 0));
      assertThatThrownBy(() -> h.write(0, filled(PAGE, 0x22))).isInstanceOf(StorageException.class);
      return content(d);
    })).as("a write error leaves an unknown mix, not always the old content").isTrue();
  }

  @Test
  void anUnsyncedAppendCanSurviveACrashInPart() throws Exception {
    boolean grew = false;
    for (long seed = 1; seed <= 20 && !grew; seed++) {
      SimDisk d = disk(seed, survival(0.5, 0));
      FileHandle h = durableFile(d.attach());
      h.write(PAGE, filled(PAGE, 0x22));
      d.crash();
      grew = content(d).length > PAGE;
    }
    assertThat(grew).as("some seed keeps the unsynced growth (a torn WAL tail needs it)").isTrue();
  }

  @Test
  void aCrashInsideSyncPersistsOnlySomeSectors() throws Exception {
    assertThat(someSeedTears(seed -> {
      SimDisk d = disk(seed, survival(0, 0));
      FileHandle h = durableFile(d.attach());
      h.write(0, filled(PAGE, 0x22));
      d.armCrash(1);
      assertThatThrownBy(h::sync).isInstanceOf(SimulatedCrash.class);
      assertThat(d.killPoint()).startsWith("sync f");
      d.crash();
      return content(d);
    })).isTrue();
  }

  @Test
  void afterAFailedFsyncTheDataIsNotDurableEvenIfALaterSyncSucceeds() throws Exception {
    SimDisk d = disk(3, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    FileHandle h = fs.create("f");
    fs.syncDirectory("");
    d.setRates(new DiskFaultRates(1, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(() -> fs.syncDirectory("")).isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(Kind.SYNC_FAILED));
    d.setRates(DiskFaultRates.NONE);
    h.write(0, filled(PAGE, 0x22));
    d.setRates(new DiskFaultRates(1, 0, 0, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(h::sync).isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(Kind.SYNC_FAILED));
    assertThat(content(d)).as("reads still show the new bytes").isEqualTo(filled(PAGE, 0x22));
    d.setRates(DiskFaultRates.NONE);
    h.sync(); // "succeeds", as Linux's fsync does after a failure: the dropped pages stay dropped
    d.crash();
    byte[] after = content(d);
    assertThat(after).isNotEqualTo(filled(PAGE, 0x22));
    assertThat(counters.get(Stat.FSYNC_FAILURES)).isEqualTo(2);
  }

  @Test
  void aCreatedFileNeedsADirectorySyncToSurvive() throws Exception {
    SimDisk d = disk(1, survival(0, 0));
    FileSystem fs = d.attach();
    FileHandle h = fs.create("f");
    h.write(0, filled(SECTOR, 0x22));
    h.sync();
    d.crash();
    assertThat(d.attach().exists("f")).isFalse();
    assertThat(counters.get(Stat.METADATA_OPS_LOST)).isEqualTo(1);

    FileSystem fs2 = d.attach();
    fs2.create("g").sync();
    fs2.syncDirectory("");
    d.crash();
    assertThat(d.attach().exists("g")).isTrue();
  }

  @Test
  void renamesAndDeletesNeedADirectorySyncToo() throws Exception {
    SimDisk d = disk(1, survival(0, 0));
    FileSystem fs = d.attach();
    durableFile(fs);
    fs.createDirectories("sub");
    fs.create("sub/x");
    fs.syncDirectory("sub");
    fs.rename("f", "renamed");
    fs.delete("sub/x");
    assertThat(fs.exists("renamed")).isTrue();
    assertThat(fs.list("sub")).isEmpty();
    d.crash();
    FileSystem after = d.attach();
    assertThat(after.exists("f")).isTrue();
    assertThat(after.exists("renamed")).isFalse();
    assertThat(after.list("sub")).containsExactly("x");

    after.rename("f", "renamed");
    after.syncDirectory("");
    d.crash();
    assertThat(d.attach().list("")).containsExactly("renamed", "sub");
  }

  @Test
  void aDirectorySyncCommitsEveryEarlierOperationLikeAJournal() throws Exception {
    SimDisk d = disk(1, survival(0, 0));
    FileSystem fs = d.attach();
    fs.createDirectories("a");
    fs.createDirectories("b");
    fs.create("a/1");
    fs.create("b/2");
    fs.create("a/3");
    fs.syncDirectory("b"); // commits a/1 and b/2, not a/3
    assertThat(d.pendingDirectoryOps()).isEqualTo(1);
    d.crash();
    FileSystem after = d.attach();
    assertThat(after.list("a")).containsExactly("1");
    assertThat(after.list("b")).containsExactly("2");
  }

  @Test
  void misdirectedWritesLandWholeSectorsAwayAndLeaveTheirTargetUnchanged() throws Exception {
    SimDisk d = disk(5, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    FileHandle h = durableFile(fs);
    d.setRates(new DiskFaultRates(0, 0, 0, 0, 1, 0, 0, 0, 0));
    h.write(3 * SECTOR, filled(SECTOR, 0x44));
    byte[] c = content(d);
    assertThat(Arrays.copyOfRange(c, 3 * SECTOR, 4 * SECTOR)).isEqualTo(filled(SECTOR, 0x11));
    int moved = 0;
    for (int s = 0; s < 16; s++) {
      if (Arrays.equals(Arrays.copyOfRange(c, s * SECTOR, (s + 1) * SECTOR), filled(SECTOR, 0x44))) {
        moved++;
      }
    }
    assertThat(moved).isEqualTo(1);
    assertThat(c).hasSize(PAGE);
    assertThat(counters.get(Stat.MISDIRECTED_WRITES)).isEqualTo(1);
  }

  @Test
  void lostWritesReportSuccessAndChangeNothing() throws Exception {
    SimDisk d = disk(5, DiskFaultRates.NONE);
    FileHandle h = durableFile(d.attach());
    d.setRates(new DiskFaultRates(0, 0, 0, 1, 0, 0, 0, 0, 0));
    h.write(0, filled(PAGE, 0x22));
    h.sync();
    assertThat(content(d)).isEqualTo(filled(PAGE, 0x11));
    assertThat(counters.get(Stat.LOST_WRITES)).isEqualTo(1);
  }

  @Test
  void rotFlipsOneDurableBitThatACrcCatches() throws Exception {
    SimDisk d = disk(9, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    FileHandle h = fs.create("rec");
    byte[] rec = new byte[12];
    Bytes.putI64(rec, 0, 123456789L);
    Bytes.putI32(rec, 8, Crc32c.of(rec, 0, 8));
    h.write(0, rec);
    h.sync();
    fs.syncDirectory("");
    assertThat(d.rot()).startsWith("rec byte ");
    d.crash();
    byte[] read = new byte[12];
    d.attach().open("rec").readFully(0, read, 0, 12);
    int differingBits = 0;
    for (int i = 0; i < 12; i++) {
      differingBits += Integer.bitCount((read[i] ^ rec[i]) & 0xFF);
    }
    assertThat(differingBits).isEqualTo(1);
    boolean crcOk = Crc32c.of(read, 0, 8) == Bytes.getI32(read, 8);
    assertThat(crcOk).as("CRC32C detects every single-bit flip").isFalse();
  }

  @Test
  void rotHitsTheDurableCopy() throws Exception {
    SimDisk d = disk(9, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    FileHandle h = fs.create("rec");
    h.write(0, filled(SECTOR, 0x11));
    h.sync();
    fs.syncDirectory("");
    d.rot();
    byte[] durable = d.durableContent("rec").orElseThrow();
    int differingBits = 0;
    for (byte b : durable) {
      differingBits += Integer.bitCount((b ^ 0x11) & 0xFF);
    }
    assertThat(differingBits).as("rot changes what a crash keeps, not only the cache").isEqualTo(1);
  }

  @Test
  void rotOnAnEmptyDiskDoesNothing() {
    assertThat(disk(1, DiskFaultRates.NONE).rot()).isNull();
  }

  @Test
  void readAndWriteErrorsAreTypedAndReadsLeaveDataAlone() throws Exception {
    SimDisk d = disk(5, DiskFaultRates.NONE);
    FileHandle h = durableFile(d.attach());
    d.setRates(new DiskFaultRates(0, 1, 0, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(() -> h.read(0, new byte[4], 0, 4)).isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(Kind.IO_ERROR));
    assertThat(content(d)).isEqualTo(filled(PAGE, 0x11));
    d.setRates(new DiskFaultRates(0, 0, 1, 0, 0, 0, 0, 0, 0));
    assertThatThrownBy(() -> h.write(0, filled(PAGE, 0x22))).isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(Kind.IO_ERROR));
    sectorKinds(content(d)); // unknown content, but still whole sectors of old or new
    assertThat(counters.get(Stat.READ_ERRORS)).isEqualTo(1);
    assertThat(counters.get(Stat.WRITE_ERRORS)).isEqualTo(1);
  }

  @Test
  void aFullDiskRefusesGrowthAndKeepsWhatIsStored() throws Exception {
    SimDisk d = new SimDisk("d", new SimRandom(1), counters, DiskFaultRates.NONE, 4 * PAGE);
    FileSystem fs = d.attach();
    FileHandle h = durableFile(fs);
    assertThatThrownBy(() -> h.write(PAGE, filled(4 * PAGE, 0x22))).isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(Kind.DISK_FULL));
    assertThat(content(d)).isEqualTo(filled(PAGE, 0x11));
    h.write(0, filled(SECTOR, 0x22)); // overwriting needs no space
    d.setFull(true);
    assertThatThrownBy(() -> fs.create("g")).isInstanceOf(StorageException.class)
        .satisfies(e -> assertThat(((StorageException) e).kind()).isEqualTo(Kind.DISK_FULL));
    assertThatThrownBy(() -> h.truncate(PAGE + 1)).isInstanceOf(StorageException.class);
    h.truncate(SECTOR); // shrinking is fine
    d.setFull(false);
    h.write(SECTOR, filled(PAGE, 0x33));
    assertThat(d.usedBytes()).isEqualTo(PAGE + SECTOR);
    d.checkConsistency();
    assertThat(counters.get(Stat.DISK_FULL)).isEqualTo(3);
  }

  @Test
  void aReplacedDiskIsEmptyAndTheOldIncarnationIsDead() throws Exception {
    SimDisk d = disk(1, DiskFaultRates.NONE);
    FileSystem old = d.attach();
    FileHandle h = durableFile(old);
    d.replace();
    assertThatThrownBy(() -> h.read(0, new byte[1], 0, 1)).isInstanceOf(SimulatedCrash.class);
    assertThatThrownBy(() -> old.exists("f")).isInstanceOf(SimulatedCrash.class);
    FileSystem fresh = d.attach();
    assertThat(fresh.list("")).isEmpty();
    assertThat(d.durablePaths()).isEmpty();
  }

  @Test
  void anArmedCrashFiresAtTheNthOperationAndKillsTheIncarnation() throws Exception {
    SimDisk d = disk(1, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    FileHandle h = fs.create("f");
    d.armCrash(3);
    h.write(0, filled(SECTOR, 1));
    h.write(SECTOR, filled(SECTOR, 2));
    assertThatThrownBy(() -> h.write(2 * SECTOR, filled(2 * SECTOR, 3))).isInstanceOf(SimulatedCrash.class);
    assertThat(d.killPoint()).contains("write f at 1024");
    assertThatThrownBy(() -> h.sync()).as("a swallowed crash does not revive the node").isInstanceOf(SimulatedCrash.class);
    assertThatThrownBy(d::attach).isInstanceOf(Error.class);
    d.crash();
    assertThat(d.killPoint()).isNull();
    assertThat(d.attach().exists("f")).isFalse();
  }

  @Test
  void anArmedCrashFiresEvenAtAnOperationThatIsRefused() throws Exception {
    SimDisk d = disk(1, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    fs.create("f");
    d.armCrash(1);
    assertThatThrownBy(() -> fs.create("f")).isInstanceOf(SimulatedCrash.class);
    assertThat(d.killPoint()).contains("ALREADY_EXISTS f: file exists (refused, then crashed)");
  }

  @Test
  void badInputGetsTypedErrors() throws Exception {
    SimDisk d = disk(1, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    for (String bad : new String[] {"/abs", "a//b", "a/../b", "..", "a/", "./a"}) {
      assertThatThrownBy(() -> fs.create(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(kind(() -> fs.open("missing"))).isEqualTo(Kind.NOT_FOUND);
    assertThat(kind(() -> fs.create("nodir/f"))).isEqualTo(Kind.NOT_FOUND);
    fs.create("f");
    assertThat(kind(() -> fs.create("f"))).isEqualTo(Kind.ALREADY_EXISTS);
    assertThat(kind(() -> fs.delete("missing"))).isEqualTo(Kind.NOT_FOUND);
    assertThat(kind(() -> fs.rename("missing", "x"))).isEqualTo(Kind.NOT_FOUND);
    fs.createDirectories("dir");
    assertThat(kind(() -> fs.open("dir"))).isEqualTo(Kind.IO_ERROR);
    assertThat(kind(() -> fs.rename("f", "dir"))).isEqualTo(Kind.IO_ERROR);
    assertThat(kind(() -> fs.syncDirectory("nodir"))).isEqualTo(Kind.NOT_FOUND);
    FileHandle h = fs.open("f");
    h.close();
    assertThat(kind(() -> h.write(0, new byte[1]))).isEqualTo(Kind.CLOSED);
    FileHandle h2 = fs.open("f");
    assertThatThrownBy(() -> h2.write(-1, new byte[1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> h2.read(0, new byte[1], 0, 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aDeletedFileStaysUsableThroughAnOpenHandle() throws Exception {
    SimDisk d = disk(1, DiskFaultRates.NONE);
    FileSystem fs = d.attach();
    FileHandle h = fs.create("f");
    h.write(0, filled(10, 7));
    fs.delete("f");
    byte[] b = new byte[10];
    h.readFully(0, b, 0, 10);
    assertThat(b).isEqualTo(filled(10, 7));
    assertThat(d.usedBytes()).isZero();
  }

  private interface Op {
    void run() throws Exception;
  }

  private static Kind kind(Op op) {
    try {
      op.run();
    } catch (StorageException e) {
      return e.kind();
    } catch (Exception e) {
      throw new AssertionError("expected a StorageException, got " + e, e);
    }
    throw new AssertionError("expected a StorageException, got none");
  }
}
