package untorn.safekeeper.node;

import untorn.core.types.NodeId;
import untorn.safekeeper.proto.Message;

/** Outbox takes the messages a protocol step sends; the node encodes and transports them. */
@FunctionalInterface
public interface Outbox {
  void send(NodeId to, Message message);
}
