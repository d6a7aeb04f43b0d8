package untorn.core.wal;

import untorn.core.types.Lsn;

/**
 * WalEnd is where and why a {@link WalReader} stopped. {@code endOfValidWal} is the end of the
 * last valid record read (or the reader's start): where a writer would continue. {@code
 * stoppedAt} is the stream position of the problem.
 */
public record WalEnd(WalStopReason reason, Lsn endOfValidWal, Lsn stoppedAt, String detail) {
  @Override
  public String toString() {
    return reason.description() + " at " + stoppedAt + (detail.isEmpty() ? "" : " (" + detail + ")")
        + "; valid WAL ends at " + endOfValidWal;
  }
}
