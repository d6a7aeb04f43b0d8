package untorn.torture;

import java.util.Objects;
import java.util.Optional;

/**
 * TortureOptions are the knobs common to every suite: a mutant (a deliberately broken variant of
 * the system, to prove the checks catch it), whether to record a detailed trace (replay does), and
 * which seeds get their implementation trace validated against the TLA+ spec by TLC (seeds
 * {@code tlcTracesFrom} to {@code tlcTracesFrom + tlcTraces - 1}; suites without a trace ignore it)
 * and how much of it: the first {@code tlcTraceEventsMax} events (0: all; a prefix of an
 * admitted trace is admitted, so a prefix is a weaker but sound check that costs less time).
 */
public record TortureOptions(Optional<String> mutant, boolean verbose, long tlcTracesFrom, int tlcTraces,
    int tlcTraceEventsMax) {
  public TortureOptions {
    Objects.requireNonNull(mutant);
    if (tlcTraces < 0 || tlcTraceEventsMax < 0) {
      throw new IllegalArgumentException("tlcTraces and tlcTraceEventsMax must not be negative: " + tlcTraces + ", "
          + tlcTraceEventsMax);
    }
  }

  public TortureOptions(Optional<String> mutant, boolean verbose) {
    this(mutant, verbose, 0, 0, 0);
  }

  public static TortureOptions defaults() {
    return new TortureOptions(Optional.empty(), false);
  }

  /** Whether this seed's trace is to be validated with TLC. */
  public boolean validatesTrace(long seed) {
    return tlcTraces > 0 && seed >= tlcTracesFrom && seed - tlcTracesFrom < tlcTraces;
  }
}
