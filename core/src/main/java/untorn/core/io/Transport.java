package untorn.core.io;

import untorn.core.types.NodeId;

/**
 * Transport sends messages to other nodes. Delivery is best effort: a message may be lost,
 * duplicated, delayed or reordered, and a connection may be reset (the receiver then gets
 * {@link Node#onDisconnect}). Protocols must be safe under all of that; they are live only once a
 * majority is connected.
 *
 * <p>Messages are opaque, self-checking byte strings: the protocol encodes them (with length,
 * version and CRC32C) and decodes them defensively, because garbage can arrive.
 */
public interface Transport {
  /** Maximum size of one message; a larger one is a bug of the sender. */
  int MAX_MESSAGE_BYTES = 4 << 20;

  /** Queues {@code message} for {@code to}; returns at once and never blocks on the network. */
  void send(NodeId to, byte[] message);
}
