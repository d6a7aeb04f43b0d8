package untorn.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.Limits;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;

/**
 * Damage that random bit flips rarely or never produce: every header bit flipped in turn, pages
 * and records whose checksums are valid but whose place or fields are wrong, records that are
 * checksummed yet malformed. Each case names the check that must catch it.
 */
class WalAdversarialTest {
  private static final int PAGE = Limits.WAL_PAGE_SIZE_BYTES;
  private static final EnumSet<WalStopReason> DAMAGE = EnumSet.of(
      WalStopReason.TORN_PAGE, WalStopReason.ZEROED_PAGE, WalStopReason.BAD_CRC, WalStopReason.BAD_PREV_LINK,
      WalStopReason.BAD_RECORD_HEADER, WalStopReason.ZERO_RECORD, WalStopReason.INCOMPLETE_RECORD);

  /** A stream of fixed shape: a record ending exactly at a page end, one spanning two page boundaries, small ones. */
  private static WalStream shapedStream() {
    List<WalRecord> records = new ArrayList<>();
    records.add(message(10, 1));
    records.add(WalRecord.of(WalOp.HEAP_INSERT, BlockRef.delta(PageKey.of(1, 2), new byte[] {0, 0, 7, 7, 7})));
    long position = WalStream.of(records, Lsn.ZERO).wal.end().value();
    // Fills page 0 exactly, so page 1 starts with a new record.
    records.add(message((int) (PAGE - position - WalFormat.RECORD_HEADER_BYTES), 2));
    // Spans pages 1, 2 and 3.
    records.add(message(2 * PAGE + 500, 3));
    records.add(message(0, 4));
    records.add(message(33, 5));
    WalStream s = WalStream.of(records, Lsn.ZERO);
    assertThat(s.logged.get(2).endLsn()).isEqualTo(Lsn.of(PAGE));
    assertThat(s.logged.get(3).endLsn().value()).isBetween(3L * PAGE, 4L * PAGE);
    return s;
  }

  private static WalRecord message(int size, int fill) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) fill);
    return WalRecord.message(b);
  }

  private static InMemoryWal copyOf(byte[] bytes) {
    InMemoryWal w = new InMemoryWal(Lsn.ZERO);
    w.write(Lsn.ZERO, bytes);
    return w;
  }

  /** Reads the damaged WAL and checks it returns exactly the records before {@code damageAt}. */
  private static WalReader.Scan assertPrefix(WalStream s, byte[] damaged, long damageAt) {
    WalReader.Scan scan = WalReader.readAll(copyOf(damaged), Lsn.ZERO);
    assertThat(WalStream.contents(scan.records())).isEqualTo(s.intactBefore(damageAt));
    assertThat(scan.end().endOfValidWal()).isEqualTo(s.endOfIntactBefore(damageAt));
    assertThat(scan.end().detail()).doesNotStartWith("reader error");
    return scan;
  }

  /** Seals a record's bytes with its checksum, as the writer does. */
  private static void seal(byte[] rec, long startLsn) {
    Bytes.putI32(rec, WalFormat.RECORD_CRC_OFFSET, WalFormat.recordChecksum(rec, startLsn));
  }

  /** Rewrites a page header with a valid checksum after {@code change} edits its fields. */
  private static void rewritePageHeader(byte[] bytes, int pageStart, Consumer<byte[]> change) {
    byte[] h = Arrays.copyOfRange(bytes, pageStart, pageStart + WalFormat.PAGE_HEADER_BYTES);
    change.accept(h);
    Bytes.putI32(h, 20, Crc32c.of(h, 0, 20));
    System.arraycopy(h, 0, bytes, pageStart, h.length);
  }

  @Test
  void everyBitOfEveryPageHeaderRecordHeaderAndPaddingByteIsChecked() {
    // Random flips hit the 4 CRC bytes of a page header about once in 2,000 tries; here every
    // bit of every header and of all padding is flipped in turn.
    WalStream s = shapedStream();
    byte[] clean = s.bytes();
    List<Integer> positions = new ArrayList<>();
    for (int page = 0; page < clean.length; page += PAGE) {
      for (int i = 0; i < WalFormat.PAGE_HEADER_BYTES; i++) {
        positions.add(page + i);
      }
    }
    for (LoggedRecord r : s.logged) {
      int start = (int) r.startLsn().value();
      for (int i = 0; i < WalFormat.RECORD_HEADER_BYTES; i++) {
        positions.add(start + i + (WalLayout.offsetInPage(start) + i >= PAGE ? WalFormat.PAGE_HEADER_BYTES : 0));
      }
      int end = (int) r.endLsn().value();
      for (int p = end - 1; p >= start && clean[p] == 0 && WalLayout.offsetInPage(p) >= WalFormat.PAGE_HEADER_BYTES
          && end - p <= Limits.WAL_ALIGN_BYTES; p--) {
        positions.add(p);
      }
    }
    for (int at : positions) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bytes = clean.clone();
        bytes[at] ^= (byte) (1 << bit);
        WalReader.Scan scan = assertPrefix(s, bytes, at);
        assertThat(scan.end().reason()).as("bit %d of byte %d", bit, at).isIn(DAMAGE);
      }
    }
  }

  @Test
  void aPageWrittenToTheWrongPlaceIsCaughtByItsAddress() {
    WalStream s = shapedStream();
    byte[] clean = s.bytes();
    int pages = (clean.length + PAGE - 1) / PAGE;
    for (int from = 0; from < pages; from++) {
      for (int to = 0; to < pages; to++) {
        if (from == to) {
          continue;
        }
        byte[] bytes = clean.clone();
        int n = Math.min(PAGE, Math.min(clean.length - from * PAGE, clean.length - to * PAGE));
        System.arraycopy(clean, from * PAGE, bytes, to * PAGE, n);
        WalReader.Scan scan = assertPrefix(s, bytes, (long) to * PAGE);
        assertThat(scan.end().reason()).isEqualTo(WalStopReason.TORN_PAGE);
        assertThat(scan.end().stoppedAt()).isEqualTo(Lsn.of((long) to * PAGE));
        assertThat(scan.end().detail()).contains("page address");
      }
    }
  }

  @Test
  void aPageHeaderWithAValidChecksumButWrongFieldsIsRefused() {
    WalStream s = shapedStream();
    byte[] clean = s.bytes();
    // Page 1 starts a record (page 0 ends with one); pages 2 and 3 continue the spanning record.
    List<Object[]> cases = List.of(
        new Object[] {PAGE, "another format's magic", (Consumer<byte[]>) h -> Bytes.putI32(h, 0, 0x57544E56)},
        new Object[] {PAGE, "version 2", (Consumer<byte[]>) h -> Bytes.putU16(h, 4, 2)},
        new Object[] {PAGE, "unknown flag", (Consumer<byte[]>) h -> Bytes.putU16(h, 6, 0x2)},
        new Object[] {PAGE, "continuation where a record starts", (Consumer<byte[]>) h -> Bytes.putU16(h, 6, 1)},
        new Object[] {PAGE, "remaining length where a record starts", (Consumer<byte[]>) h -> Bytes.putI32(h, 16, 8)},
        new Object[] {2 * PAGE, "continuation flag cleared", (Consumer<byte[]>) h -> Bytes.putU16(h, 6, 0)},
        new Object[] {2 * PAGE, "remaining length 8 too long",
            (Consumer<byte[]>) h -> Bytes.putI32(h, 16, Bytes.getI32(h, 16) + 8)},
        new Object[] {3 * PAGE, "remaining length 8 too short",
            (Consumer<byte[]>) h -> Bytes.putI32(h, 16, Bytes.getI32(h, 16) - 8)});
    for (Object[] c : cases) {
      int page = (Integer) c[0];
      byte[] bytes = clean.clone();
      @SuppressWarnings("unchecked")
      Consumer<byte[]> change = (Consumer<byte[]>) c[2];
      rewritePageHeader(bytes, page, change);
      WalReader.Scan scan = WalReader.readAll(copyOf(bytes), Lsn.ZERO);
      long damageAt = page == PAGE ? PAGE : s.logged.get(3).startLsn().value();
      assertThat(WalStream.contents(scan.records())).as((String) c[1]).isEqualTo(s.intactBefore(damageAt));
      assertThat(scan.end().reason()).as((String) c[1]).isEqualTo(WalStopReason.TORN_PAGE);
      assertThat(scan.end().stoppedAt()).as((String) c[1]).isEqualTo(Lsn.of(page));
    }
  }

  @Test
  void readingFromAPageStartInsideARecordReturnsNothingEvenIfTheBytesThereLookLikeARecord() {
    // A record's payload that, after the next page header, holds a complete valid record: only
    // the continuation flag of that page tells a reader started there that it is mid-record.
    WalEncoder encoder = WalEncoder.newStream();
    InMemoryWal wal = new InMemoryWal(Lsn.ZERO);
    wal.append(encoder.encode(message(100, 1)));
    long start = encoder.position().value();
    int firstPart = PAGE - WalLayout.offsetInPage(start) - WalFormat.RECORD_HEADER_BYTES;
    long innerStart = WalLayout.pageStart(start) + PAGE + WalFormat.PAGE_HEADER_BYTES;
    byte[] inner = WalFormat.encodeRecord(message(40, 9), 0, innerStart);
    byte[] payload = new byte[firstPart + inner.length + 64];
    System.arraycopy(inner, 0, payload, firstPart, inner.length);
    EncodedRecord outer = encoder.encode(WalRecord.message(payload));
    wal.append(outer);
    assertThat(outer.logged().startLsn().value()).isEqualTo(start);

    WalReader reader = new WalReader(wal, Lsn.of(innerStart - WalFormat.PAGE_HEADER_BYTES));
    assertThat(reader.next()).isNull();
    assertThat(reader.end().reason()).isEqualTo(WalStopReason.TORN_PAGE);
    assertThat(WalReader.readAll(wal, Lsn.ZERO).records()).hasSize(2);
  }

  /** The first record of {@link #recordsToPatch()}: a checksummed record at 0/18. */
  private static WalStream recordsToPatch() {
    return WalStream.of(List.of(
        new WalRecord(WalOp.HEAP_INSERT, List.of(BlockRef.delta(PageKey.of(3, 4), new byte[] {1, 0, 5, 5})), new byte[] {6, 6}),
        message(20, 7)), Lsn.ZERO);
  }

  private static WalReader.Scan readPatched(Consumer<byte[]> patch) {
    WalStream s = recordsToPatch();
    byte[] bytes = s.bytes();
    LoggedRecord first = s.logged.get(0);
    int at = (int) first.startLsn().value();
    byte[] rec = Arrays.copyOfRange(bytes, at, at + first.sizeBytes());
    patch.accept(rec);
    seal(rec, at);
    System.arraycopy(rec, 0, bytes, at, rec.length);
    return WalReader.readAll(copyOf(bytes), Lsn.ZERO);
  }

  @Test
  void checksummedButMalformedRecordsStopTheReaderWithATypedReason() {
    // Header at 0, block header at 24 (relation, block, flags, 0, data length, image length, 0),
    // block data at 40, main data at 44.
    List<Object[]> cases = List.of(
        new Object[] {"unknown op", (Consumer<byte[]>) r -> Bytes.putU8(r, 16, 0)},
        new Object[] {"op beyond the table", (Consumer<byte[]>) r -> Bytes.putU8(r, 16, 200)},
        new Object[] {"record flags", (Consumer<byte[]>) r -> Bytes.putU8(r, 17, 1)},
        new Object[] {"too many blocks", (Consumer<byte[]>) r -> Bytes.putU16(r, 18, Limits.WAL_BLOCKS_PER_RECORD_MAX + 1)},
        new Object[] {"a block header past the record", (Consumer<byte[]>) r -> Bytes.putU16(r, 18, 2)},
        new Object[] {"block count lowered", (Consumer<byte[]>) r -> Bytes.putU16(r, 18, 0)},
        new Object[] {"main data too long", (Consumer<byte[]>) r -> Bytes.putI32(r, 20, 3)},
        new Object[] {"main data too short", (Consumer<byte[]>) r -> Bytes.putI32(r, 20, 1)},
        new Object[] {"main data over the limit", (Consumer<byte[]>) r -> Bytes.putI32(r, 20, -1)},
        new Object[] {"negative relation", (Consumer<byte[]>) r -> Bytes.putI32(r, 24, -3)},
        new Object[] {"negative block", (Consumer<byte[]>) r -> Bytes.putI32(r, 28, -4)},
        new Object[] {"unknown block flag", (Consumer<byte[]>) r -> Bytes.putU8(r, 32, 0x4)},
        new Object[] {"reserved block byte", (Consumer<byte[]>) r -> Bytes.putU8(r, 33, 1)},
        new Object[] {"reserved block u16", (Consumer<byte[]>) r -> Bytes.putU16(r, 38, 1)},
        new Object[] {"has_image without an image", (Consumer<byte[]>) r -> Bytes.putU8(r, 32, 0x1)},
        new Object[] {"an image without has_image", (Consumer<byte[]>) r -> Bytes.putU16(r, 36, Limits.PAGE_SIZE_BYTES)},
        new Object[] {"image of the wrong size", (Consumer<byte[]>) r -> {
          Bytes.putU8(r, 32, 0x1);
          Bytes.putU16(r, 36, 2);
        }},
        new Object[] {"block data past the record", (Consumer<byte[]>) r -> Bytes.putU16(r, 34, 100)},
        new Object[] {"block data and image past the record", (Consumer<byte[]>) r -> {
          Bytes.putU8(r, 32, 0x1);
          Bytes.putU16(r, 34, 100);
          Bytes.putU16(r, 36, Limits.PAGE_SIZE_BYTES);
        }},
        new Object[] {"a MESSAGE with a block", (Consumer<byte[]>) r -> Bytes.putU8(r, 16, WalOp.MESSAGE.code())},
        new Object[] {"an FPI block without an image", (Consumer<byte[]>) r -> Bytes.putU8(r, 16, WalOp.FPI.code())});
    for (Object[] c : cases) {
      @SuppressWarnings("unchecked")
      WalReader.Scan scan = readPatched((Consumer<byte[]>) c[1]);
      assertThat(scan.records()).as((String) c[0]).isEmpty();
      assertThat(scan.end().reason()).as((String) c[0]).isEqualTo(WalStopReason.BAD_RECORD_BODY);
      assertThat(scan.end().stoppedAt()).isEqualTo(Lsn.of(WalFormat.PAGE_HEADER_BYTES));
      assertThat(scan.end().detail()).as((String) c[0]).doesNotStartWith("reader error");
    }
    // The unpatched record is fine: the cases above fail for their patch alone.
    assertThat(readPatched(r -> {}).records()).hasSize(2);
    // An unknown op on a record without blocks, where no other check could object.
    for (int op : new int[] {0, 10, 15, 255}) {
      WalStream m = WalStream.of(List.of(message(20, 7)), Lsn.ZERO);
      byte[] bytes = m.bytes();
      int at = (int) m.logged.get(0).startLsn().value();
      byte[] rec = Arrays.copyOfRange(bytes, at, at + m.logged.get(0).sizeBytes());
      Bytes.putU8(rec, 16, op);
      seal(rec, at);
      System.arraycopy(rec, 0, bytes, at, rec.length);
      WalReader.Scan scan = WalReader.readAll(copyOf(bytes), Lsn.ZERO);
      assertThat(scan.records()).as("op %d", op).isEmpty();
      assertThat(scan.end().reason()).as("op %d", op).isEqualTo(WalStopReason.BAD_RECORD_BODY);
    }
  }

  @Test
  void aPrevLinkThatDoesNotPointBackwardsIsRefusedWithoutAnExpectedPrev() {
    for (long prev : new long[] {WalFormat.PAGE_HEADER_BYTES, 0x1000, -8}) {
      WalReader.Scan scan = readPatched(r -> Bytes.putI64(r, 8, prev));
      assertThat(scan.records()).isEmpty();
      assertThat(scan.end().reason()).isEqualTo(WalStopReason.BAD_PREV_LINK);
    }
  }

  @Test
  void aRecordCopiedToAnotherLsnFailsItsChecksumEvenWhereReadingStartsAtIt() {
    // Two records of equal size, each within one page: copy the first's bytes over the second.
    WalStream s = WalStream.of(List.of(message(100, 1), message(100, 2), message(100, 3)), Lsn.ZERO);
    LoggedRecord source = s.logged.get(0);
    LoggedRecord target = s.logged.get(2);
    byte[] bytes = s.bytes();
    System.arraycopy(bytes, (int) source.startLsn().value(), bytes, (int) target.startLsn().value(), source.sizeBytes());
    InMemoryWal damaged = copyOf(bytes);
    // Sequential reading has the prev-link to check; reading from the record itself has only the checksum.
    WalReader.Scan scan = WalReader.readAll(damaged, Lsn.ZERO);
    assertThat(scan.records()).containsExactly(s.logged.get(0), s.logged.get(1));
    assertThat(scan.end().reason()).isIn(WalStopReason.BAD_CRC, WalStopReason.BAD_PREV_LINK);
    WalReader reader = new WalReader(damaged, target.startLsn());
    assertThat(reader.next()).isNull();
    assertThat(reader.end().reason()).isEqualTo(WalStopReason.BAD_CRC);
  }

  @Test
  void implausibleRecordLengthsAreInvalidHeadersNotIncompleteRecords() {
    WalStream s = recordsToPatch();
    int at = (int) s.logged.get(0).startLsn().value();
    // Length 0 over a header that is not all zeros is damage, not the clean end of a preallocated file.
    for (long length : new long[] {0, 4, WalFormat.RECORD_HEADER_BYTES - 1, Limits.WAL_RECORD_BYTES_MAX + 1L, 0xFFFF_FFF8L}) {
      byte[] bytes = s.bytes();
      Bytes.putI32(bytes, at, (int) length);
      WalReader.Scan scan = WalReader.readAll(copyOf(bytes), Lsn.ZERO);
      assertThat(scan.records()).as("length %d", length).isEmpty();
      assertThat(scan.end().reason()).as("length %d", length).isEqualTo(WalStopReason.BAD_RECORD_HEADER);
      assertThat(scan.end().reason().clean()).isFalse();
    }
    // A plausible length that runs past the data is a record still being written.
    byte[] bytes = s.bytes();
    Bytes.putI32(bytes, at, Limits.WAL_RECORD_BYTES_MAX);
    assertThat(WalReader.readAll(copyOf(bytes), Lsn.ZERO).end().reason()).isEqualTo(WalStopReason.INCOMPLETE_RECORD);
  }
}
