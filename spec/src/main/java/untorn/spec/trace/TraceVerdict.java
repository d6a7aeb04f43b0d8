package untorn.spec.trace;

import java.util.Objects;
import java.util.Optional;

/**
 * TraceVerdict: whether the specification admits one timeline's trace. {@code matchedEvents} is
 * the longest prefix of events some behaviour matches (all of them when admitted);
 * {@code firstUnmatched} the event after that prefix, as it was recorded.
 */
public record TraceVerdict(String timeline, int events, int steps, boolean admitted, int matchedEvents,
    Optional<String> firstUnmatched, long distinctStates, double elapsedSeconds) {
  public TraceVerdict {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(firstUnmatched, "firstUnmatched");
    if (admitted != firstUnmatched.isEmpty()) {
      throw new IllegalArgumentException("an admitted trace has no unmatched event, a rejected one has one");
    }
  }

  public String describe() {
    String head = String.format("timeline %s: %d events (%d spec steps), %d states, %.1f s: ", timeline, events, steps,
        distinctStates, elapsedSeconds);
    if (admitted) {
      return head + "ADMITTED by Safekeeper.tla";
    }
    return head + "REJECTED: the spec matches the first " + matchedEvents + " events, but no behaviour matches event #"
        + (matchedEvents + 1) + ":\n  " + firstUnmatched.get();
  }
}
