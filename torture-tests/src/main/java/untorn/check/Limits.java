package untorn.check;

import untorn.core.Invariants;

/**
 * Limits holds the bounds of the checkers: input sizes they accept and the default search budgets,
 * with their relations checked once when the class loads.
 */
public final class Limits {
  private Limits() {}

  /** Nesting depth of EDN collections the reader accepts; deeper input is rejected, not a crash. */
  public static final int EDN_DEPTH_MAX = 512;

  /** Size of one history file the reader accepts. */
  public static final long HISTORY_FILE_BYTES_MAX = 1L << 30;

  /** Operations (invocations and completions) in one history. */
  public static final int HISTORY_OPS_MAX = 20_000_000;

  /**
   * Default search steps per history before the verdict is unknown: WGL loop iterations for
   * linearizability, breadth-first search states for the Elle cycle hunt.
   */
  public static final long LINEAR_STEPS_DEFAULT = 200_000_000L;

  /** Default wall-clock budget per history, shared by all its keys. */
  public static final long CHECK_MILLIS_DEFAULT = 120_000L;

  /** Search steps between two looks at the clock: the clock is read rarely on the hot path. */
  public static final int CLOCK_CHECK_STEPS = 4096;

  /** Distinct model states kept for a failure explanation (they are counted beyond this). */
  public static final int EXPLAIN_STATES_MAX = 16;

  /** Steps of the second, unpruned search that collects every state met at a failure. */
  public static final long EXPLAIN_STEPS_MAX = 20_000_000L;

  /** Linearized operations shown before the one that cannot be linearized. */
  public static final int EXPLAIN_PREFIX_OPS = 12;

  static {
    Invariants.check(EDN_DEPTH_MAX >= 8, "histories nest a few levels deep at least");
    Invariants.check(Integer.bitCount(CLOCK_CHECK_STEPS) == 1, "the clock check uses a mask");
    Invariants.check(LINEAR_STEPS_DEFAULT > CLOCK_CHECK_STEPS, "budgets outlast one clock period");
    Invariants.check(HISTORY_OPS_MAX < Integer.MAX_VALUE / 4, "op positions and entry ids fit an int");
    Invariants.check(EXPLAIN_STATES_MAX > 0 && EXPLAIN_PREFIX_OPS > 0, "explanations show something");
  }
}
