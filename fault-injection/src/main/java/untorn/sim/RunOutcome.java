package untorn.sim;

import untorn.sim.base.Counters;

/**
 * RunOutcome is what {@link Simulation#run} reports: whether the healed cluster made progress and
 * how fast, with the run's counters and trace hash, for the suite's summary.
 *
 * @param progressed the progress predicate held before the liveness bound
 * @param healedAtNanos virtual time at which the safety phase ended and everything healed
 * @param livenessNanos virtual time from the heal until progress, or -1 if none
 * @param endNanos virtual time at the end of the run
 */
public record RunOutcome(long seed, boolean progressed, long healedAtNanos, long livenessNanos, long endNanos,
    Counters stats, long traceHash) {

  /** One line for logs: {@code seed 7: progress 12.5ms after heal at 5000ms; events=... }. */
  public String summary() {
    return "seed " + seed + ": " + (progressed ? "progress " + untorn.sim.fault.ScheduleText.duration(livenessNanos)
        + " after the heal at " : "NO progress after the heal at ") + untorn.sim.fault.ScheduleText.duration(healedAtNanos)
        + String.format(", trace %016x; ", traceHash) + stats;
  }
}
