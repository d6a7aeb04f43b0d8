package untorn.core.wal;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import untorn.core.Limits;
import untorn.core.types.PageKey;

/** jqwik generators of WAL records: sizes from empty to several WAL pages. */
final class WalArbitraries {
  private WalArbitraries() {}

  /**
   * Byte arrays whose length shrinks; contents come from a seeded generator, because generating
   * (and shrinking) kilobytes byte by byte makes thousands of tries slow and contents rarely matter.
   */
  static Arbitrary<byte[]> bytes(int maxLength) {
    return Combinators.combine(Arbitraries.integers().between(0, maxLength), Arbitraries.longs())
        .as((length, seed) -> {
          byte[] b = new byte[length];
          new java.util.SplittableRandom(seed).nextBytes(b);
          return b;
        });
  }

  /** Mostly small payloads, sometimes a few pages' worth (to cross page and segment boundaries). */
  static Arbitrary<byte[]> payload() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, bytes(64)),
        Tuple.of(3, bytes(3000)),
        Tuple.of(1, bytes(3 * Limits.WAL_PAGE_SIZE_BYTES)));
  }

  static Arbitrary<PageKey> keys() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 50)).as(PageKey::of);
  }

  static Arbitrary<BlockRef> blocks() {
    Arbitrary<byte[]> image = Arbitraries.longs().map(seed -> {
      byte[] b = new byte[Limits.PAGE_SIZE_BYTES];
      new java.util.SplittableRandom(seed).nextBytes(b);
      return b;
    });
    return Combinators.combine(keys(), Arbitraries.of(true, false), bytes(200), image.injectNull(0.8))
        .as(BlockRef::new);
  }

  static Arbitrary<WalRecord> records() {
    Arbitrary<WalRecord> pageRecords = Combinators.combine(
            Arbitraries.of(WalOp.PAGE_INIT, WalOp.HEAP_INSERT, WalOp.HEAP_UPDATE, WalOp.HEAP_DELETE),
            blocks().list().ofMinSize(0).ofMaxSize(3),
            bytes(100))
        .as(WalRecord::new);
    Arbitrary<WalRecord> messages = Combinators.combine(
            Arbitraries.of(WalOp.MESSAGE, WalOp.COMMIT, WalOp.ABORT, WalOp.CHECKPOINT), payload())
        .as((op, data) -> new WalRecord(op, List.of(), data));
    return Arbitraries.frequencyOf(Tuple.of(1, pageRecords), Tuple.of(2, messages));
  }

  static Arbitrary<List<WalRecord>> histories() {
    return records().list().ofMinSize(1).ofMaxSize(40);
  }
}
