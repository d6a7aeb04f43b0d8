package untorn.core.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.Limits;
import untorn.core.io.MemoryFileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;

class WalWriterTest {
  private final WalLayout layout = new WalLayout(Limits.WAL_SEGMENT_SIZE_BYTES_MIN);
  private final MemoryFileSystem fs = new MemoryFileSystem();

  private static WalRecord message(int size, int fill) {
    byte[] b = new byte[size];
    java.util.Arrays.fill(b, (byte) fill);
    return WalRecord.message(b);
  }

  @Test
  void appendingAfterATornTailCutsTheTailSoStaleRecordsNeverReappear() throws StorageException {
    SegmentedWal wal = new SegmentedWal(fs, "wal", layout);
    WalWriter writer = WalWriter.create(wal);
    LoggedRecord a = writer.append(message(5000, 1));
    LoggedRecord b = writer.append(message(5000, 2));
    LoggedRecord c = writer.append(message(5000, 3));
    writer.sync();
    // B is torn (a sector of it never reached the disk); C is intact and links to B's start.
    byte[] zeros = new byte[512];
    wal.write(Lsn.of(b.startLsn().value() + 1024), zeros);
    wal.sync();

    WalWriter reopened = WalWriter.openForAppend(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
    assertThat(reopened.recoveredEnd().reason()).isEqualTo(WalStopReason.BAD_CRC);
    assertThat(reopened.position()).isEqualTo(a.endLsn());
    // A new record of B's exact size lands where B was; C's prev-link would match it.
    LoggedRecord b2 = reopened.append(message(5000, 4));
    reopened.sync();
    assertThat(b2.startLsn()).isEqualTo(b.startLsn());
    assertThat(b2.endLsn()).isEqualTo(c.startLsn().value() % Limits.WAL_PAGE_SIZE_BYTES == WalFormat.PAGE_HEADER_BYTES
        ? Lsn.of(c.startLsn().value() - WalFormat.PAGE_HEADER_BYTES) : c.startLsn());

    WalReader.Scan scan = WalReader.readAll(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
    assertThat(scan.records()).containsExactly(a, b2);
    assertThat(scan.end().reason()).isEqualTo(WalStopReason.END_OF_DATA);
  }

  @Test
  void reopeningACleanWalContinuesWhereItEnded() throws StorageException {
    WalWriter writer = WalWriter.create(new SegmentedWal(fs, "wal", layout));
    List<LoggedRecord> all = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(writer.append(message(i * 700, i)));
    }
    writer.sync();
    WalWriter again = WalWriter.openForAppend(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
    assertThat(again.recoveredEnd().reason()).isEqualTo(WalStopReason.END_OF_DATA);
    assertThat(again.position()).isEqualTo(writer.position());
    assertThat(again.prevLsn()).isEqualTo(all.get(19).startLsn());
    all.add(again.append(message(100, 99)));
    again.sync();
    assertThat(WalReader.readAll(new SegmentedWal(fs, "wal", layout), Lsn.ZERO).records()).isEqualTo(all);
  }

  @Test
  void reopeningAtARecordBoundaryInsideTheStreamKeepsThePrevLinkChain() throws StorageException {
    WalWriter writer = WalWriter.create(new SegmentedWal(fs, "wal", layout));
    List<LoggedRecord> all = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      all.add(writer.append(message(3000, i)));
    }
    writer.sync();
    // Reopen at the end of the last record: nothing follows, so the next record must link to
    // the last one, which only the caller knows.
    LoggedRecord last = all.get(5);
    WalWriter again = WalWriter.openForAppend(new SegmentedWal(fs, "wal", layout), last.endLsn(), last.startLsn());
    assertThat(again.recoveredEnd().reason()).isEqualTo(WalStopReason.END_OF_DATA);
    all.add(again.append(message(100, 9)));
    again.sync();
    assertThat(all.get(6).prevLsn()).isEqualTo(last.startLsn());
    assertThat(WalReader.readAll(new SegmentedWal(fs, "wal", layout), Lsn.ZERO).records()).isEqualTo(all);
    // Without the prev-link of the record before start, opening mid-stream is refused.
    LoggedRecord third = all.get(2);
    assertThatThrownBy(() -> WalWriter.openForAppend(new SegmentedWal(fs, "wal", layout), third.startLsn()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void removingOldSegmentsKeepsEverythingAtOrAboveTheHorizon() throws StorageException {
    SegmentedWal wal = new SegmentedWal(fs, "wal", layout);
    WalWriter writer = WalWriter.create(wal);
    List<LoggedRecord> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(writer.append(message(3000, i)));
    }
    writer.sync();
    LoggedRecord keepFrom = all.get(15);
    int removed = wal.removeSegmentsBefore(keepFrom.startLsn());
    assertThat(removed).isGreaterThan(0);
    WalReader reader = new WalReader(new SegmentedWal(fs, "wal", layout), keepFrom.startLsn(), keepFrom.prevLsn());
    for (int i = 15; i < 30; i++) {
      assertThat(reader.next()).isEqualTo(all.get(i));
    }
    // Reading below the horizon finds nothing rather than something wrong.
    WalReader old = new WalReader(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
    assertThat(old.next()).isNull();
    assertThat(old.end().reason()).isEqualTo(WalStopReason.END_OF_DATA);
  }

  @Test
  void segmentFilesHoldExactlyTheStreamBytesAndReadsMayCrossSegments() throws StorageException {
    SegmentedWal wal = new SegmentedWal(fs, "wal", layout);
    WalWriter writer = WalWriter.create(wal);
    InMemoryWal expected = new InMemoryWal(Lsn.ZERO);
    WalEncoder encoder = WalEncoder.newStream();
    for (int i = 0; i < 30; i++) {
      writer.append(message(i * 311, i));
      expected.append(encoder.encode(message(i * 311, i)));
    }
    writer.sync();
    int length = (int) writer.position().value();
    assertThat(length).isGreaterThan(4 * layout.segmentSizeBytes());
    // One read over the whole stream, across every segment boundary.
    byte[] all = new byte[length + 100];
    assertThat(new SegmentedWal(fs, "wal", layout).read(0, all, 0, all.length)).isEqualTo(length);
    assertThat(java.util.Arrays.copyOf(all, length)).isEqualTo(expected.bytes(Lsn.ZERO, expected.end()));
  }

  @Test
  void truncationRemovesEveryByteAtAndAfterThePoint() throws StorageException {
    SegmentedWal wal = new SegmentedWal(fs, "wal", layout);
    WalWriter writer = WalWriter.create(wal);
    List<LoggedRecord> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(writer.append(message(3000, i)));
    }
    writer.sync();
    // Cut inside a segment with at least two whole segments after it.
    LoggedRecord last = all.get(9);
    long cut = last.endLsn().value();
    assertThat(layout.segmentNumber(writer.position().value())).isGreaterThan(layout.segmentNumber(cut) + 2);
    wal.truncate(last.endLsn());
    assertThat(wal.segments()).hasSize((int) layout.segmentNumber(cut - 1) + 1);
    byte[] probe = new byte[4 * layout.segmentSizeBytes()];
    assertThat(new SegmentedWal(fs, "wal", layout).read(cut, probe, 0, probe.length)).isZero();
    WalReader.Scan scan = WalReader.readAll(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
    assertThat(scan.records()).isEqualTo(all.subList(0, 10));
    assertThat(scan.end().reason()).isEqualTo(WalStopReason.END_OF_DATA);
  }

  @Test
  void creatingAWalOverExistingSegmentsIsRefused() throws StorageException {
    WalWriter w = WalWriter.create(new SegmentedWal(fs, "wal", layout));
    w.append(message(10, 1));
    w.sync();
    assertThatThrownBy(() -> WalWriter.create(new SegmentedWal(fs, "wal", layout)))
        .isInstanceOf(StorageException.class)
        .extracting(e -> ((StorageException) e).kind())
        .isEqualTo(StorageException.Kind.ALREADY_EXISTS);
  }
}
