package untorn.safekeeper.acceptor;

import java.util.List;
import java.util.Objects;
import untorn.core.types.NodeId;
import untorn.core.wal.WalLayout;

/**
 * AcceptorConfig holds an acceptor's tunables. {@code peers} are the other acceptors of the
 * timeline (for peer recovery), which asks every {@code peerRecoveryIntervalTicks} once no
 * proposer has sent WAL for {@code peerRecoveryQuietTicks}. Safety never depends on them.
 */
public record AcceptorConfig(WalLayout layout, List<NodeId> peers, int peerRecoveryIntervalTicks,
    int peerRecoveryQuietTicks) {
  public AcceptorConfig {
    Objects.requireNonNull(layout, "layout");
    peers = List.copyOf(peers);
    if (peerRecoveryIntervalTicks < 1 || peerRecoveryQuietTicks < 0) {
      throw new IllegalArgumentException("bad acceptor config");
    }
    if (peers.size() + 1 > untorn.safekeeper.Limits.ACCEPTORS_MAX) {
      throw new IllegalArgumentException(peers.size() + " peers exceed the acceptor bound");
    }
  }

  public static AcceptorConfig defaults(WalLayout layout, List<NodeId> peers) {
    return new AcceptorConfig(layout, peers, 5, 10);
  }
}
