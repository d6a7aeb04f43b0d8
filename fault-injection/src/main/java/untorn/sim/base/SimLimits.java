package untorn.sim.base;

import untorn.core.Invariants;
import untorn.core.io.Transport;

/**
 * SimLimits holds every bound of the simulator, with their relations checked once when the class
 * loads. A run that hits one fails loudly ({@code SimulationFailure}) instead of eating memory or
 * spinning: a node that floods the network or sets timers in a zero-delay loop is a bug to see.
 */
public final class SimLimits {
  private SimLimits() {}

  /** The unit of atomic writes: a crash keeps or loses whole sectors, never part of one. */
  public static final int SECTOR_BYTES = 512;

  /** Nodes of one simulation (the link table is NODES_MAX squared). */
  public static final int NODES_MAX = 64;

  /** Largest simulated file (its bytes live in one Java array per copy). */
  public static final long FILE_BYTES_MAX = 1L << 30;

  /** Default capacity of a simulated disk. Each file is held twice (volatile and durable). */
  public static final long DISK_CAPACITY_BYTES_DEFAULT = 256L << 20;

  /** Events waiting in the queue at once. */
  public static final int EVENTS_QUEUED_MAX = 4_000_000;

  /** Events delivered without virtual time moving: more means a zero-delay loop. */
  public static final int EVENTS_AT_ONE_INSTANT_MAX = 1_000_000;

  /** Pending timers of one node. */
  public static final int TIMERS_PER_NODE_MAX = 100_000;

  /** Longest timer delay a node may ask for. */
  public static final long TIMER_DELAY_MILLIS_MAX = 1L << 32;

  /** Virtual time a run may reach (100 days): far from overflowing nanoseconds in a long. */
  public static final long VIRTUAL_NANOS_MAX = 100L * 24 * 3600 * 1_000_000_000L;

  /**
   * Largest millisecond knob (a latency, a mean downtime, a mean partition): one hour. Schedules
   * draw exponential durations from these means, so a larger one would overflow virtual time.
   */
  public static final long KNOB_MILLIS_MAX = 3_600_000;

  /** Largest clock rate error, in parts per million (10%). */
  public static final long CLOCK_DRIFT_PPM_MAX = 100_000;

  /** Largest clock skew or jump (one day). */
  public static final long CLOCK_OFFSET_MILLIS_MAX = 24L * 3600 * 1000;

  /** Longest pause (GC stall) of a node. */
  public static final long PAUSE_MILLIS_MAX = 3_600_000;

  /** Fault events in one schedule. */
  public static final int SCHEDULE_EVENTS_MAX = 100_000;

  /** A crash armed at an I/O operation fires at most this many operations later. */
  public static final int IO_CRASH_COUNTDOWN_MAX = 10_000;

  /** Lines of trace kept for a failure report. */
  public static final int TRACE_TAIL_LINES_MAX = 100_000;

  static {
    Invariants.check(Integer.bitCount(SECTOR_BYTES) == 1, "sector size must be a power of two");
    Invariants.check(FILE_BYTES_MAX % SECTOR_BYTES == 0, "files hold whole sectors");
    Invariants.check(FILE_BYTES_MAX <= Integer.MAX_VALUE - 8 + 1L, "a file's bytes must fit one array");
    Invariants.check(DISK_CAPACITY_BYTES_DEFAULT % SECTOR_BYTES == 0, "capacity is whole sectors");
    Invariants.check(Transport.MAX_MESSAGE_BYTES < FILE_BYTES_MAX, "a message fits a file");
    Invariants.check((long) NODES_MAX * NODES_MAX <= 1 << 16, "the link table stays small");
    Invariants.check(TIMER_DELAY_MILLIS_MAX * 1_000_000L < VIRTUAL_NANOS_MAX, "the longest timer fits a run's time");
    Invariants.check(VIRTUAL_NANOS_MAX < Long.MAX_VALUE / 64, "virtual time leaves headroom for sums");
    Invariants.check(CLOCK_DRIFT_PPM_MAX < 1_000_000, "a clock never stops or runs backward");
    Invariants.check(KNOB_MILLIS_MAX * 1_000_000L * 64 < VIRTUAL_NANOS_MAX, "a drawn duration (up to ~37 means) fits a run");
    Invariants.check(CLOCK_OFFSET_MILLIS_MAX * 1_000_000L < VIRTUAL_NANOS_MAX, "clock offsets fit nanoseconds");
  }
}
