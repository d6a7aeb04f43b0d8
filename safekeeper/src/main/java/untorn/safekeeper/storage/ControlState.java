package untorn.safekeeper.storage;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.wal.WalLayout;

/**
 * ControlState is the whole content of an acceptor's control file: which timeline, the {@link
 * ProtocolState}, and where the WAL kept on disk begins: {@code localStartLsn} is a record
 * boundary (everything below it was removed) and {@code localStartPrevLsn} the start of the record
 * that ends there, so that the restart scan checks the prev-link chain from its first record.
 */
public record ControlState(TenantTimeline timeline, ProtocolState protocol, Lsn localStartLsn, Lsn localStartPrevLsn) {
  public ControlState {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(localStartLsn, "localStartLsn");
    Objects.requireNonNull(localStartPrevLsn, "localStartPrevLsn");
    if (WalLayout.align(localStartLsn.value()) != localStartLsn.value()) {
      throw new IllegalArgumentException("local start " + localStartLsn + " is not a record boundary");
    }
    if (!(localStartPrevLsn.isBefore(localStartLsn) || localStartPrevLsn.equals(Lsn.ZERO))) {
      throw new IllegalArgumentException("local start prev-link " + localStartPrevLsn + " not before " + localStartLsn);
    }
    if (localStartLsn.isAfter(protocol.commitLsn())) {
      throw new IllegalArgumentException("WAL removed up to " + localStartLsn + ", above the commit LSN " + protocol.commitLsn());
    }
  }

  public static ControlState initial(TenantTimeline timeline) {
    return new ControlState(timeline, ProtocolState.INITIAL, Lsn.ZERO, Lsn.ZERO);
  }

  public ControlState withProtocol(ProtocolState p) {
    return new ControlState(timeline, p, localStartLsn, localStartPrevLsn);
  }
}
