package untorn.torture;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SeedResult is what one seed of a suite did: simulated events, faults injected by class, suite
 * counters (elections, bytes committed, records checked, ...), the 64-bit hash of its trace, and
 * its violations (empty when every check passed).
 */
public record SeedResult(
    String suite, long seed, long events, Map<String, Long> faults, Map<String, Long> counters,
    long traceHash, List<Violation> violations) {
  public SeedResult {
    faults = new TreeMap<>(faults);
    counters = new TreeMap<>(counters);
    violations = List.copyOf(violations);
  }

  public boolean failed() {
    return !violations.isEmpty();
  }
}
