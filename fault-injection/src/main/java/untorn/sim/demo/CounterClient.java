package untorn.sim.demo;

import java.util.List;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.types.NodeId;

/**
 * CounterClient commits 1, 2, 3, ... one at a time: it sends {@code INC n} to every replica and
 * counts n committed once a majority acknowledged it (one ack in the {@code COMMIT_ON_MINORITY}
 * variant), then moves to n+1. A timer resends {@code INC n} when a tick passes without progress.
 * It also remembers the highest value each replica acknowledged: the checkers' evidence of what
 * replicas promised.
 */
public final class CounterClient implements Node {
  private static final long RESEND_MILLIS = 20;

  private final List<NodeId> replicas;
  private final int quorum;
  private final long[] maxAcked;
  private NodeContext ctx;
  private long next = 1;
  private long committed;
  private int acks; // bit per replica that acked {@code next}
  private boolean progressed;

  public CounterClient(List<NodeId> replicas, CounterVariant variant) {
    this.replicas = List.copyOf(replicas);
    this.quorum = variant == CounterVariant.COMMIT_ON_MINORITY ? 1 : replicas.size() / 2 + 1;
    this.maxAcked = new long[replicas.size()];
  }

  /** The highest value committed so far. */
  public long committed() {
    return committed;
  }

  /** The highest value {@code replica} acknowledged. */
  public long maxAckedBy(NodeId replica) {
    return maxAcked[replicas.indexOf(replica)];
  }

  @Override
  public void start(NodeContext context) {
    this.ctx = context;
    broadcast();
    ctx.timers().schedule(RESEND_MILLIS, "resend");
  }

  @Override
  public void onMessage(NodeId from, byte[] message) {
    long n = CounterMessages.decode(CounterMessages.ACK, message);
    int i = replicas.indexOf(from);
    if (n < 0 || i < 0) {
      return;
    }
    maxAcked[i] = Math.max(maxAcked[i], n);
    if (n != next) {
      return;
    }
    acks |= 1 << i;
    if (Integer.bitCount(acks) >= quorum) {
      committed = next;
      next++;
      acks = 0;
      progressed = true;
      broadcast();
    }
  }

  @Override
  public void onTimer(long timerId, Object tag) {
    if (!progressed) {
      broadcast();
    }
    progressed = false;
    ctx.timers().schedule(RESEND_MILLIS, "resend");
  }

  private void broadcast() {
    for (NodeId r : replicas) {
      ctx.transport().send(r, CounterMessages.encode(CounterMessages.INC, next));
    }
  }
}
