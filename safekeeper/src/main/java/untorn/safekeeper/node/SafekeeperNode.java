package untorn.safekeeper.node;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.MessageCodec;
import untorn.safekeeper.proto.MessageDecodeException;
import untorn.safekeeper.proto.ProposerMessage;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.storage.TimelineStorage;
import untorn.core.trace.TraceSink;

/**
 * SafekeeperNode is a safekeeper process as a {@link Node}: it hosts one {@link TimelineHost} per
 * (tenant, timeline) found on its disk, decodes every message defensively, routes it to its
 * timeline, and ticks every timeline on a timer. It holds no state across a crash but its disk: a
 * restarted node is a new object whose {@link #start} rebuilds every timeline from disk only.
 * Sockets are the runtime's business; the same object runs on real I/O and in the simulator.
 *
 * <p>Bad input never changes state: undecodable bytes are counted and dropped (there is no
 * trustworthy timeline or sender to answer), a message for a timeline this node does not host is
 * answered with {@link RejectReason#UNKNOWN_TIMELINE}, and each timeline answers its own typed
 * rejections. A failed fsync throws {@link SafekeeperHalt} out of the handler.
 */
public final class SafekeeperNode implements Node {
  private static final Object TICK = "safekeeper-tick";

  private final SafekeeperConfig config;
  private final TraceSink sink;
  private final Map<TenantTimeline, TimelineHost> timelines = new TreeMap<>();
  private final EnumMap<MessageDecodeException.Kind, Long> undecodable = new EnumMap<>(MessageDecodeException.Kind.class);
  private final EnumMap<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
  private NodeContext context;

  public SafekeeperNode(SafekeeperConfig config, TraceSink sink) {
    this.config = config;
    this.sink = sink;
  }

  @Override
  public void start(NodeContext ctx) {
    this.context = ctx;
    try {
      for (TenantTimeline tt : TimelineStorage.list(ctx.fileSystem())) {
        timelines.put(tt, TimelineHost.open(ctx.self(), tt, ctx.fileSystem(), config.acceptorConfig(), config.mutants(), sink));
      }
      for (TenantTimeline tt : config.bootstrapTimelines()) {
        TimelineHost found = timelines.get(tt);
        // Absent, or a creation that died before its control file: (re)create it.
        if (found == null || found.neverCreated()) {
          timelines.put(tt, TimelineHost.create(ctx.self(), tt, ctx.fileSystem(), config.acceptorConfig(), config.mutants(),
              sink));
        }
      }
    } catch (StorageException e) {
      throw new SafekeeperHalt("safekeeper " + ctx.self() + " cannot start: " + e.getMessage(), e);
    }
    if (timelines.size() > Limits.TIMELINES_PER_NODE_MAX) {
      throw new SafekeeperHalt(timelines.size() + " timelines exceed " + Limits.TIMELINES_PER_NODE_MAX, null);
    }
    ctx.timers().schedule(config.tickMillis(), TICK);
  }

  @Override
  public void onMessage(NodeId from, byte[] bytes) {
    Message m;
    try {
      m = MessageCodec.decode(bytes);
    } catch (MessageDecodeException e) {
      undecodable.merge(e.kind(), 1L, Long::sum);
      return;
    }
    TimelineHost host = timelines.get(m.timeline());
    if (host == null) {
      count(RejectReason.UNKNOWN_TIMELINE);
      if (m instanceof ProposerMessage) {
        send(from, Reject.of(m.timeline(), Term.ZERO, RejectReason.UNKNOWN_TIMELINE, Lsn.ZERO,
            "safekeeper " + context.self() + " does not host " + m.timeline()));
      }
      return;
    }
    Acceptor.Step step = host.deliver(from, m, this::send);
    if (!step.accepted()) {
      count(step.rejected());
    }
  }

  @Override
  public void onTimer(long timerId, Object tag) {
    if (tag != TICK) {
      return;
    }
    for (TimelineHost h : timelines.values()) {
      h.tick(this::send);
    }
    context.timers().schedule(config.tickMillis(), TICK);
  }

  private void send(NodeId to, Message m) {
    context.transport().send(to, MessageCodec.encode(m));
  }

  private void count(RejectReason r) {
    rejected.merge(r, 1L, Long::sum);
  }

  // ---- read-only views for tests and checkers ----

  /** The host of a timeline, or null. */
  public TimelineHost timeline(TenantTimeline tt) {
    return timelines.get(tt);
  }

  public Map<TenantTimeline, TimelineHost> timelines() {
    return java.util.Collections.unmodifiableMap(timelines);
  }

  /** Messages dropped because they did not decode, by reason. */
  public Map<MessageDecodeException.Kind, Long> undecodable() {
    return java.util.Collections.unmodifiableMap(undecodable);
  }

  /** Inputs refused, by reason. */
  public Map<RejectReason, Long> rejected() {
    return java.util.Collections.unmodifiableMap(rejected);
  }
}
