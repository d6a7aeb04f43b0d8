package untorn.spec.tlc;

import java.util.List;
import java.util.Objects;

/**
 * Violation: TLC found a behaviour that breaks {@code property} (an invariant, an action property,
 * a temporal property, or "deadlock"), shown as {@code trace}.
 */
public record Violation(String property, Kind kind, List<TraceStep> trace) {
  public enum Kind { INVARIANT, ACTION_PROPERTY, TEMPORAL_PROPERTY, DEADLOCK }

  public Violation {
    Objects.requireNonNull(property, "property");
    Objects.requireNonNull(kind, "kind");
    trace = List.copyOf(trace);
  }
}
