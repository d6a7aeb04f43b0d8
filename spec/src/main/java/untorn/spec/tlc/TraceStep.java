package untorn.spec.tlc;

import java.util.List;
import java.util.Objects;

/**
 * TraceStep is one state of a counterexample as a reader wants it: its number, the action that
 * led to it ("Initial predicate" for the first) and what that action changed, one line per
 * changed variable or, for functions and records, per changed entry
 * ({@code accTerm[a1]: 0 -> 1}); sets show what was added or removed.
 */
public record TraceStep(int index, String action, List<String> changes) {
  public TraceStep {
    Objects.requireNonNull(action, "action");
    changes = List.copyOf(changes);
  }
}
