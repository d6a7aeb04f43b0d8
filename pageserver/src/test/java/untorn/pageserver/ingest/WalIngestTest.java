package untorn.pageserver.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.workload.SyntheticWal;

class WalIngestTest {
  static List<LoggedRecord> drain(WalIngest in) throws PageserverException {
    List<LoggedRecord> out = new ArrayList<>();
    for (List<IngestedRecord> b = in.decode(7); !b.isEmpty(); b = in.decode(7)) {
      b.forEach(r -> out.add(r.logged()));
    }
    return out;
  }

  @Property(tries = 30)
  void anyChunkingDecodesTheSameRecords(@ForAll long seed) throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), seed);
    gen.generate(300);
    WalIngest in = new WalIngest(Lsn.ZERO, null);
    SplittableRandom r = new SplittableRandom(seed);
    List<LoggedRecord> got = new ArrayList<>();
    Lsn at = Lsn.ZERO;
    while (at.isBefore(gen.endLsn())) {
      long n = Math.min(gen.endLsn().minus(at), 1 + r.nextInt(r.nextBoolean() ? 50 : 20000));
      in.receive(at, gen.wal().bytes(at, at.plus(n)));
      at = at.plus(n);
      got.addAll(drain(in));
    }
    assertThat(got).isEqualTo(gen.records());
    assertThat(in.lastRecordLsn()).isEqualTo(gen.endLsn());
    assertThat(in.bufferedBytes()).isZero();
  }

  @Test
  void aGapIsRefusedAndAnIdenticalResendIsAccepted() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 3);
    gen.generate(50);
    WalIngest in = new WalIngest(Lsn.ZERO, null);
    byte[] all = gen.wal().bytes(Lsn.ZERO, gen.endLsn());
    in.receive(Lsn.ZERO, java.util.Arrays.copyOf(all, 1000));
    assertThatThrownBy(() -> in.receive(Lsn.of(1001), new byte[] {1}))
        .isInstanceOfSatisfying(PageserverException.class, e -> assertThat(e.kind()).isEqualTo(PageserverException.Kind.WAL_GAP));
    in.receive(Lsn.of(500), java.util.Arrays.copyOfRange(all, 500, all.length));
    assertThat(drain(in)).isEqualTo(gen.records());
    byte[] changed = java.util.Arrays.copyOfRange(all, 100, 200);
    changed[5] ^= 1;
    assertThatThrownBy(() -> in.receive(Lsn.of(100), changed))
        .isInstanceOfSatisfying(PageserverException.class, e -> assertThat(e.kind()).isEqualTo(PageserverException.Kind.WAL_CORRUPT));
  }

  @Test
  void damagedWalStopsIngestAtTheDamageUntilRestart() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 4);
    gen.generate(100);
    LoggedRecord victim = gen.records().get(60);
    byte[] all = gen.wal().bytes(Lsn.ZERO, gen.endLsn());
    byte[] bad = all.clone();
    bad[(int) victim.startLsn().value() + 30] ^= 0x10;
    WalIngest in = new WalIngest(Lsn.ZERO, null);
    in.receive(Lsn.ZERO, bad);
    List<LoggedRecord> before = in.decode(1000).stream().map(IngestedRecord::logged).toList();
    assertThat(before).as("every record before the damage, none after").isEqualTo(gen.records().subList(0, 60));
    assertThatThrownBy(() -> in.decode(10))
        .isInstanceOfSatisfying(PageserverException.class, e -> assertThat(e.kind()).isEqualTo(PageserverException.Kind.WAL_CORRUPT));
    assertThat(in.lastRecordLsn()).isEqualTo(gen.records().get(59).endLsn());
    in.restart();
    Lsn from = in.lastRecordLsn();
    in.receive(from, java.util.Arrays.copyOfRange(all, (int) from.value(), all.length));
    assertThat(drain(in)).isEqualTo(gen.records().subList(60, 100));
  }

  @Test
  void aRecordTouchingAPageTwiceGivesOneVersionAsRedoAppliesItOnce() throws Exception {
    PageKey k = PageKey.of(1, 1);
    WalEncoder enc = WalEncoder.newStream();
    InMemoryWal wal = new InMemoryWal(Lsn.ZERO);
    wal.append(enc.encode(WalRecord.of(WalOp.PAGE_INIT, new BlockRef(k, true, new byte[0], null))));
    byte[] slot0 = {0, 0, 7};
    byte[] slot1 = {1, 0, 8};
    wal.append(enc.encode(WalRecord.of(WalOp.HEAP_INSERT, BlockRef.delta(k, slot0), BlockRef.delta(k, slot1),
        BlockRef.delta(PageKey.of(1, 2), slot0))));
    WalIngest in = new WalIngest(Lsn.ZERO, null);
    in.receive(Lsn.ZERO, wal.bytes(Lsn.ZERO, wal.end()));
    List<IngestedRecord> rs = in.decode(10);
    assertThat(rs).hasSize(2);
    assertThat(rs.get(1).versions()).extracting(v -> v.key()).containsExactly(k, PageKey.of(1, 2));
  }

  @Test
  void resumingChecksThePrevLink() throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small(), 5);
    gen.generate(20);
    LoggedRecord r10 = gen.records().get(9);
    WalIngest wrongPrev = new WalIngest(r10.endLsn(), Lsn.of(8));
    wrongPrev.receive(r10.endLsn(), gen.wal().bytes(r10.endLsn(), gen.endLsn()));
    assertThatThrownBy(() -> wrongPrev.decode(10)).isInstanceOf(PageserverException.class);
    WalIngest right = new WalIngest(r10.endLsn(), r10.startLsn());
    right.receive(r10.endLsn(), gen.wal().bytes(r10.endLsn(), gen.endLsn()));
    assertThat(drain(right)).isEqualTo(gen.records().subList(10, 20));
  }
}
