package untorn.core.page;

import untorn.core.Bytes;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalRecord;

/**
 * HeapRecords builds the WAL records of page operations, in the exact shape {@link Redo} reads:
 * per-block data is {@code u16 slot} followed by the tuple for inserts and updates.
 */
public final class HeapRecords {
  private HeapRecords() {}

  public static WalRecord init(PageKey key) {
    return WalRecord.of(WalOp.PAGE_INIT, new BlockRef(key, true, new byte[0], null));
  }

  public static WalRecord insert(PageKey key, int slot, byte[] tuple) {
    return WalRecord.of(WalOp.HEAP_INSERT, BlockRef.delta(key, slotAnd(slot, tuple)));
  }

  public static WalRecord update(PageKey key, int slot, byte[] tuple) {
    return WalRecord.of(WalOp.HEAP_UPDATE, BlockRef.delta(key, slotAnd(slot, tuple)));
  }

  public static WalRecord delete(PageKey key, int slot) {
    return WalRecord.of(WalOp.HEAP_DELETE, BlockRef.delta(key, slotAnd(slot, new byte[0])));
  }

  /**
   * The same change as {@code delta}, logged with a full-page image of the page as it is after
   * the change (what full_page_writes=on logs for the first change after a checkpoint).
   */
  public static WalRecord withImage(WalRecord delta, Page pageAfter) {
    BlockRef b = delta.blocks().get(0);
    return WalRecord.of(delta.op(), new BlockRef(b.key(), b.willInit(), b.data(), pageAfter.toBytes()));
  }

  /** A record carrying only a full-page image (PostgreSQL's XLOG_FPI). */
  public static WalRecord fpi(PageKey key, Page page) {
    return WalRecord.of(WalOp.FPI, new BlockRef(key, false, new byte[0], page.toBytes()));
  }

  static byte[] slotAnd(int slot, byte[] tuple) {
    if (slot < 0 || slot > 0xFFFF) {
      throw new IllegalArgumentException("slot " + slot);
    }
    byte[] data = new byte[2 + tuple.length];
    Bytes.putU16(data, 0, slot);
    System.arraycopy(tuple, 0, data, 2, tuple.length);
    return data;
  }
}
