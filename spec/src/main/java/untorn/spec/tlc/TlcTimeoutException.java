package untorn.spec.tlc;

import java.time.Duration;
import java.util.Optional;

/**
 * TlcTimeoutException: TLC did not finish within its time; it was killed and decided nothing. It
 * says how far TLC got (its last progress report, printed once a minute), so an unfinished model
 * still yields a figure: the states it explored without finding a violation.
 */
public final class TlcTimeoutException extends Exception {
  private static final long serialVersionUID = 1L;

  public TlcTimeoutException(Duration timeout, Optional<Progress> lastProgress) {
    super("TLC did not finish within " + timeout.toSeconds() + " s; killed, no verdict"
        + lastProgress.map(p -> " (last progress: " + p + ")").orElse(" (no progress report yet)"));
  }
}
