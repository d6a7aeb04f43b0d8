package untorn.sim.fault;

/**
 * BudgetRule bounds how much of a node group may be broken, so that a failure under the budget is
 * the protocol's fault, not an impossible demand ("at most one of three safekeepers down at once").
 *
 * @param group a group name of the plan
 * @param kind what is bounded
 * @param max the bound
 */
public record BudgetRule(String group, Kind kind, int max) {
  /** What a rule bounds. */
  public enum Kind {
    /** Nodes crashed (until restarted) or paused, at any one time. */
    DOWN("down"),
    /**
     * Nodes down or cut off: a node is cut off when fewer than a majority of its group (itself
     * included) can exchange messages with it both ways.
     */
    UNAVAILABLE("unavailable"),
    /** Disks replaced by empty ones, over the whole run. */
    DISK_LOST("disk-lost");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public static Kind byKey(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown budget kind '" + key + "' (down, unavailable, disk-lost)");
    }
  }

  public BudgetRule {
    if (max < 0) {
      throw new IllegalArgumentException("budget bound must be >= 0: " + max);
    }
  }

  @Override
  public String toString() {
    return group + " " + kind.key() + " " + max;
  }
}
