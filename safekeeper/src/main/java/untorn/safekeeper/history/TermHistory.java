package untorn.safekeeper.history;

import java.util.ArrayList;
import java.util.List;
import untorn.core.types.Lsn;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;

/**
 * TermHistory is the list of term switches of a WAL: which proposer term wrote which LSN range.
 * Terms strictly increase and start LSNs never decrease (a proposer elected while the previous one
 * wrote nothing starts where it did). The WAL at LSN x was written by the last entry whose start is
 * at or below x. Immutable.
 *
 * <p>Histories are how Paxos ballots attach to WAL: two acceptors whose histories share a term hold
 * the same bytes up to where that term ends on both, because one proposer wrote them. An acceptor
 * may hold entries above its flush LSN (it adopted a proposer's history before receiving the WAL
 * below the proposer's start); {@link #upTo} cuts those off where the WAL itself is compared.
 */
public final class TermHistory {
  public static final TermHistory EMPTY = new TermHistory(List.of());

  private final List<TermSwitch> entries;

  private TermHistory(List<TermSwitch> entries) {
    this.entries = entries;
  }

  /** A history from entries; throws IllegalArgumentException if they are not well formed. */
  public static TermHistory of(List<TermSwitch> entries) {
    if (entries.size() > Limits.TERM_HISTORY_ENTRIES_MAX) {
      throw new IllegalArgumentException(entries.size() + " term history entries exceed " + Limits.TERM_HISTORY_ENTRIES_MAX);
    }
    for (int i = 1; i < entries.size(); i++) {
      TermSwitch a = entries.get(i - 1);
      TermSwitch b = entries.get(i);
      if (!b.term().isAfter(a.term())) {
        throw new IllegalArgumentException("term history terms must increase: " + a + " then " + b);
      }
      if (b.startLsn().isBefore(a.startLsn())) {
        throw new IllegalArgumentException("term history start LSNs must not decrease: " + a + " then " + b);
      }
    }
    return entries.isEmpty() ? EMPTY : new TermHistory(List.copyOf(entries));
  }

  public static TermHistory of(TermSwitch... entries) {
    return of(List.of(entries));
  }

  public List<TermSwitch> entries() {
    return entries;
  }

  public int size() {
    return entries.size();
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  public TermSwitch get(int i) {
    return entries.get(i);
  }

  /** The term of the last entry, ZERO for an empty history. */
  public Term lastTerm() {
    return entries.isEmpty() ? Term.ZERO : entries.get(entries.size() - 1).term();
  }

  /** The history of the WAL up to {@code flushLsn}: entries that start at or below it. */
  public TermHistory upTo(Lsn flushLsn) {
    int n = entries.size();
    while (n > 0 && entries.get(n - 1).startLsn().isAfter(flushLsn)) {
      n--;
    }
    return n == entries.size() ? this : new TermHistory(entries.subList(0, n));
  }

  /**
   * The term that wrote the last record below {@code flushLsn}: the "last log term" (Neon's
   * epoch) by which voters are ranked.
   */
  public Term lastLogTerm(Lsn flushLsn) {
    return upTo(flushLsn).lastTerm();
  }

  /** This history with a new last entry, which must have a higher term and a start not below. */
  public TermHistory append(TermSwitch next) {
    List<TermSwitch> out = new ArrayList<>(entries.size() + 1);
    out.addAll(entries);
    out.add(next);
    return of(out);
  }

  /** The entry of {@code term}, or null if the history has none. */
  public TermSwitch find(Term term) {
    for (TermSwitch e : entries) {
      if (e.term().equals(term)) {
        return e;
      }
    }
    return null;
  }

  /**
   * The highest common point of a proposer's history and an acceptor's WAL (DESIGN §5): the last
   * term both share, ended at the smaller of that term's next switch in either history and the
   * acceptor's flush LSN. With no shared term it is the start of the timeline.
   *
   * @param proposer the proposer's full history (its own term last)
   * @param acceptor the acceptor's history (cut to its flush LSN here)
   * @param acceptorFlushLsn the end of the acceptor's WAL
   * @param acceptorLastRecordLsn the start of the acceptor's last record (prev-link at its flush)
   * @throws HistoryMismatchException if the histories name one term with different starts, or a
   *     shared term is not preceded by the same entries on both sides
   */
  public static CommonPoint commonPoint(TermHistory proposer, TermHistory acceptor, Lsn acceptorFlushLsn,
      Lsn acceptorLastRecordLsn) throws HistoryMismatchException {
    TermHistory acc = acceptor.upTo(acceptorFlushLsn);
    int shared = sharedPrefix(proposer, acc);
    if (shared == 0) {
      return new CommonPoint(Term.ZERO, Lsn.ZERO, Lsn.ZERO);
    }
    int idx = shared - 1;
    CommonPoint end = new CommonPoint(acc.get(idx).term(), acceptorFlushLsn, acceptorLastRecordLsn);
    if (idx + 1 < acc.size()) {
      end = lower(end, acc.get(idx + 1), acc.get(idx).term());
    }
    if (idx + 1 < proposer.size()) {
      end = lower(end, proposer.get(idx + 1), acc.get(idx).term());
    }
    return end;
  }

  private static CommonPoint lower(CommonPoint current, TermSwitch next, Term term) {
    return next.startLsn().isBefore(current.lsn()) ? new CommonPoint(term, next.startLsn(), next.prevLsn()) : current;
  }

  /**
   * How many leading entries two histories share. A term that appears in both at a position
   * past the shared prefix, or a shared term with different start points, is a mismatch.
   */
  static int sharedPrefix(TermHistory a, TermHistory b) throws HistoryMismatchException {
    int n = Math.min(a.size(), b.size());
    int i = 0;
    while (i < n && a.get(i).term().equals(b.get(i).term())) {
      if (!a.get(i).equals(b.get(i))) {
        throw new HistoryMismatchException("term " + a.get(i).term() + " starts at " + a.get(i).startLsn() + " (prev "
            + a.get(i).prevLsn() + ") in one history and at " + b.get(i).startLsn() + " (prev " + b.get(i).prevLsn()
            + ") in the other");
      }
      i++;
    }
    for (int j = i; j < a.size(); j++) {
      if (b.find(a.get(j).term()) != null) {
        throw new HistoryMismatchException("term " + a.get(j).term() + " follows different histories: " + a + " vs " + b);
      }
    }
    return i;
  }

  /** The history as the trace schema writes it: (term, start LSN) per entry. */
  public List<untorn.core.trace.TermSwitch> toTrace() {
    List<untorn.core.trace.TermSwitch> out = new ArrayList<>(entries.size());
    for (TermSwitch e : entries) {
      out.add(new untorn.core.trace.TermSwitch(e.term(), e.startLsn()));
    }
    return out;
  }

  /** True if {@code prefix}'s entries are the first entries of this history. */
  public boolean startsWith(TermHistory prefix) {
    return prefix.size() <= size() && entries.subList(0, prefix.size()).equals(prefix.entries);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TermHistory h && entries.equals(h.entries);
  }

  @Override
  public int hashCode() {
    return entries.hashCode();
  }

  @Override
  public String toString() {
    return entries.toString();
  }
}
