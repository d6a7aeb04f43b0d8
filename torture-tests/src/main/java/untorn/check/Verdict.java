package untorn.check;

/** Verdict is a checker's answer about one history. */
public enum Verdict {
  VALID,
  INVALID,
  /** The checker ran out of budget, or the history could not be read: neither valid nor invalid. */
  UNKNOWN;

  /** The JSON value of the report: {@code true}, {@code false} or {@code "unknown"}. */
  public Object json() {
    return this == VALID ? Boolean.TRUE : this == INVALID ? Boolean.FALSE : "unknown";
  }

  /** worst combines the verdicts of independent parts: any invalid part makes the whole invalid. */
  public static Verdict worst(Verdict a, Verdict b) {
    if (a == INVALID || b == INVALID) {
      return INVALID;
    }
    return a == UNKNOWN || b == UNKNOWN ? UNKNOWN : VALID;
  }
}
