package untorn.check;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Judgement is what a checker concludes about one history: a verdict, the names of the anomalies
 * found, and an explanation. The explanation may be computed lazily, on first request: explaining
 * a linearizability failure takes a second search, which a run printing only verdicts skips.
 */
public final class Judgement {
  private final Verdict verdict;
  private final List<String> anomalies;
  private Supplier<String> explainer;
  private String explanation;

  /**
   * @param verdict valid, invalid, or unknown (budget exhausted)
   * @param anomalies names of what was found, e.g. {@code nonlinearizable}, {@code G-single},
   *     {@code cycle-search-timeout}; empty when valid
   * @param explanation human-readable detail: the failing operation and the states it met, or each
   *     anomaly's cycle and edges; empty when valid
   */
  public Judgement(Verdict verdict, List<String> anomalies, String explanation) {
    this(verdict, anomalies, (Supplier<String>) null);
    this.explanation = Objects.requireNonNull(explanation, "explanation");
  }

  private Judgement(Verdict verdict, List<String> anomalies, Supplier<String> explainer) {
    this.verdict = Objects.requireNonNull(verdict, "verdict");
    this.anomalies = List.copyOf(anomalies);
    this.explainer = explainer;
  }

  /** lazy makes a judgement whose explanation is computed when first asked for. */
  public static Judgement lazy(Verdict verdict, List<String> anomalies, Supplier<String> explainer) {
    return new Judgement(verdict, anomalies, Objects.requireNonNull(explainer, "explainer"));
  }

  public static Judgement valid() {
    return new Judgement(Verdict.VALID, List.of(), "");
  }

  public Verdict verdict() {
    return verdict;
  }

  public List<String> anomalies() {
    return anomalies;
  }

  public synchronized String explanation() {
    if (explanation == null) {
      explanation = Objects.requireNonNull(explainer.get(), "explanation");
      explainer = null;
    }
    return explanation;
  }

  @Override
  public String toString() {
    return "Judgement[" + verdict + ", " + anomalies + "]";
  }
}
