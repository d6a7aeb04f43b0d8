package untorn.core.trace;

import java.util.ArrayList;
import java.util.List;
import untorn.core.Invariants;
import untorn.core.types.TenantTimeline;

/**
 * RecordingTraceSink keeps every event in memory, in emission order, up to a bound (a runaway run
 * must fail loudly, not exhaust the heap). Thread-safe: emits from several driver threads are
 * serialized, which gives the total order trace validation needs.
 */
public final class RecordingTraceSink implements TraceSink {
  /** Default bound: far above what a simulation seed produces, far below the heap. */
  public static final int EVENTS_MAX_DEFAULT = 1_000_000;

  private final int eventsMax;
  private final List<TraceEvent> events = new ArrayList<>();

  public RecordingTraceSink() {
    this(EVENTS_MAX_DEFAULT);
  }

  public RecordingTraceSink(int eventsMax) {
    Invariants.check(eventsMax > 0, "eventsMax must be positive: %d", eventsMax);
    this.eventsMax = eventsMax;
  }

  @Override
  public synchronized void emit(TraceEvent event) {
    java.util.Objects.requireNonNull(event, "event");
    if (events.size() >= eventsMax) {
      throw new IllegalStateException("trace holds " + eventsMax + " events already; raise the bound or record less");
    }
    events.add(event);
  }

  /** A snapshot of every event so far. */
  public synchronized List<TraceEvent> events() {
    return List.copyOf(events);
  }

  /** The events of one timeline's protocol instance: its own events and every node crash. */
  public synchronized List<TraceEvent> eventsOf(TenantTimeline timeline) {
    return events.stream().filter(e -> e.timelineOf().map(timeline::equals).orElse(true)).toList();
  }

  public synchronized int size() {
    return events.size();
  }
}
