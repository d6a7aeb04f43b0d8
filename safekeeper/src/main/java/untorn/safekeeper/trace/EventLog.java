package untorn.safekeeper.trace;

import java.util.ArrayList;
import java.util.List;

/** EventLog is an {@link EventSink} that keeps every event in order, for tests and checkers. */
public final class EventLog implements EventSink {
  private final List<ProtocolEvent> events = new ArrayList<>();

  @Override
  public void emit(ProtocolEvent event) {
    events.add(event);
  }

  public List<ProtocolEvent> events() {
    return java.util.Collections.unmodifiableList(events);
  }

  /** The events of one type, in order. */
  public <T extends ProtocolEvent> List<T> of(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (ProtocolEvent e : events) {
      if (type.isInstance(e)) {
        out.add(type.cast(e));
      }
    }
    return out;
  }

  public void clear() {
    events.clear();
  }
}
