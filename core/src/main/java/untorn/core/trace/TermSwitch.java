package untorn.core.trace;

import java.util.List;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.Term;

/**
 * TermSwitch is one entry of a term history: the WAL from {@code startLsn} up to the next entry's
 * start (or the end of the WAL) was written by the proposer elected in {@code term}.
 */
public record TermSwitch(Term term, Lsn startLsn) {
  public TermSwitch {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(startLsn, "startLsn");
    if (term.value() == 0) {
      throw new IllegalArgumentException("term 0 never starts WAL: it means 'never voted'");
    }
  }

  public static TermSwitch of(long term, long startLsn) {
    return new TermSwitch(Term.of(term), Lsn.of(startLsn));
  }

  /**
   * Returns an immutable copy of {@code history} after checking the shape every term history has:
   * terms strictly increase and start LSNs never decrease.
   */
  public static List<TermSwitch> checkedHistory(List<TermSwitch> history) {
    List<TermSwitch> copy = List.copyOf(history);
    for (int i = 1; i < copy.size(); i++) {
      TermSwitch prev = copy.get(i - 1);
      TermSwitch next = copy.get(i);
      if (!next.term.isAfter(prev.term)) {
        throw new IllegalArgumentException("term history terms must increase: " + copy);
      }
      if (next.startLsn.isBefore(prev.startLsn)) {
        throw new IllegalArgumentException("term history start LSNs must not decrease: " + copy);
      }
    }
    return copy;
  }

  @Override
  public String toString() {
    return "(" + term + "@" + startLsn + ")";
  }
}
