package untorn.check.edn;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyword is an EDN keyword such as {@code :read} or {@code :jepsen/op}, without its colon.
 * Keywords are interned: equal keywords are the same object, so hot loops may compare with
 * {@code ==}.
 */
public final class Keyword implements Comparable<Keyword> {
  private static final ConcurrentHashMap<String, Keyword> INTERNED = new ConcurrentHashMap<>();

  private final String name;

  private Keyword(String name) {
    this.name = name;
  }

  /** Keyword.of returns the keyword named {@code name} (no leading colon). */
  public static Keyword of(String name) {
    if (name.isEmpty() || name.charAt(0) == ':') {
      throw new IllegalArgumentException("keyword name must be non-empty and without a colon: '" + name + "'");
    }
    Keyword k = INTERNED.get(name);
    return k != null ? k : INTERNED.computeIfAbsent(name, Keyword::new);
  }

  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return ":" + name;
  }

  @Override
  public int compareTo(Keyword o) {
    return name.compareTo(o.name);
  }
  // equals and hashCode are identity's: keywords are interned.
}
