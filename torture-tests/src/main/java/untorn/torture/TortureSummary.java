package untorn.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * TortureSummary aggregates the results of a run of seeds, in seed order: faults and counters are
 * summed over seeds (counters named {@code *-max} take the maximum). {@code failures} holds each
 * failing seed with its violations and its replay command.
 */
public record TortureSummary(
    String suite, Optional<String> mutant, long seedStart, int seedsRequested, int seedsRun, long events,
    Map<String, Long> faults, Map<String, Long> counters, List<Long> traceHashes, List<Failure> failures,
    double elapsedSeconds) {

  /** How many trace hashes a summary keeps (the first seeds'): enough to compare two runs. */
  public static final int TRACE_HASHES_KEPT = 8;

  /** Counters whose name ends so are maxima: seeds' values are combined by max, not summed. */
  public static final String MAX_SUFFIX = "-max";

  /** A failing seed. */
  public record Failure(long seed, List<Violation> violations, String replayCommand) {}

  public static String replayCommand(String suite, long seed, Optional<String> mutant) {
    return "./untorn replay --suite " + suite + " --seed " + seed + mutant.map(m -> " --mutant " + m).orElse("");
  }

  /** Builds the summary of results given in seed order. */
  static TortureSummary of(String suite, Optional<String> mutant, long seedStart, int seedsRequested,
      List<SeedResult> results, double elapsedSeconds) {
    long events = 0;
    Map<String, Long> faults = new TreeMap<>();
    Map<String, Long> counters = new TreeMap<>();
    List<Long> hashes = new ArrayList<>();
    List<Failure> failures = new ArrayList<>();
    for (SeedResult r : results) {
      events += r.events();
      r.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
      r.counters().forEach((k, v) -> counters.merge(k, v, k.endsWith(MAX_SUFFIX) ? Long::max : Long::sum));
      if (hashes.size() < TRACE_HASHES_KEPT) {
        hashes.add(r.traceHash());
      }
      if (r.failed()) {
        failures.add(new Failure(r.seed(), r.violations(), replayCommand(suite, r.seed(), mutant)));
      }
    }
    return new TortureSummary(suite, mutant, seedStart, seedsRequested, results.size(), events, faults, counters,
        hashes, failures, elapsedSeconds);
  }

  public long violations() {
    return failures.stream().mapToLong(f -> f.violations().size()).sum();
  }

  public boolean passed() {
    return failures.isEmpty();
  }

  public double eventsPerSecond() {
    return elapsedSeconds <= 0 ? 0 : events / elapsedSeconds;
  }
}
