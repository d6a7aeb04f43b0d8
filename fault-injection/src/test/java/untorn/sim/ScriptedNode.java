package untorn.sim;

import java.nio.charset.StandardCharsets;
import java.util.List;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.types.NodeId;

/**
 * ScriptedNode is a test node whose handlers are lambdas; it appends what it sees to a shared log
 * as "time node event" lines, with the node's own clock readings, so tests can assert on order
 * and timing.
 */
final class ScriptedNode implements Node {
  interface Handler {
    void handle(ScriptedNode self, NodeId from, String text) throws Exception;
  }

  final List<String> log;
  final Handler onStart;
  final Handler onMessage;
  final Handler onTimer;
  NodeContext ctx;

  ScriptedNode(List<String> log, Handler onStart, Handler onMessage, Handler onTimer) {
    this.log = log;
    this.onStart = onStart;
    this.onMessage = onMessage;
    this.onTimer = onTimer;
  }

  static ScriptedNode quiet(List<String> log) {
    return new ScriptedNode(log, (s, f, t) -> {}, (s, f, t) -> {}, (s, f, t) -> {});
  }

  void send(String to, String text) {
    ctx.transport().send(NodeId.of(to), text.getBytes(StandardCharsets.UTF_8));
  }

  void note(String event) {
    log.add(ctx.clock().monotonicNanos() / 1000 + "us " + ctx.self() + " " + event);
  }

  private void run(Handler h, NodeId from, String text) {
    try {
      h.handle(this, from, text);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @Override
  public void start(NodeContext context) {
    this.ctx = context;
    log.add(ctx.self() + " start");
    run(onStart, null, null);
  }

  @Override
  public void onMessage(NodeId from, byte[] message) {
    String text = new String(message, StandardCharsets.UTF_8);
    log.add(ctx.self() + " <- " + from + " " + text);
    run(onMessage, from, text);
  }

  @Override
  public void onTimer(long timerId, Object tag) {
    log.add(ctx.self() + " timer " + tag);
    run(onTimer, null, String.valueOf(tag));
  }

  @Override
  public void onDisconnect(NodeId peer) {
    log.add(ctx.self() + " disconnected " + peer);
  }
}
