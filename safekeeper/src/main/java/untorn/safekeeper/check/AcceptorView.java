package untorn.safekeeper.check;

import untorn.core.types.Lsn;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.storage.ControlState;

/**
 * AcceptorView is how a checker sees one acceptor's timeline: its protocol state and the WAL bytes
 * it holds, read without going through the node's own storage ports (a checker must neither
 * inject faults nor count as the node's I/O). The unit harness reads its test file system; the
 * torture suite reads the simulated disk's inspection methods.
 */
public interface AcceptorView {
  /** The acceptor, or null while the node is down or the timeline is broken or absent. */
  Acceptor acceptor();

  /** WAL stream bytes [from, to) as the node sees them; fewer where its files end. */
  byte[] wal(Lsn from, Lsn to);

  /** Why the timeline refused to start because WAL it knew committed is gone, or null. */
  default String lostCommittedWal() {
    return null;
  }

  /**
   * The control file a restart would load now (read from the disk, not from the process), or null
   * if there is none or it cannot be read; the checker then skips its checks of the durable WAL
   * start.
   */
  default ControlState durableControl() {
    return null;
  }
}
