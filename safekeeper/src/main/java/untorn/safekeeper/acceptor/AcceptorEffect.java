package untorn.safekeeper.acceptor;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.storage.ProtocolState;
import untorn.core.trace.TraceEvent;

/**
 * AcceptorEffect is one thing the driver must do for an acceptor, in list order: storage effects
 * first, then the messages and events that depend on them. If a storage effect fails, the driver
 * does none of the later effects of the step (nothing that depended on it is said) and rebuilds the
 * acceptor from disk.
 */
public sealed interface AcceptorEffect {
  /** Make the protocol state durable (control file write, fsync, rename, directory fsync). */
  record PersistState(ProtocolState state) implements AcceptorEffect {}

  /** Write WAL stream bytes at {@code beginLsn}; volatile until a {@link SyncWal}. */
  record WriteWal(Lsn beginLsn, byte[] bytes) implements AcceptorEffect {
    @Override
    public String toString() {
      return "WriteWal[" + beginLsn + " +" + bytes.length + "B]";
    }
  }

  /** fsync the WAL: every earlier write is durable when it returns. */
  record SyncWal() implements AcceptorEffect {}

  /** Durably remove every WAL byte at and after {@code lsn}. */
  record TruncateWal(Lsn lsn) implements AcceptorEffect {}

  /**
   * Durably move the WAL start to {@code horizon}, recording in the same control-file write the
   * pageserver's persisted LSN and the peer horizon that allowed it, then delete the segments
   * below it.
   */
  record RemoveWal(Lsn horizon, Lsn persistedLsn, Lsn peerHorizonLsn) implements AcceptorEffect {}

  /** Send a message. */
  record Send(NodeId to, Message message) implements AcceptorEffect {
    public Send {
      Objects.requireNonNull(to);
      Objects.requireNonNull(message);
    }
  }

  /**
   * Read whole records [{@code fromLsn}, at most {@code upToLsn}) of at most {@code maxBytes}
   * from the WAL and send them to {@code to} in {@code template}, a {@code WalChunk} or {@code
   * PeerRecoveryResponse} with no WAL bytes yet.
   */
  record SendWal(NodeId to, Message template, Lsn fromLsn, Lsn upToLsn, int maxBytes) implements AcceptorEffect {}

  /** Hand an event to the trace sink. */
  record Emit(TraceEvent event) implements AcceptorEffect {}

  /** Whether the effect changes the disk (the others send, read or trace). */
  static boolean changesDisk(AcceptorEffect e) {
    return e instanceof PersistState || e instanceof WriteWal || e instanceof SyncWal || e instanceof TruncateWal
        || e instanceof RemoveWal;
  }
}
