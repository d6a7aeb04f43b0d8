package untorn.check.edn;

/**
 * EdnException reports malformed EDN: what was wrong and where (1-based line and column of the
 * offending character). It is a checked exception because malformed input is expected, not a bug.
 */
public final class EdnException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int line;
  private final int column;

  public EdnException(String message, int line, int column) {
    super("line " + line + ", column " + column + ": " + message);
    this.line = line;
    this.column = column;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }
}
