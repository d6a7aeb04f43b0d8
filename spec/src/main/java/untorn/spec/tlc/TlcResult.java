package untorn.spec.tlc;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * TlcResult is what one TLC run established, read from its output: the state counts, the depth of
 * the search, the wall time of the run, the properties that were checked, and the violation, if
 * any. {@code printed} holds the lines the spec printed itself (trace validation reads them).
 */
public record TlcResult(long distinctStates, long statesGenerated, long depth, double elapsedSeconds,
    List<String> properties, Optional<Violation> violation, List<String> printed) {
  public TlcResult {
    Objects.requireNonNull(violation, "violation");
    properties = List.copyOf(properties);
    printed = List.copyOf(printed);
    if (distinctStates < 0 || statesGenerated < distinctStates || depth < 0) {
      throw new IllegalArgumentException("impossible counts: " + distinctStates + " distinct, " + statesGenerated
          + " generated, depth " + depth);
    }
  }

  public boolean passed() {
    return violation.isEmpty();
  }
}
