package untorn.spec.tlc;

import java.time.Duration;

/** TlcTimeoutException: TLC did not finish within its time; it was killed and decided nothing. */
public final class TlcTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlcTimeoutException(Duration timeout) {
    super("TLC did not finish within " + timeout.toSeconds() + " s; killed, no verdict");
  }
}
