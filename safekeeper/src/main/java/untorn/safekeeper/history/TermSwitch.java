package untorn.safekeeper.history;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.Term;
import untorn.core.wal.WalLayout;

/**
 * TermSwitch is one entry of a term history: from {@code startLsn} on, the WAL was written by the
 * proposer of {@code term}. {@code startLsn} is the end of the last record the proposer inherited
 * from its donor (a record boundary), and {@code prevLsn} is the start of that record: the
 * prev-link the first record of the term carries. Keeping it here lets an acceptor that truncates
 * its WAL to this point check the prev-link of the next record it accepts without reading its
 * disk.
 */
public record TermSwitch(Term term, Lsn startLsn, Lsn prevLsn) {
  public TermSwitch {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(startLsn, "startLsn");
    Objects.requireNonNull(prevLsn, "prevLsn");
    if (term.value() <= 0) {
      throw new IllegalArgumentException("a term history entry needs a term above 0: " + term);
    }
    if (WalLayout.align(startLsn.value()) != startLsn.value()) {
      throw new IllegalArgumentException("term " + term + " starts at " + startLsn + ", not a record boundary");
    }
    if (!(prevLsn.isBefore(startLsn) || prevLsn.equals(Lsn.ZERO))) {
      throw new IllegalArgumentException("prev-link " + prevLsn + " of term " + term + " is not before its start " + startLsn);
    }
  }

  public static TermSwitch of(long term, long startLsn, long prevLsn) {
    return new TermSwitch(Term.of(term), Lsn.of(startLsn), Lsn.of(prevLsn));
  }

  @Override
  public String toString() {
    return "(" + term + "@" + startLsn + ")";
  }
}
