package untorn.core.trace;

/** TraceFormatException reports a trace file line that is not a valid event, with its line number. */
public final class TraceFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  private final long lineNumber;

  public TraceFormatException(long lineNumber, String message) {
    super("trace line " + lineNumber + ": " + message);
    this.lineNumber = lineNumber;
  }

  public TraceFormatException(long lineNumber, String message, Throwable cause) {
    super("trace line " + lineNumber + ": " + message, cause);
    this.lineNumber = lineNumber;
  }

  /** 1-based number of the offending line. */
  public long lineNumber() {
    return lineNumber;
  }
}
