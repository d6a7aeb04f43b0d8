package untorn.core.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import untorn.core.Limits;
import untorn.core.types.Lsn;

/**
 * For any single corruption of a written WAL the reader returns exactly the records whose extent
 * lies before the damage, reports a stop reason that names the damage, and says valid WAL ends
 * where the last of those records ends.
 */
class WalCorruptionProperties {
  private static final EnumSet<WalStopReason> DAMAGE = EnumSet.of(
      WalStopReason.TORN_PAGE, WalStopReason.ZEROED_PAGE, WalStopReason.BAD_CRC, WalStopReason.BAD_PREV_LINK,
      WalStopReason.BAD_RECORD_HEADER, WalStopReason.ZERO_RECORD, WalStopReason.INCOMPLETE_RECORD);

  @Provide
  Arbitrary<List<WalRecord>> histories() {
    return WalArbitraries.histories();
  }

  private static InMemoryWal copyOf(byte[] bytes, Lsn base) {
    InMemoryWal w = new InMemoryWal(base);
    w.write(base, bytes);
    return w;
  }

  private static void assertPrefix(WalStream s, InMemoryWal damaged, long damageAt) {
    WalReader.Scan scan = WalReader.readAll(damaged, s.wal.base());
    assertThat(WalStream.contents(scan.records())).isEqualTo(s.intactBefore(damageAt));
    assertThat(scan.end().endOfValidWal()).isEqualTo(s.endOfIntactBefore(damageAt));
    // The reader's catch-all for unchecked exceptions must never be what stops it.
    assertThat(scan.end().detail()).doesNotStartWith("reader error");
  }

  @Property(tries = 2000)
  void aFlippedBitStopsTheReaderAtTheDamagedRecord(
      @ForAll("histories") List<WalRecord> records, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
      @ForAll @IntRange(min = 0, max = 7) int bit) {
    WalStream s = WalStream.of(records, Lsn.ZERO);
    byte[] bytes = s.bytes();
    int at = where % bytes.length;
    bytes[at] ^= (byte) (1 << bit);
    InMemoryWal damaged = copyOf(bytes, Lsn.ZERO);
    assertPrefix(s, damaged, at);
    assertThat(WalReader.readAll(damaged, Lsn.ZERO).end().reason()).isIn(DAMAGE);
  }

  @Property(tries = 2000)
  void aTruncatedWalReturnsEveryCompleteRecord(
      @ForAll("histories") List<WalRecord> records, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where) {
    WalStream s = WalStream.of(records, Lsn.ZERO);
    byte[] bytes = s.bytes();
    int keep = where % (bytes.length + 1);
    InMemoryWal damaged = copyOf(java.util.Arrays.copyOf(bytes, keep), Lsn.ZERO);
    assertPrefix(s, damaged, keep);
    WalStopReason reason = WalReader.readAll(damaged, Lsn.ZERO).end().reason();
    long end = s.endOfIntactBefore(keep).value();
    // A cut right after the page header that precedes the next record is still a clean end.
    boolean atBoundary = end == keep
        || (WalLayout.offsetInPage(end) == 0 && keep == end + WalFormat.PAGE_HEADER_BYTES);
    assertThat(reason).isEqualTo(atBoundary ? WalStopReason.END_OF_DATA : WalStopReason.INCOMPLETE_RECORD);
  }

  @Property(tries = 2000)
  void garbageAfterTheLastRecordIsNeverRead(
      @ForAll("histories") List<WalRecord> records, @ForAll long garbageSeed,
      @ForAll @IntRange(min = 1, max = 3 * Limits.WAL_PAGE_SIZE_BYTES) int garbageBytes) {
    WalStream s = WalStream.of(records, Lsn.ZERO);
    byte[] bytes = s.bytes();
    byte[] garbage = new byte[garbageBytes];
    new Random(garbageSeed).nextBytes(garbage);
    InMemoryWal damaged = copyOf(bytes, Lsn.ZERO);
    damaged.write(damaged.end(), garbage);
    assertPrefix(s, damaged, bytes.length);
    assertThat(WalReader.readAll(damaged, Lsn.ZERO).end().reason()).isIn(DAMAGE);
  }

  @Property(tries = 2000)
  void aZeroedPageStopsTheReaderThere(
      @ForAll("histories") List<WalRecord> records, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int which) {
    WalStream s = WalStream.of(records, Lsn.ZERO);
    byte[] bytes = s.bytes();
    int pages = (bytes.length + Limits.WAL_PAGE_SIZE_BYTES - 1) / Limits.WAL_PAGE_SIZE_BYTES;
    int from = (which % pages) * Limits.WAL_PAGE_SIZE_BYTES;
    java.util.Arrays.fill(bytes, from, Math.min(bytes.length, from + Limits.WAL_PAGE_SIZE_BYTES), (byte) 0);
    InMemoryWal damaged = copyOf(bytes, Lsn.ZERO);
    assertPrefix(s, damaged, from);
    assertThat(WalReader.readAll(damaged, Lsn.ZERO).end().reason()).isEqualTo(WalStopReason.ZEROED_PAGE);
  }

  @Property(tries = 1000)
  void aRecordFromAnotherHistoryFailsItsPrevLink(
      @ForAll("histories") List<WalRecord> records, @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int which) {
    WalStream s = WalStream.of(records, Lsn.ZERO);
    if (s.logged.size() < 2) {
      return;
    }
    // Re-encode record k at its own place but after a different predecessor: its bytes are
    // internally valid (checksum included), only the prev-link betrays it.
    int k = 1 + which % (s.logged.size() - 1);
    LoggedRecord victim = s.logged.get(k);
    Lsn wrongPrev = Lsn.of(s.logged.get(k - 1).startLsn().value() + 8);
    EncodedRecord stale = new WalEncoder(s.writeStarts.get(k), wrongPrev).encode(victim.record());
    InMemoryWal damaged = copyOf(s.bytes(), Lsn.ZERO);
    damaged.write(stale.writeStart(), stale.bytes());
    WalReader.Scan scan = WalReader.readAll(damaged, Lsn.ZERO);
    assertThat(WalStream.contents(scan.records())).isEqualTo(records.subList(0, k));
    assertThat(scan.end().reason()).isEqualTo(WalStopReason.BAD_PREV_LINK);
    assertThat(scan.end().stoppedAt()).isEqualTo(victim.startLsn());
  }

  @Property(tries = 3000)
  void arbitraryBytesNeverYieldARecordOrAnException(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 5 * Limits.WAL_PAGE_SIZE_BYTES) int length,
      @ForAll @IntRange(min = 0, max = 2) int flavour) {
    byte[] junk = new byte[length];
    Random random = new Random(seed);
    random.nextBytes(junk);
    if (flavour == 1 && length >= WalFormat.PAGE_HEADER_BYTES) {
      // A valid first page header followed by junk: the record parser itself faces the bytes.
      WalFormat.writePageHeader(junk, 0, 0, 0, 0);
    } else if (flavour == 2 && length >= 40) {
      // A plausible record length, too.
      WalFormat.writePageHeader(junk, 0, 0, 0, 0);
      untorn.core.Bytes.putI32(junk, 24, 24 + random.nextInt(Math.max(1, length - 24)));
    }
    WalReader.Scan scan = WalReader.readAll(copyOf(junk, Lsn.ZERO), Lsn.ZERO);
    assertThat(scan.records()).isEmpty();
    assertThat(scan.end()).isNotNull();
    assertThat(scan.end().detail()).doesNotStartWith("reader error");
  }
}
