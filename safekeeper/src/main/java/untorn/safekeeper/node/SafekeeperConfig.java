package untorn.safekeeper.node;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.acceptor.AcceptorConfig;

/**
 * SafekeeperConfig configures one safekeeper process. {@code peers} are the other safekeepers of
 * its group (every timeline it hosts has the same group). {@code bootstrapTimelines} are created
 * empty at start if the disk does not hold them (or holds only a creation that died before its
 * control file): pass them until the node's first start has completed, and never after. A node
 * restarted on a replaced, empty disk must not re-create its timelines, or it would vote as an
 * acceptor that forgot its promises; it answers {@code UNKNOWN_TIMELINE} instead, until an
 * operator re-seeds it.
 */
public record SafekeeperConfig(List<NodeId> peers, WalLayout layout, Set<TenantTimeline> bootstrapTimelines,
    long tickMillis, int peerRecoveryIntervalTicks, int peerRecoveryQuietTicks, Mutants mutants) {
  public SafekeeperConfig {
    peers = List.copyOf(peers);
    Objects.requireNonNull(layout);
    bootstrapTimelines = Set.copyOf(bootstrapTimelines);
    Objects.requireNonNull(mutants);
    if (tickMillis < 1 || bootstrapTimelines.size() > Limits.TIMELINES_PER_NODE_MAX) {
      throw new IllegalArgumentException("bad safekeeper config");
    }
  }

  public static SafekeeperConfig of(List<NodeId> peers, Set<TenantTimeline> bootstrapTimelines) {
    return new SafekeeperConfig(peers, WalLayout.DEFAULT, bootstrapTimelines, 100, 5, 10, Mutants.NONE);
  }

  public SafekeeperConfig withLayout(WalLayout l) {
    return new SafekeeperConfig(peers, l, bootstrapTimelines, tickMillis, peerRecoveryIntervalTicks,
        peerRecoveryQuietTicks, mutants);
  }

  public SafekeeperConfig withMutants(Mutants m) {
    return new SafekeeperConfig(peers, layout, bootstrapTimelines, tickMillis, peerRecoveryIntervalTicks,
        peerRecoveryQuietTicks, m);
  }

  /** The same node after its first start: it creates no timeline any more. */
  public SafekeeperConfig withoutBootstrap() {
    return new SafekeeperConfig(peers, layout, Set.of(), tickMillis, peerRecoveryIntervalTicks,
        peerRecoveryQuietTicks, mutants);
  }

  AcceptorConfig acceptorConfig() {
    return new AcceptorConfig(layout, peers, peerRecoveryIntervalTicks, peerRecoveryQuietTicks);
  }
}
