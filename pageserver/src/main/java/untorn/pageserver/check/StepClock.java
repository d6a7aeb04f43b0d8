package untorn.pageserver.check;

import untorn.core.io.Clock;

/** StepClock is a deterministic clock for tests: every read advances it by one microsecond. */
public final class StepClock implements Clock {
  private long nanos;

  @Override
  public synchronized long nowMillis() {
    return nanos / 1_000_000;
  }

  @Override
  public synchronized long monotonicNanos() {
    nanos += 1000;
    return nanos;
  }
}
