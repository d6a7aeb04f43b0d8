package untorn.safekeeper.history;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.Term;

/**
 * CommonPoint is where an acceptor's WAL stops agreeing with a proposer's: the highest LSN up to
 * which both logs were written by the same terms, so hold the same bytes. The acceptor truncates
 * its WAL there and the proposer streams to it from there. {@code term} is the last term both
 * histories share (ZERO if none), {@code prevLsn} the start of the record that ends at {@code lsn}.
 */
public record CommonPoint(Term term, Lsn lsn, Lsn prevLsn) {
  public CommonPoint {
    Objects.requireNonNull(term);
    Objects.requireNonNull(lsn);
    Objects.requireNonNull(prevLsn);
  }
}
