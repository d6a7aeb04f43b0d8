package untorn.check.edn;

import java.util.Objects;

/**
 * Tagged is a tagged EDN element such as {@code #inst "2024-01-01T00:00:00Z"} or a Clojure record
 * literal {@code #jepsen.history.Op{...}}. The reader keeps the tag and the value; it does not
 * interpret tags, so no input can make it load or run anything.
 */
public record Tagged(Symbol tag, Object value) {
  public Tagged {
    Objects.requireNonNull(tag, "tag");
  }

  @Override
  public String toString() {
    return "#" + tag + " " + EdnWriter.toEdn(value);
  }
}
