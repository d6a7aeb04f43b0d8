package untorn.core.io;

/**
 * Clock is a node's view of time. In simulation it is virtual time, possibly skewed or jumped by
 * the fault injector; for real processes it is the system clock.
 *
 * <p>Safety of untorn's protocols never depends on it: it only drives timeouts, retries and
 * measurements.
 */
public interface Clock {
  /** Wall-clock milliseconds; may jump forward or backward (clock faults). */
  long nowMillis();

  /**
   * Nanoseconds for measuring durations and timeouts on this node. Never decreases between two
   * calls on the same node incarnation, but its rate and offset are not shared with other nodes.
   */
  long monotonicNanos();
}
