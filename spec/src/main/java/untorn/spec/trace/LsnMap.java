package untorn.spec.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import untorn.core.trace.TermSwitch;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.Term;

/**
 * LsnMap turns the implementation's byte LSNs into the specification's entry counts, as the
 * package doc of {@code untorn.core.trace} defines them: one entry per WAL record that a Propose
 * event introduced, and a byte LSN {@code L} in a WAL with term history {@code H} stands for the
 * number of records that end at or below {@code L}, where the records between a switch
 * {@code (t, s)} and the next switch are the ones proposed in term {@code t}. A record that ends
 * past the next switch was cut by it and does not count.
 */
final class LsnMap {
  /** Record end LSNs per term, in the order proposed. */
  private final Map<Term, List<Lsn>> recordEnds = new HashMap<>();

  LsnMap(List<? extends TraceEvent> events) {
    for (TraceEvent e : events) {
      if (e instanceof TraceEvent.Propose p) {
        recordEnds.computeIfAbsent(p.term(), k -> new ArrayList<>()).add(p.endLsn());
      }
    }
  }

  /** Entries at or below {@code lsn} in a WAL whose history is {@code history}. */
  long count(List<TermSwitch> history, Lsn lsn) {
    long n = 0;
    for (int i = 0; i < history.size(); i++) {
      TermSwitch sw = history.get(i);
      Lsn limit = i + 1 < history.size() ? Lsn.min(lsn, history.get(i + 1).startLsn()) : lsn;
      for (Lsn end : recordEnds.getOrDefault(sw.term(), List.of())) {
        if (end.isAfter(sw.startLsn()) && !end.isAfter(limit)) {
          n++;
        }
      }
    }
    return n;
  }

  /** The history with every start LSN turned into an entry count. */
  List<long[]> history(List<TermSwitch> history) {
    List<long[]> out = new ArrayList<>();
    for (TermSwitch sw : history) {
      out.add(new long[] {sw.term().value(), count(history, sw.startLsn())});
    }
    return out;
  }
}
