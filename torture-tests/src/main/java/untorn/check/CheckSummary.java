package untorn.check;

import java.util.List;

/**
 * CheckSummary totals a run's results: histories and events, verdicts, time spent checking and
 * the slowest single history.
 */
public record CheckSummary(int histories, long events, int valid, int invalid, int unknown, int unreadable,
    double checkMillis, double slowestMillis) {

  public static CheckSummary of(List<CheckResult> results) {
    long events = 0;
    int valid = 0;
    int invalid = 0;
    int unknown = 0;
    int unreadable = 0;
    double millis = 0;
    double slowest = 0;
    for (CheckResult r : results) {
      events += r.ops();
      millis += r.millis();
      slowest = Math.max(slowest, r.millis());
      if (r.error() != null) {
        unreadable++;
      } else if (r.verdict() == Verdict.VALID) {
        valid++;
      } else if (r.verdict() == Verdict.INVALID) {
        invalid++;
      } else {
        unknown++;
      }
    }
    return new CheckSummary(results.size(), events, valid, invalid, unknown, unreadable, millis, slowest);
  }

  /** verdicts reads like {@code 4 valid, 4 invalid, 0 unknown, 0 unreadable}. */
  public String verdicts() {
    return valid + " valid, " + invalid + " invalid, " + unknown + " unknown, " + unreadable + " unreadable";
  }
}
