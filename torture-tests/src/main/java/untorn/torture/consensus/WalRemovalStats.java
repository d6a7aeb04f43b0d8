package untorn.torture.consensus;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.check.ConsensusChecker;
import untorn.safekeeper.node.SafekeeperNode;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.proto.RejectReason;
import untorn.sim.Simulation;

/**
 * WalRemovalStats follows WAL removal in a consensus run: it hands what the {@link SimPageserver}
 * made durable to the checker (the truth the acceptors' removals are checked against), counts the
 * persisted-LSN updates it sent, and, after every event, how far each safekeeper's WAL start moved
 * (bytes and whole segment files removed). Deterministic: it reads nodes in the given order.
 */
final class WalRemovalStats implements SimPageserver.Listener {
  private final ConsensusChecker checker;
  /** Per safekeeper, in the order observed: its WAL start at the last look. */
  private final Map<NodeId, Lsn> starts = new TreeMap<>();
  private long removals;
  private long removedBytes;
  private long removedSegments;
  private long updates;
  private long staleUpdates;
  private long persists;
  private long walRemovedRefusals;
  /** Per safekeeper: the incarnation last looked at, and its WAL_REMOVED refusals then. */
  private final Map<NodeId, SafekeeperNode> nodes = new TreeMap<>();
  private final Map<NodeId, Long> refusals = new TreeMap<>();

  WalRemovalStats(ConsensusChecker checker) {
    this.checker = checker;
  }

  @Override
  public void persisted(Lsn lsn) {
    persists++;
    checker.pageserverPersisted(lsn);
  }

  @Override
  public void reported(Lsn lsn, boolean stale) {
    updates++;
    if (stale) {
      staleUpdates++;
    }
  }

  /**
   * Looks at every safekeeper after an event: how far its WAL start moved, and whether it refused
   * to serve WAL it removed (to a peer or a proposer; the checker's rule says nobody needs it, so
   * only a stale request can meet such a refusal).
   */
  void observe(Simulation sim, List<NodeId> safekeepers, WalLayout layout) {
    for (NodeId sk : safekeepers) {
      SafekeeperNode n = sim.node(sk, SafekeeperNode.class);
      if (n != null) {
        long refused = n.rejected().getOrDefault(RejectReason.WAL_REMOVED, 0L);
        long before = nodes.get(sk) == n ? refusals.getOrDefault(sk, 0L) : 0L;
        walRemovedRefusals += refused - before;
        nodes.put(sk, n);
        refusals.put(sk, refused);
      }
      TimelineHost host = n == null ? null : n.timeline(ConsensusScenario.TIMELINE);
      if (host == null || host.acceptor() == null) {
        continue;
      }
      Lsn start = host.acceptor().localStartLsn();
      Lsn before = starts.getOrDefault(sk, Lsn.ZERO);
      if (start.isAfter(before)) {
        removals++;
        removedBytes += start.minus(before);
        removedSegments += layout.segmentNumber(start.value()) - layout.segmentNumber(before.value());
      }
      starts.put(sk, start); // Lower only on a new, empty timeline (a replaced disk bootstrapped again).
    }
  }

  /** The summary counters of the run. */
  Map<String, Long> counters() {
    Map<String, Long> out = new TreeMap<>();
    out.put("wal-removals", removals);
    out.put("wal-removed-bytes", removedBytes);
    out.put("wal-segments-removed", removedSegments);
    out.put("wal-removed-refusals", walRemovedRefusals);
    out.put("lagging-behind-a-removal-events", checker.laggingBehindRemovalEvents());
    out.put("lagging-behind-a-removal-bytes-max", checker.laggingBehindRemovalBytesMax());
    out.put("persisted-lsn-updates", updates);
    out.put("persisted-lsn-updates-stale", staleUpdates);
    out.put("pageserver-persists", persists);
    out.put("pageserver-persisted-bytes", checker.pageserverPersistedLsn().value());
    return out;
  }
}
