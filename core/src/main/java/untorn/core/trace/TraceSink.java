package untorn.core.trace;

/**
 * TraceSink receives the protocol's {@link TraceEvent}s as they happen. The protocol code calls
 * {@link #emit} at the points each event's javadoc names; production runs use {@link #NONE}.
 *
 * <p>{@code emit} must not throw for a well-formed event and must not block on I/O the protocol
 * waits for: a sink that writes a file buffers, or records in memory and writes at the end.
 */
@FunctionalInterface
public interface TraceSink {
  /** Discards every event: what the protocol uses when nobody validates its trace. */
  TraceSink NONE = event -> {};

  void emit(TraceEvent event);
}
