package untorn.check.history;

import untorn.check.edn.Keyword;

/** OpType is the {@code :type} of a Jepsen event. */
public enum OpType {
  INVOKE("invoke"),
  OK("ok"),
  FAIL("fail"),
  INFO("info");

  private final Keyword keyword;

  OpType(String name) {
    this.keyword = Keyword.of(name);
  }

  public Keyword keyword() {
    return keyword;
  }

  public boolean isCompletion() {
    return this != INVOKE;
  }

  /** fromKeyword returns the type named by {@code k}, or null if {@code k} names none. */
  public static OpType fromKeyword(Object k) {
    for (OpType t : values()) {
      if (t.keyword == k) {
        return t;
      }
    }
    return null;
  }
}
