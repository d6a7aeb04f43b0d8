package untorn.safekeeper.storage;

import untorn.core.io.StorageException;
import untorn.core.types.Lsn;

/**
 * CommittedWalLostException says a timeline's valid WAL ends below its durable commit LSN: WAL this
 * acceptor knew was committed is gone from its disk (a lost write, rot, a replaced segment, or a
 * bug that acknowledged before fsync). The timeline refuses to start: serving on would break the
 * quorum's promise. A checker treats it as a durability violation.
 */
public final class CommittedWalLostException extends StorageException {
  private static final long serialVersionUID = 1L;

  public CommittedWalLostException(String path, Lsn walEnd, Lsn commitLsn, String why) {
    super(Kind.CORRUPT, path, "valid WAL ends at " + walEnd + " (" + why + "), below the commit LSN " + commitLsn
        + ": committed WAL is lost");
  }
}
