package untorn.check;

import java.util.function.LongSupplier;
import untorn.core.Invariants;

/**
 * Budget bounds one history's check: a number of search steps and a wall-clock allowance read
 * from an injected nanosecond clock (the CLI passes {@code System::nanoTime}; tests pass steps
 * only, so their verdicts never depend on the machine's speed).
 */
public final class Budget {
  private final long stepsMax;
  private final long deadlineNanos;
  private final LongSupplier nanos;
  private long steps;

  private Budget(long stepsMax, long millis, LongSupplier nanos) {
    Invariants.check(stepsMax > 0 && millis > 0, "budgets must be positive: %d steps, %d ms", stepsMax, millis);
    this.stepsMax = stepsMax;
    this.nanos = nanos;
    long start = nanos.getAsLong();
    this.deadlineNanos = millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : start + millis * 1_000_000;
  }

  /** A budget of steps and milliseconds measured on {@code nanos}, starting now. */
  public static Budget of(long stepsMax, long millis, LongSupplier nanos) {
    return new Budget(stepsMax, millis, nanos);
  }

  /** A budget of steps only: deterministic. */
  public static Budget steps(long stepsMax) {
    return new Budget(stepsMax, Long.MAX_VALUE, () -> 0L);
  }

  /**
   * spend records {@code n} steps and returns false once the budget is exhausted. The clock is
   * read only every {@link Limits#CLOCK_CHECK_STEPS} steps.
   */
  public boolean spend(long n) {
    long before = steps;
    steps += n;
    if (steps > stepsMax) {
      return false;
    }
    if ((before ^ steps) >= Limits.CLOCK_CHECK_STEPS || n >= Limits.CLOCK_CHECK_STEPS) {
      return deadlineNanos == Long.MAX_VALUE || nanos.getAsLong() - deadlineNanos < 0;
    }
    return true;
  }

  public long stepsSpent() {
    return steps;
  }

  public long stepsMax() {
    return stepsMax;
  }

  /** Why the budget ran out, for an unknown verdict. */
  public String exhaustion() {
    return steps > stepsMax ? "search budget of " + stepsMax + " steps exhausted" : "time budget exhausted after " + steps + " steps";
  }
}
