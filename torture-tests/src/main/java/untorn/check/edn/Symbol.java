package untorn.check.edn;

import java.util.Objects;

/** Symbol is an EDN symbol such as {@code foo} or {@code jepsen.history/Op}. */
public record Symbol(String name) {
  public Symbol {
    Objects.requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty symbol");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
