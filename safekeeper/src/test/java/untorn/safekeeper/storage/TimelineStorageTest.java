package untorn.safekeeper.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import untorn.core.io.StorageException;
import untorn.core.io.StorageException.Kind;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.testing.CrashableFileSystem;
import untorn.safekeeper.testing.CrashableFileSystem.Loss;
import untorn.safekeeper.testing.WalFixture;

/** An acceptor's storage under crashes, damage and a full disk. */
class TimelineStorageTest {
  static final TenantTimeline TT = TenantTimeline.of(1, 2);
  static final WalLayout SMALL = new WalLayout(16 << 10);

  CrashableFileSystem fs = new CrashableFileSystem();

  TimelineStorage.Opened reopen() throws StorageException {
    return TimelineStorage.open(fs, TT, SMALL, Mutants.NONE);
  }

  @Test
  void aNewTimelineReopensEmpty() throws Exception {
    TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    TimelineStorage.Opened o = reopen();
    assertThat(o.control()).isEqualTo(ControlState.initial(TT));
    assertThat(o.wal().flushLsn()).isEqualTo(Lsn.ZERO);
    assertThat(TimelineStorage.list(fs)).containsExactly(TT);
  }

  @Test
  void creatingATimelineTwiceIsRefused() throws Exception {
    TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    assertThat(catchThrowableOfType(() -> TimelineStorage.create(fs, TT, SMALL, Mutants.NONE), StorageException.class).kind())
        .isEqualTo(Kind.ALREADY_EXISTS);
  }

  @Property(tries = 200)
  void syncedWalSurvivesACrashAndAnUnsyncedTailIsAPrefix(@ForAll long seed) throws Exception {
    fs = new CrashableFileSystem();
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    WalFixture wal = WalFixture.newStream(seed);
    List<EncodedRecord> synced = wal.next(8);
    List<EncodedRecord> unsynced = wal.next(8);
    byte[] a = WalFixture.bytes(synced);
    byte[] b = WalFixture.bytes(unsynced);
    s.wal().write(Lsn.ZERO, a);
    s.wal().sync();
    s.wal().write(Lsn.of(a.length), b);
    fs.crash(Loss.ANY_PREFIX, new Random(seed));
    TimelineStorage.Opened o = reopen();
    Lsn end = o.wal().flushLsn();
    assertThat(end).as("seed %d", seed).isGreaterThanOrEqualTo(Lsn.of(a.length));
    assertThat(end).isLessThanOrEqualTo(Lsn.of(a.length + b.length));
    boolean isRecordEnd = end.equals(Lsn.of(a.length)) || unsynced.stream().anyMatch(r -> r.logged().endLsn().equals(end));
    assertThat(isRecordEnd).as("restart stops at a record end").isTrue();
    byte[] all = concat(a, b);
    assertThat(o.storage().wal().rawBytes(Lsn.ZERO, (int) end.value()))
        .isEqualTo(java.util.Arrays.copyOf(all, (int) end.value()));
  }

  @Test
  void aTornTailIsCutDurablySoNewWalNeverRunsIntoIt() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    WalFixture wal = WalFixture.newStream(7);
    byte[] good = WalFixture.bytes(wal.next(5));
    byte[] garbage = new byte[20_000];
    new Random(3).nextBytes(garbage);
    s.wal().write(Lsn.ZERO, good);
    s.wal().write(Lsn.of(good.length), garbage);
    s.wal().sync();
    TimelineStorage.Opened o = reopen();
    assertThat(o.wal().flushLsn()).isEqualTo(Lsn.of(good.length));
    assertThat(o.wal().cutBytes()).isEqualTo(garbage.length);
    // The cut is durable: a crash right after does not bring the garbage back.
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    TimelineStorage.Opened again = reopen();
    assertThat(again.storage().wal().rawBytes(Lsn.of(good.length), 100)).isEmpty();
    byte[] more = WalFixture.bytes(wal.next(3));
    again.storage().wal().write(Lsn.of(good.length), more);
    again.storage().wal().sync();
    assertThat(reopen().wal().flushLsn()).isEqualTo(Lsn.of(good.length + more.length));
  }

  @Property(tries = 100)
  void aCrashAnywhereInAControlWriteLeavesTheOldOrTheNewState(@ForAll long seed) throws Exception {
    ProtocolState old = ProtocolState.INITIAL.withTerm(Term.of(4));
    ProtocolState next = old.withTerm(Term.of(5)).withHistory(TermHistory.of(TermSwitch.of(5, 0, 0)));
    for (int op = 0; op < 8; op++) {
      fs = new CrashableFileSystem();
      TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
      s.persistProtocolState(old);
      fs.crashBefore(fs.mutatingOps() + op);
      try {
        s.persistProtocolState(next);
      } catch (CrashableFileSystem.CrashPoint expected) {
        // The process died at op.
      }
      fs.crash(Loss.ANY_PREFIX, new Random(seed + op));
      ProtocolState found = reopen().control().protocol();
      assertThat(found).as("seed %d crash before op %d", seed, op).isIn(old, next);
    }
  }

  /**
   * A process crash keeps the page cache: the restart finds WAL and a control file that were never
   * made durable (a write not yet fsynced, a rename whose directory fsync never ran). The acceptor
   * reports what it finds (flush LSN, promised term) as durable, so the restart must make it so: a
   * power loss after the restart must not take it back.
   */
  @Test
  void whatARestartAfterAProcessCrashFindsIsDurableBeforeItIsUsed() throws Exception {
    byte[] wal = WalFixture.bytes(WalFixture.newStream(3).next(40));
    ProtocolState promised = ProtocolState.INITIAL.withTerm(Term.of(5));
    TimelineStorage.Opened after = killRestartThenPowerLoss(wal, promised, Mutants.NONE);
    assertThat(after.control().protocol()).as("the promise the restarted acceptor acted on").isEqualTo(promised);
    assertThat(after.wal().flushLsn()).as("the WAL end it reported").isEqualTo(Lsn.of(wal.length));
  }

  @Test
  void skipRestartSyncLetsAPowerLossTakeBackWhatTheRestartReported() throws Exception {
    byte[] wal = WalFixture.bytes(WalFixture.newStream(3).next(40));
    ProtocolState promised = ProtocolState.INITIAL.withTerm(Term.of(5));
    TimelineStorage.Opened after = killRestartThenPowerLoss(wal, promised, Mutants.of(Mutant.SKIP_RESTART_SYNC));
    assertThat(after.control().protocol()).isEqualTo(ProtocolState.INITIAL);
    assertThat(after.wal().flushLsn()).isEqualTo(Lsn.ZERO);
  }

  /**
   * Writes {@code wal} without a sync and dies persisting {@code promised} just before the
   * directory fsync; the process crash keeps both visible, and the restart (with {@code mutants})
   * reports them; then the power goes. Returns what the next restart finds.
   */
  private TimelineStorage.Opened killRestartThenPowerLoss(byte[] wal, ProtocolState promised, Mutants mutants)
      throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    assertThat(wal.length).isGreaterThan(2 * SMALL.segmentSizeBytes());
    s.wal().write(Lsn.ZERO, wal);
    fs.crashBefore(fs.mutatingOps() + 4); // create, write, sync and rename the new control file; die before the directory fsync
    assertThatThrownBy(() -> s.persistProtocolState(promised)).isInstanceOf(CrashableFileSystem.CrashPoint.class);
    fs.processCrash();
    TimelineStorage.Opened found = TimelineStorage.open(fs, TT, SMALL, mutants);
    assertThat(found.control().protocol()).isEqualTo(promised);
    assertThat(found.wal().flushLsn()).isEqualTo(Lsn.of(wal.length));
    found.storage().close();
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    return reopen();
  }

  /**
   * fsyncgate across a restart. The acceptor writes WAL, its fsync fails (the kernel marks the
   * pages clean without having written them) and it halts; the halt is a process exit, so the page
   * cache survives; the restart reads that WAL back as valid and reports its end as the flush LSN;
   * then the power goes. What the restart reported must still be there.
   */
  @Test
  void walWhoseFsyncFailedBeforeAHaltIsDurableOnceTheRestartReportsIt() throws Exception {
    Halted h = writeFailFsyncAndHalt();
    TimelineStorage.Opened restarted = TimelineStorage.open(fs, TT, SMALL, Mutants.NONE);
    assertThat(restarted.wal().flushLsn()).as("the page cache shows the WAL").isEqualTo(h.end());
    assertThat(restarted.wal().rewrittenBytes()).as("written again from the durable commit LSN")
        .isEqualTo(h.end().minus(h.commit()));
    restarted.storage().close();
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    TimelineStorage.Opened after = reopen();
    assertThat(after.wal().flushLsn()).as("the flush LSN the restarted acceptor reported").isEqualTo(h.end());
    assertThat(after.storage().wal().rawBytes(Lsn.ZERO, (int) h.end().value())).isEqualTo(h.wal());
  }

  @Test
  void trustPageCacheLetsAPowerLossTakeBackWalTheRestartReported() throws Exception {
    Halted h = writeFailFsyncAndHalt();
    TimelineStorage.Opened restarted = TimelineStorage.open(fs, TT, SMALL, Mutants.of(Mutant.TRUST_PAGE_CACHE));
    assertThat(restarted.wal().flushLsn()).isEqualTo(h.end());
    restarted.storage().close();
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    assertThat(reopen().wal().flushLsn()).as("only what the first fsync wrote survives").isEqualTo(h.synced());
  }

  /** The restart's own fsync fails: it halts again, and the next restart writes the WAL again. */
  @Test
  void aRestartWhoseFsyncFailsHaltsAndTheNextOneWritesTheWalAgain() throws Exception {
    Halted h = writeFailFsyncAndHalt();
    fs.failSyncsUnder(TimelineStorage.directoryOf(TT) + "/wal");
    assertThat(catchThrowableOfType(this::reopen, StorageException.class).kind()).isEqualTo(Kind.SYNC_FAILED);
    fs.failSyncsUnder(null);
    fs.processCrash();
    reopen().storage().close();
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    assertThat(reopen().wal().flushLsn()).isEqualTo(h.end());
  }

  /**
   * The tightest case of the durability argument: the commit LSN is exactly where the last
   * successful fsync ended, and the failed fsync covered every byte above it. The restart must
   * write again from the commit LSN itself, not from a little above it.
   */
  @Test
  void walWhoseFsyncFailedRightFromTheCommitLsnIsWrittenAgainFromThere() throws Exception {
    Halted h = writeFailFsyncAndHalt(39, false);
    assertThat(h.commit()).as("the commit LSN ends the synced WAL").isEqualTo(h.synced());
    TimelineStorage.Opened restarted = reopen();
    assertThat(restarted.wal().flushLsn()).isEqualTo(h.end());
    restarted.storage().close();
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    TimelineStorage.Opened after = reopen();
    assertThat(after.wal().flushLsn()).as("the flush LSN the restarted acceptor reported").isEqualTo(h.end());
    assertThat(after.storage().wal().rawBytes(Lsn.ZERO, (int) h.end().value())).isEqualTo(h.wal());
  }

  /**
   * The simulator never crashes a node inside its own restart (a crash is armed only on a running
   * node, and a restart runs to its end at once), so this covers it: after a halt on a failed fsync,
   * the restart that rewrites and cuts the WAL dies before each of its mutating operations in turn,
   * by a kill or a power loss. Whatever happens, WAL the acceptor had fsynced (and acknowledged)
   * before the halt stays, and what the next complete restart reports survives a power loss.
   */
  @Property(tries = 20)
  void aCrashAnywhereInARestartAfterAFailedFsyncKeepsWhatWasAcknowledged(@ForAll long seed) throws Exception {
    boolean completed = false;
    for (int op = 0; !completed; op++) {
      assertThat(op).as("a restart does a bounded number of mutating operations").isLessThan(10_000);
      for (int kind = 0; kind < 3; kind++) { // 0: kill, 1: power loss, 2: power loss keeping a prefix of the pending work
        String what = "seed " + seed + ", crash before op " + op + ", kind " + kind;
        fs = new CrashableFileSystem();
        Halted h = writeFailFsyncAndHalt(30, true);
        fs.crashBefore(fs.mutatingOps() + op);
        Lsn reported = null;
        try {
          TimelineStorage.Opened o = reopen();
          reported = o.wal().flushLsn();
          o.storage().close();
          completed = true;
        } catch (CrashableFileSystem.CrashPoint expected) {
          // The restart died at op.
        }
        fs.crashBefore(-1);
        if (kind == 0) {
          fs.processCrash();
        } else {
          fs.crash(kind == 1 ? Loss.ALL_UNSYNCED : Loss.ANY_PREFIX, new Random(seed * 31 + op));
        }
        TimelineStorage.Opened next = reopen();
        Lsn flush = next.wal().flushLsn();
        assertThat(flush).as("%s: WAL fsynced before the halt", what).isGreaterThanOrEqualTo(h.synced());
        if (reported != null) {
          assertThat(flush).as("%s: the flush LSN the completed restart reported", what).isGreaterThanOrEqualTo(reported);
        }
        next.storage().close();
        fs.crash(Loss.ALL_UNSYNCED, new Random(seed));
        TimelineStorage.Opened last = reopen();
        assertThat(last.wal().flushLsn()).as("%s: what the next restart reported", what).isEqualTo(flush);
        assertThat(last.storage().wal().rawBytes(Lsn.ZERO, (int) flush.value()))
            .isEqualTo(java.util.Arrays.copyOf(h.wal(), (int) flush.value()));
      }
    }
  }

  /**
   * WAL below the durable commit LSN that does not read back makes the restart refuse the
   * timeline, and the restart changes nothing on disk: the scan reads the page cache, which after
   * a failed fsync (or a memory fault) can differ from the disk. Here a stray write damages a
   * committed record in the page cache only (its fsync fails, so the disk keeps the good bytes);
   * once the power cycles, the committed WAL reads back and the timeline opens again.
   */
  @Test
  void aRestartThatFindsCommittedWalDamagedCutsNothing() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    List<EncodedRecord> records = WalFixture.newStream(23).next(40);
    byte[] wal = WalFixture.bytes(records);
    Lsn commit = records.get(39).logged().endLsn();
    writeCommitted(s, wal, commit);
    Lsn damaged = records.get(10).logged().startLsn();
    s.wal().write(Lsn.of(damaged.value() + 4), new byte[] {0x5a, 0x5a, 0x5a, 0x5a});
    fs.failSyncsUnder(TimelineStorage.directoryOf(TT) + "/wal");
    assertThat(catchThrowableOfType(() -> s.wal().sync(), StorageException.class).kind()).isEqualTo(Kind.SYNC_FAILED);
    fs.failSyncsUnder(null);
    fs.processCrash();
    assertThat(catchThrowableOfType(this::reopen, CommittedWalLostException.class).getMessage())
        .contains("committed WAL is lost");
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    TimelineStorage.Opened o = reopen();
    assertThat(o.wal().flushLsn()).isEqualTo(commit);
    assertThat(o.storage().wal().rawBytes(Lsn.ZERO, wal.length)).isEqualTo(wal);
  }

  /** What {@link #writeFailFsyncAndHalt} left: the WAL, its synced prefix, the durable commit LSN. */
  record Halted(byte[] wal, Lsn synced, Lsn commit) {
    Lsn end() {
      return Lsn.of(wal.length);
    }
  }

  /**
   * Writes and syncs WAL over two segments, makes a commit LSN inside it durable, writes more WAL
   * over the next segments, fails its fsync (the acceptor halts on that) and kills the process.
   */
  private Halted writeFailFsyncAndHalt() throws Exception {
    return writeFailFsyncAndHalt(30, false);
  }

  /**
   * As {@link #writeFailFsyncAndHalt()}, with the durable commit LSN at the end of record {@code
   * commitRecord} of the 40 synced ones (39: exactly where the successful fsync ended, so the
   * failed one covers everything above the commit LSN), and, if {@code tornTail}, the first half of
   * one more record written after the rest (a tail the restart must cut).
   */
  private Halted writeFailFsyncAndHalt(int commitRecord, boolean tornTail) throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    WalFixture stream = WalFixture.newStream(17);
    List<EncodedRecord> first = stream.next(40);
    byte[] a = WalFixture.bytes(first);
    byte[] b = WalFixture.bytes(stream.next(40));
    assertThat(a.length).isGreaterThan(SMALL.segmentSizeBytes());
    assertThat(b.length).isGreaterThan(SMALL.segmentSizeBytes());
    Lsn commit = first.get(commitRecord).logged().endLsn();
    writeCommitted(s, a, commit);
    s.wal().write(Lsn.of(a.length), b);
    if (tornTail) {
      byte[] next = stream.next().bytes();
      s.wal().write(Lsn.of(a.length + b.length), java.util.Arrays.copyOf(next, next.length / 2));
    }
    fs.failSyncsUnder(TimelineStorage.directoryOf(TT) + "/wal");
    assertThat(catchThrowableOfType(() -> s.wal().sync(), StorageException.class).kind()).isEqualTo(Kind.SYNC_FAILED);
    fs.failSyncsUnder(null);
    fs.processCrash();
    return new Halted(concat(a, b), Lsn.of(a.length), commit);
  }

  /**
   * The control file after a failed fsync. The temporary file's fsync fails: nothing is renamed,
   * the restart finds the old file. The directory fsync after the rename fails: the restart finds
   * the new file, whose content was fsynced before the rename, and syncs the directory before
   * using it. Either way a power loss after the restart keeps what the restart found.
   */
  @Test
  void aControlFileFoundAfterAFailedControlFsyncIsDurable() throws Exception {
    ProtocolState old = ProtocolState.INITIAL.withTerm(Term.of(4));
    ProtocolState next = ProtocolState.INITIAL.withTerm(Term.of(5));
    String dir = TimelineStorage.directoryOf(TT);
    for (boolean directoryFails : new boolean[] {false, true}) {
      fs = new CrashableFileSystem();
      TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
      s.persistProtocolState(old);
      if (directoryFails) {
        fs.failDirectorySyncsUnder(dir);
      } else {
        fs.failSyncsUnder(dir + "/" + ControlFileStore.TEMP_FILE);
      }
      assertThat(catchThrowableOfType(() -> s.persistProtocolState(next), StorageException.class).kind())
          .isEqualTo(Kind.SYNC_FAILED);
      fs.failSyncsUnder(null);
      fs.failDirectorySyncsUnder(null);
      fs.processCrash();
      ProtocolState found = reopen().control().protocol();
      assertThat(found).as("directory fsync failed: %s", directoryFails).isEqualTo(directoryFails ? next : old);
      fs.crash(Loss.ALL_UNSYNCED, new Random(1));
      assertThat(reopen().control().protocol()).as("directory fsync failed: %s", directoryFails).isEqualTo(found);
    }
  }

  @Test
  void withoutTheDirectoryFsyncARenamedControlFileCanVanish() throws Exception {
    ProtocolState voted = ProtocolState.INITIAL.withTerm(Term.of(9));
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    s.persistProtocolState(voted);
    fs.crash(Loss.ALL_UNSYNCED, new Random(1));
    assertThat(reopen().control().protocol().term()).isEqualTo(Term.of(9));

    CrashableFileSystem broken = new CrashableFileSystem();
    TimelineStorage.create(broken, TT, SMALL, Mutants.NONE);
    TimelineStorage m = TimelineStorage.open(broken, TT, SMALL, Mutants.of(Mutant.SKIP_DIR_FSYNC)).storage();
    m.persistProtocolState(voted);
    broken.crash(Loss.ALL_UNSYNCED, new Random(1));
    // The promise of term 9 is gone after the crash: the mutant can vote again in a lower term.
    assertThat(TimelineStorage.open(broken, TT, SMALL, Mutants.NONE).control().protocol().term()).isEqualTo(Term.ZERO);
  }

  @Test
  void aControlFileThatFailsItsChecksumRefusesToOpen() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    s.persistProtocolState(ProtocolState.INITIAL.withTerm(Term.of(3)));
    String path = TimelineStorage.directoryOf(TT) + "/" + ControlFileStore.FILE;
    try (var h = fs.open(path)) {
      byte[] one = new byte[1];
      h.read(40, one, 0, 1);
      one[0] ^= 0x10;
      h.write(40, one);
    }
    StorageException e = catchThrowableOfType(this::reopen, StorageException.class);
    assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    assertThat(e.getMessage()).contains("checksum mismatch");
  }

  @Test
  void aShortOrForeignControlFileRefusesToOpen() throws Exception {
    TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    String path = TimelineStorage.directoryOf(TT) + "/" + ControlFileStore.FILE;
    try (var h = fs.open(path)) {
      h.truncate(50);
    }
    assertThat(catchThrowableOfType(this::reopen, StorageException.class).getMessage()).contains("shorter than its header");
    // A valid control file of another timeline placed in this one's directory.
    byte[] foreign = ControlFile.encode(ControlState.initial(TenantTimeline.of(1, 3)));
    try (var h = fs.open(path)) {
      h.truncate(0);
      h.write(0, foreign);
    }
    assertThat(catchThrowableOfType(this::reopen, StorageException.class).getMessage()).contains("names timeline");
  }

  @Test
  void walEndingBelowTheCommitLsnRefusesToOpen() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    byte[] wal = WalFixture.bytes(WalFixture.newStream(5).next(40));
    writeCommitted(s, wal, Lsn.of(wal.length));
    // A lost segment (a replaced or damaged disk) takes committed WAL with it.
    fs.delete(TimelineStorage.directoryOf(TT) + "/wal/" + untorn.core.wal.SegmentedWal.segmentFileName(SMALL.segmentStart(1)));
    StorageException e = catchThrowableOfType(this::reopen, StorageException.class);
    assertThat(e.kind()).isEqualTo(Kind.CORRUPT);
    assertThat(e.getMessage()).contains("committed WAL is lost");
  }

  @Test
  void aFullDiskLeavesNoPartOfTheFailedWriteBehind() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    WalFixture wal = WalFixture.newStream(11);
    byte[] first = WalFixture.bytes(wal.next(3));
    s.wal().write(Lsn.ZERO, first);
    s.wal().sync();
    byte[] big = WalFixture.bytes(wal.next(30));
    fs.setFreeBytes(SMALL.segmentSizeBytes());
    StorageException e = catchThrowableOfType(() -> s.wal().write(Lsn.of(first.length), big), StorageException.class);
    assertThat(e.kind()).isEqualTo(Kind.DISK_FULL);
    // Without a crash (the page cache keeps what was written), a reopen still ends at the old end.
    assertThat(s.wal().rawBytes(Lsn.of(first.length), 10)).isEmpty();
    assertThat(reopen().wal().flushLsn()).isEqualTo(Lsn.of(first.length));
  }

  @Test
  void aFailedFsyncIsReportedAsSuch() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    s.wal().write(Lsn.ZERO, WalFixture.bytes(WalFixture.newStream(1).next(2)));
    fs.failSyncsUnder(TimelineStorage.directoryOf(TT) + "/wal");
    assertThat(catchThrowableOfType(() -> s.wal().sync(), StorageException.class).kind()).isEqualTo(Kind.SYNC_FAILED);
  }

  @Property(tries = 60)
  void removalIsCrashSafeAtEveryStep(@ForAll long seed) throws Exception {
    for (int op = 0; op < 12; op++) {
      fs = new CrashableFileSystem();
      TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
      List<EncodedRecord> records = WalFixture.newStream(seed).next(60);
      byte[] wal = WalFixture.bytes(records);
      Lsn end = Lsn.of(wal.length);
      writeCommitted(s, wal, end);
      Lsn horizon = records.get(40).logged().endLsn();
      fs.crashBefore(fs.mutatingOps() + op);
      try {
        s.removeWalBelow(horizon, horizon, horizon);
      } catch (CrashableFileSystem.CrashPoint expected) {
        // Died mid-removal.
      }
      fs.crash(Loss.ANY_PREFIX, new Random(seed * 31 + op));
      TimelineStorage.Opened o = reopen();
      assertThat(o.wal().flushLsn()).as("seed %d op %d", seed, op).isEqualTo(end);
      assertThat(o.control().localStartLsn()).isIn(Lsn.ZERO, horizon);
      // Never a WAL start above the persisted LSN and peer horizon that allowed it.
      assertThat(o.control().protocol().persistedLsn()).isEqualTo(o.control().localStartLsn());
      assertThat(o.control().protocol().peerHorizonLsn()).isEqualTo(o.control().localStartLsn());
      assertThat(o.wal().lastRecordLsn()).isEqualTo(records.get(59).logged().startLsn());
    }
  }

  @Test
  void removalKeepsTheSegmentOfTheHorizonAndEverythingAbove() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    List<EncodedRecord> records = WalFixture.newStream(21).next(80);
    byte[] wal = WalFixture.bytes(records);
    writeCommitted(s, wal, Lsn.of(wal.length));
    Lsn horizon = records.get(50).logged().endLsn();
    Lsn persisted = records.get(60).logged().endLsn();
    int removed = s.removeWalBelow(horizon, persisted, Lsn.of(wal.length + 800));
    assertThat(removed).isEqualTo((int) SMALL.segmentNumber(horizon.value()));
    // The values the removal relied on are durable with it; a peer horizon is never recorded above
    // the commit LSN.
    assertThat(s.durableControl().localStartLsn()).isEqualTo(horizon);
    assertThat(s.durableControl().protocol().persistedLsn()).isEqualTo(persisted);
    assertThat(s.durableControl().protocol().peerHorizonLsn()).isEqualTo(Lsn.of(wal.length));
    assertThat(s.wal().rawBytes(Lsn.ZERO, 8)).isEmpty();
    Lsn keptFrom = Lsn.of(SMALL.segmentStart(SMALL.segmentNumber(horizon.value())));
    assertThat(s.wal().rawBytes(keptFrom, (int) (wal.length - keptFrom.value())))
        .isEqualTo(java.util.Arrays.copyOfRange(wal, (int) keptFrom.value(), wal.length));
    assertThat(s.wal().read(horizon, Lsn.of(wal.length), 1 << 20).end()).isEqualTo(Lsn.of(wal.length));
    assertThatThrownBy(() -> s.removeWalBelow(Lsn.of(wal.length + 8), Lsn.MAX, Lsn.MAX)).isInstanceOf(Error.class);
  }

  @Test
  void readsReturnWholeRecordsWithinTheLimits() throws Exception {
    TimelineStorage s = TimelineStorage.create(fs, TT, SMALL, Mutants.NONE);
    List<EncodedRecord> records = WalFixture.newStream(4).next(30);
    byte[] wal = WalFixture.bytes(records);
    s.wal().write(Lsn.ZERO, wal);
    s.wal().sync();
    TimelineWal.Read r = s.wal().read(Lsn.ZERO, Lsn.of(wal.length), 2000);
    assertThat(r.end().value()).isLessThanOrEqualTo(Math.max(2000, records.get(0).bytes().length));
    assertThat(records.stream().anyMatch(x -> x.logged().endLsn().equals(r.end()))).isTrue();
    Lsn upTo = records.get(10).logged().endLsn();
    assertThat(s.wal().read(Lsn.ZERO, upTo, 1 << 20).end()).isEqualTo(upTo);
    // Asking beyond the WAL end is damage, not a short read.
    assertThat(catchThrowableOfType(() -> s.wal().read(Lsn.ZERO, Lsn.of(wal.length + 64), 1 << 20), StorageException.class)
        .kind()).isEqualTo(Kind.CORRUPT);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Writes {@code wal} from LSN 0, fsyncs it and makes {@code commit} (term 1) durable. */
  private static void writeCommitted(TimelineStorage s, byte[] wal, Lsn commit) throws StorageException {
    s.wal().write(Lsn.ZERO, wal);
    s.wal().sync();
    s.persistProtocolState(ProtocolState.INITIAL.withTerm(Term.of(1)).withCommit(commit, Lsn.ZERO, Lsn.ZERO));
  }
}
