package untorn.core;

/**
 * Invariants checks a condition that must hold whatever the input, and fails loudly when it does
 * not. Unlike {@code assert}, these checks are always on: a storage system that silently continues
 * past a broken invariant corrupts data.
 *
 * <p>A violation throws {@link InvariantViolation}, an {@link Error}: it is a bug in untorn, never
 * a reaction to bad input. Bad input (corrupt bytes, wrong term, unknown timeline) gets a typed
 * exception or result instead.
 */
public final class Invariants {
  private Invariants() {}

  /** Thrown when a state invariant of untorn does not hold: always a bug. */
  public static final class InvariantViolation extends Error {
    private static final long serialVersionUID = 1L;

    public InvariantViolation(String message) {
      super(message);
    }
  }

  public static void check(boolean condition, String message) {
    if (!condition) {
      throw new InvariantViolation(message);
    }
  }

  /** Formats the message only on failure, so hot paths pay nothing for it. */
  public static void check(boolean condition, String format, Object... args) {
    if (!condition) {
      throw new InvariantViolation(String.format(format, args));
    }
  }

  public static InvariantViolation fail(String format, Object... args) {
    return new InvariantViolation(String.format(format, args));
  }
}
