package untorn.check;

import java.util.List;
import java.util.Objects;

/**
 * Judgement is what a checker concludes about one history.
 *
 * @param verdict valid, invalid, or unknown (budget exhausted)
 * @param anomalies names of what was found, e.g. {@code nonlinearizable}, {@code G-single},
 *     {@code cycle-search-timeout}; empty when valid
 * @param explanation human-readable detail: the failing operation and the states it met, or each
 *     anomaly's cycle and edges; empty when valid
 */
public record Judgement(Verdict verdict, List<String> anomalies, String explanation) {
  public Judgement {
    Objects.requireNonNull(verdict, "verdict");
    anomalies = List.copyOf(anomalies);
    Objects.requireNonNull(explanation, "explanation");
  }

  public static Judgement valid() {
    return new Judgement(Verdict.VALID, List.of(), "");
  }
}
