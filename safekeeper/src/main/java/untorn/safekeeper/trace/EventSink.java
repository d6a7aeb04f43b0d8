package untorn.safekeeper.trace;

/**
 * EventSink receives the protocol's {@link ProtocolEvent}s in the order they happen on one node.
 * The drivers call it; the protocol cores only put trace effects in their output, so the cores stay
 * pure. Implementations must not throw and must not call back into the protocol.
 */
@FunctionalInterface
public interface EventSink {
  EventSink NONE = event -> {};

  void emit(ProtocolEvent event);
}
