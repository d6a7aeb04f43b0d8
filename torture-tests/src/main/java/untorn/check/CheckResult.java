package untorn.check;

import java.util.List;
import java.util.Objects;

/**
 * CheckResult is one line of {@code untorn check}'s report: one history's verdict.
 *
 * @param file the path as given, or as found below a given directory
 * @param ops the number of events in the history (0 if it could not be read)
 * @param judgement the checker's conclusion
 * @param millis time spent reading and checking it
 * @param checker which checker judged it, e.g. {@code linearizable cas-register} or
 *     {@code elle list-append serializable}
 * @param error why it could not be read or checked, or null
 */
public record CheckResult(String file, int ops, Judgement judgement, double millis, String checker, String error) {
  public CheckResult {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(judgement, "judgement");
    Objects.requireNonNull(checker, "checker");
  }

  public Verdict verdict() {
    return judgement.verdict();
  }

  public List<String> anomalies() {
    return judgement.anomalies();
  }

  /** unreadable is the result of a history that could not be read or interpreted. */
  public static CheckResult unreadable(String file, int ops, double millis, String checker, String error) {
    return new CheckResult(file, ops, new Judgement(Verdict.UNKNOWN, List.of("unreadable"), error), millis, checker, error);
  }

  /**
   * exitCode is the contract for a run: 0 when every history is valid, 2 when any is
   * unknown or unreadable, else 1.
   */
  public static int exitCode(List<CheckResult> results) {
    boolean invalid = false;
    for (CheckResult r : results) {
      if (r.verdict() == Verdict.UNKNOWN) {
        return 2;
      }
      invalid |= r.verdict() == Verdict.INVALID;
    }
    return invalid ? 1 : 0;
  }
}
