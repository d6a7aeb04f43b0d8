package untorn.spec.model;

/**
 * Bounds of a model: how many acceptors and proposers, the highest term, how many entries are ever
 * created in all, and how many times proposers may crash in all. Each bound is checked against a
 * small hard limit: the state space grows exponentially with every one of them.
 */
public record Bounds(int acceptors, int proposers, int maxTerm, int maxEntries, int maxProposerCrashes) {
  public static final int ACCEPTORS_MAX = 7;
  public static final int PROPOSERS_MAX = 4;
  public static final int TERM_MAX = 8;
  public static final int ENTRIES_MAX = 8;
  public static final int PROPOSER_CRASHES_MAX = 8;

  /** The default model of {@code untorn spec check}: see the README for its size and time. */
  public static final Bounds DEFAULT = new Bounds(3, 2, 3, 2, 0);

  public Bounds {
    check("acceptors", acceptors, 1, ACCEPTORS_MAX);
    check("proposers", proposers, 1, PROPOSERS_MAX);
    check("max-term", maxTerm, 1, TERM_MAX);
    check("max-entries", maxEntries, 0, ENTRIES_MAX);
    check("max-proposer-crashes", maxProposerCrashes, 0, PROPOSER_CRASHES_MAX);
  }

  private static void check(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ": " + value);
    }
  }

  @Override
  public String toString() {
    return acceptors + " acceptors, " + proposers + " proposers, terms <= " + maxTerm + ", entries <= " + maxEntries
        + ", proposer crashes <= " + maxProposerCrashes;
  }
}
