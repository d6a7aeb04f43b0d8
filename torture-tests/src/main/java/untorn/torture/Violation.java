package untorn.torture;

import java.util.Objects;

/**
 * Violation is a broken invariant found by a torture seed: which invariant, what was seen, and
 * the fault schedule that led there (shrunk when the suite can shrink, else the full one; empty
 * when the suite has no schedule).
 */
public record Violation(String invariant, String message, String schedule) {
  public Violation {
    Objects.requireNonNull(invariant);
    Objects.requireNonNull(message);
    schedule = schedule == null ? "" : schedule;
  }

  public static Violation of(String invariant, String message) {
    return new Violation(invariant, message, "");
  }
}
