package untorn.pageserver.timeline;

import untorn.core.types.Lsn;
import untorn.core.wal.WalSource;

/**
 * WalProvider gives access to a timeline's committed WAL still held elsewhere (by the
 * safekeepers), for rebuilding a damaged layer file. In tests an {@link InMemoryWalProvider}
 * backs it; the end-to-end join reads it from a safekeeper.
 */
public interface WalProvider {
  /** The lowest LSN from which WAL can be read: a record boundary. */
  Lsn startLsn();

  /** The end of the WAL held (exclusive). */
  Lsn endLsn();

  /** The WAL stream; reads outside [startLsn, endLsn) return no bytes. */
  WalSource source();
}
