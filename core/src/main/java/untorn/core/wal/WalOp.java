package untorn.core.wal;

/**
 * WalOp is the operation code of a WAL record (PostgreSQL's resource manager and info bits rolled
 * into one byte). Codes are part of the on-disk format: never renumber them.
 */
public enum WalOp {
  /** Initialize an empty slotted page (the block reference has will_init). */
  PAGE_INIT(1),
  /** Insert a tuple at a slot: block data is {@code u16 slot, tuple bytes}. */
  HEAP_INSERT(2),
  /** Replace the tuple at a slot: block data is {@code u16 slot, new tuple bytes}. */
  HEAP_UPDATE(3),
  /** Remove the tuple at a slot: block data is {@code u16 slot}. */
  HEAP_DELETE(4),
  /** Full-page images only (PostgreSQL's XLOG_FPI): every block reference carries an image. */
  FPI(5),
  /** Transaction commit; main data is the transaction's payload (xid, ...). No blocks. */
  COMMIT(6),
  /** Transaction abort. No blocks. */
  ABORT(7),
  /** Checkpoint marker; main data is free-form. No blocks. */
  CHECKPOINT(8),
  /** Opaque message that touches no page (logical messages, test payloads). */
  MESSAGE(9);

  private final int code;

  WalOp(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  private static final WalOp[] BY_CODE = new WalOp[16];

  static {
    for (WalOp op : values()) {
      BY_CODE[op.code] = op;
    }
  }

  /** The op of a code, or null if the code is unknown (a corrupt record). */
  public static WalOp ofCode(int code) {
    return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
  }

  /** Whether records of this op change pages (and so must carry block references). */
  public boolean touchesPages() {
    return this == PAGE_INIT || this == HEAP_INSERT || this == HEAP_UPDATE || this == HEAP_DELETE || this == FPI;
  }
}
