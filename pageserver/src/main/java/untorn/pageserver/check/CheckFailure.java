package untorn.pageserver.check;

/** CheckFailure is a violated property found by a checker: the pageserver answered wrongly. */
public final class CheckFailure extends AssertionError {
  private static final long serialVersionUID = 1L;

  public CheckFailure(String message) {
    super(message);
  }

  public CheckFailure(String message, Throwable cause) {
    super(message, cause);
  }
}
