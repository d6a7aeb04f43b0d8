package untorn.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import untorn.core.Limits;
import untorn.core.io.MemoryFileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;

/** Write then read returns exactly what was written, wherever the stream starts and however it is stored. */
class WalRoundTripProperties {
  @Provide
  Arbitrary<Lsn> starts() {
    long page = Limits.WAL_PAGE_SIZE_BYTES;
    long segment = Limits.WAL_SEGMENT_SIZE_BYTES;
    return Arbitraries.oneOf(
        Arbitraries.just(Lsn.ZERO),
        Arbitraries.longs().between(1, 1000).map(n -> Lsn.of(n * page - 8)),
        Arbitraries.longs().between(1, 1000).map(n -> Lsn.of(n * segment - 24)),
        Arbitraries.longs().between(0, 1L << 40).map(n -> Lsn.of(WalLayout.align(n))),
        // Near the top of the LSN space: unsigned arithmetic must hold up.
        Arbitraries.longs().between(1, 1000).map(n -> Lsn.of(-(1L << 32) + n * 8)));
  }

  @Provide
  Arbitrary<List<WalRecord>> histories() {
    return WalArbitraries.histories();
  }

  @Property(tries = 300)
  void readReturnsExactlyWhatWasWritten(@ForAll("histories") List<WalRecord> records, @ForAll("starts") Lsn start) {
    WalStream s = WalStream.of(records, start);
    WalReader.Scan scan = WalReader.readAll(s.wal, start);
    assertThat(scan.records()).isEqualTo(s.logged);
    assertThat(scan.end().reason()).isEqualTo(WalStopReason.END_OF_DATA);
    assertThat(scan.end().endOfValidWal()).isEqualTo(s.wal.end());
    for (int i = 0; i < s.logged.size(); i++) {
      LoggedRecord r = s.logged.get(i);
      assertThat(r.prevLsn()).isEqualTo(i == 0 ? Lsn.ZERO : s.logged.get(i - 1).startLsn());
      assertThat(r.endLsn().value() % Limits.WAL_ALIGN_BYTES).isZero();
      if (i > 0) {
        // Only the stream's first record may start where no page header precedes it.
        assertThat(WalLayout.offsetInPage(r.startLsn().value())).isGreaterThanOrEqualTo(WalFormat.PAGE_HEADER_BYTES);
      }
    }
  }

  @Property(tries = 200)
  void readingMayStartAtAnyRecord(@ForAll("histories") List<WalRecord> records, @ForAll("starts") Lsn start) {
    WalStream s = WalStream.of(records, start);
    for (int i = 0; i < s.logged.size(); i++) {
      // From the record's own start LSN, and from the boundary before its page header.
      for (Lsn from : List.of(s.logged.get(i).startLsn(), s.writeStarts.get(i))) {
        WalReader reader = new WalReader(s.wal, from, s.logged.get(i).prevLsn());
        for (int j = i; j < s.logged.size(); j++) {
          assertThat(reader.next()).isEqualTo(s.logged.get(j));
        }
        assertThat(reader.next()).isNull();
        assertThat(reader.end().reason()).isEqualTo(WalStopReason.END_OF_DATA);
      }
    }
  }

  @Property(tries = 200)
  void segmentFilesRoundTrip(@ForAll("histories") List<WalRecord> records) throws StorageException {
    // Two-page segments: most records cross a segment boundary.
    WalLayout layout = new WalLayout(Limits.WAL_SEGMENT_SIZE_BYTES_MIN);
    MemoryFileSystem fs = new MemoryFileSystem();
    SegmentedWal wal = new SegmentedWal(fs, "wal", layout);
    WalWriter writer = WalWriter.create(wal);
    List<LoggedRecord> written = new java.util.ArrayList<>();
    for (WalRecord r : records) {
      written.add(writer.append(r));
    }
    writer.sync();
    WalReader.Scan scan = WalReader.readAll(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
    assertThat(scan.records()).isEqualTo(written);
    assertThat(scan.end().endOfValidWal()).isEqualTo(writer.position());
    assertThat(wal.segments()).hasSize((int) layout.segmentNumber(writer.position().value() - 1) + 1);
  }

  @Property(tries = 200)
  void aGrowingSourceIsReadAsBytesArrive(
      @ForAll("histories") List<WalRecord> records, @ForAll("chunks") List<Integer> chunkSizes) {
    WalStream s = WalStream.of(records, Lsn.ZERO);
    byte[] all = s.bytes();
    InMemoryWal growing = new InMemoryWal(Lsn.ZERO);
    WalReader reader = new WalReader(growing, Lsn.ZERO);
    List<LoggedRecord> read = new java.util.ArrayList<>();
    int offset = 0;
    int chunk = 0;
    while (true) {
      for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
        read.add(r);
      }
      assertThat(reader.end().reason()).isIn(WalStopReason.END_OF_DATA, WalStopReason.INCOMPLETE_RECORD);
      if (offset == all.length) {
        break;
      }
      int n = Math.min(all.length - offset, chunkSizes.get(chunk++ % chunkSizes.size()));
      growing.write(growing.end(), all, offset, n);
      offset += n;
    }
    assertThat(read).isEqualTo(s.logged);
  }

  @Provide
  Arbitrary<List<Integer>> chunks() {
    return Arbitraries.integers().between(1, 3 * Limits.WAL_PAGE_SIZE_BYTES).list().ofMinSize(1).ofMaxSize(10);
  }
}
