package untorn.safekeeper.acceptor;

import java.util.List;
import java.util.Objects;
import untorn.core.types.NodeId;
import untorn.core.wal.WalLayout;

/**
 * AcceptorConfig holds an acceptor's tunables. {@code peers} are the other acceptors of the
 * timeline (for peer recovery). The commit LSN is persisted once it is {@code commitPersistBytes}
 * ahead of the durable one, and at every tick otherwise; only the durable commit LSN is ever
 * reported, so it never goes back, even across a crash. Peer recovery asks every {@code
 * peerRecoveryIntervalTicks} once no proposer has sent WAL for {@code peerRecoveryQuietTicks}.
 */
public record AcceptorConfig(WalLayout layout, List<NodeId> peers, long commitPersistBytes, int peerRecoveryIntervalTicks,
    int peerRecoveryQuietTicks) {
  public AcceptorConfig {
    Objects.requireNonNull(layout, "layout");
    peers = List.copyOf(peers);
    if (commitPersistBytes < 0 || peerRecoveryIntervalTicks < 1 || peerRecoveryQuietTicks < 0) {
      throw new IllegalArgumentException("bad acceptor config");
    }
    if (peers.size() + 1 > untorn.safekeeper.Limits.ACCEPTORS_MAX) {
      throw new IllegalArgumentException(peers.size() + " peers exceed the acceptor bound");
    }
  }

  public static AcceptorConfig defaults(WalLayout layout, List<NodeId> peers) {
    return new AcceptorConfig(layout, peers, 1 << 20, 5, 10);
  }

  public AcceptorConfig withCommitPersistBytes(long bytes) {
    return new AcceptorConfig(layout, peers, bytes, peerRecoveryIntervalTicks, peerRecoveryQuietTicks);
  }
}
