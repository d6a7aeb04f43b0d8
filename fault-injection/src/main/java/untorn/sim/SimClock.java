package untorn.sim;

import untorn.core.io.Clock;

/**
 * SimClock is a node's clock: virtual time seen through the node's oscillator. Both readings run
 * at rate 1 + driftPpm/10^6 from an anchor; the wall clock starts at 2025-01-01 plus a skew and
 * can jump either way; the monotonic clock starts at an arbitrary value per incarnation and never
 * decreases. Integer arithmetic throughout, so readings are the same on every JVM.
 */
final class SimClock implements Clock {
  /** 2025-01-01T00:00:00Z in nanoseconds since the Unix epoch. */
  static final long EPOCH_NANOS = 1_735_689_600_000L * 1_000_000;

  private static final long PPM = 1_000_000;

  private final NodeSlot slot;
  private long anchorVirtualNanos;
  private long anchorWallNanos = EPOCH_NANOS;
  private long anchorMonoNanos;
  private long driftPpm;

  SimClock(NodeSlot slot) {
    this.slot = slot;
  }

  @Override
  public long nowMillis() {
    return Math.floorDiv(wallAt(slot.localNanos()), 1_000_000);
  }

  @Override
  public long monotonicNanos() {
    return monoAt(slot.localNanos());
  }

  long wallAt(long virtualNanos) {
    return anchorWallNanos + scaled(virtualNanos - anchorVirtualNanos);
  }

  long monoAt(long virtualNanos) {
    return anchorMonoNanos + scaled(virtualNanos - anchorVirtualNanos);
  }

  /** Sets the wall clock to true time plus {@code offsetNanos}, running {@code ppm} fast. */
  void skew(long virtualNanos, long offsetNanos, long ppm) {
    reanchor(virtualNanos);
    anchorWallNanos = EPOCH_NANOS + virtualNanos + offsetNanos;
    driftPpm = ppm;
  }

  void jump(long virtualNanos, long deltaNanos) {
    reanchor(virtualNanos);
    anchorWallNanos += deltaNanos;
  }

  /** A new incarnation's monotonic clock starts at an arbitrary base. */
  void newIncarnation(long virtualNanos, long monoBaseNanos) {
    reanchor(virtualNanos);
    anchorMonoNanos = monoBaseNanos;
  }

  /** The virtual time this clock takes to advance by {@code nodeNanos}. */
  long virtualDelay(long nodeNanos) {
    long rate = PPM + driftPpm;
    return nodeNanos / rate * PPM + nodeNanos % rate * PPM / rate;
  }

  private void reanchor(long virtualNanos) {
    anchorWallNanos = wallAt(virtualNanos);
    anchorMonoNanos = monoAt(virtualNanos);
    anchorVirtualNanos = virtualNanos;
  }

  private long scaled(long d) {
    return d + d / PPM * driftPpm + d % PPM * driftPpm / PPM;
  }
}
