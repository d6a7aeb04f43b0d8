package untorn.core.io;

/**
 * Node is a process of the system as seen by its runtime: an event handler that receives its
 * start, messages, timers and disconnects one at a time, on one thread. The same Node code runs
 * on real I/O (sockets, files) and inside the deterministic simulator.
 *
 * <p>A node keeps no state across a crash except what it stored through {@link FileSystem} and
 * synced: the runtime throws the object away and builds a new one, whose {@link #start} must
 * rebuild everything from disk.
 */
public interface Node {
  /** Called once per incarnation, before any other event. */
  void start(NodeContext context);

  void onMessage(untorn.core.types.NodeId from, byte[] message);

  void onTimer(long timerId, Object tag);

  /** The connection to {@code peer} was reset: messages in flight on it are gone. */
  default void onDisconnect(untorn.core.types.NodeId peer) {}
}
