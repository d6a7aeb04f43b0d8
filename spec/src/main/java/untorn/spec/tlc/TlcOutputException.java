package untorn.spec.tlc;

/**
 * TlcOutputException: TLC's output could not be read as a complete run (cut off, an unknown
 * shape, a missing count). Never a pass: whoever ran TLC must treat it as a tool failure.
 */
public final class TlcOutputException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlcOutputException(String message) {
    super(message);
  }
}
