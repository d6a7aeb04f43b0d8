package untorn.check.history;

/**
 * HistoryException says why a history cannot be checked: malformed EDN, an op map without a type,
 * a completion with no invocation, a value a model cannot take. Its message names the source and
 * line when known.
 */
public final class HistoryException extends Exception {
  private static final long serialVersionUID = 1L;

  public HistoryException(String message) {
    super(message);
  }

  public HistoryException(String message, Throwable cause) {
    super(message, cause);
  }

  /** at builds the exception for an event read from a file (line > 0) or recorded (line 0). */
  public static HistoryException at(Op op, String message) {
    return new HistoryException((op.line() > 0 ? "line " + op.line() : "op " + op.index()) + ": " + message);
  }
}
