package untorn.safekeeper.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.Term;

/**
 * The highest common point of two term histories against a naive oracle that labels every WAL
 * position with the term that wrote it and finds the first position where two logs differ.
 *
 * <p>The generator builds a world of proposer logs: term t continues a prefix of some earlier
 * term's log (its donor's WAL) and writes a few positions of its own. Positions are 8-byte
 * records, so position x is LSN 8x and the record ending there starts at 8(x-1).
 */
class TermHistoryProperties {
  /** One proposer's log: a term label per position, and its term history. */
  record Log(Term term, List<Long> labels, TermHistory history) {}

  static List<Log> world(long seed, int terms) {
    Random rnd = new Random(seed);
    List<Log> logs = new ArrayList<>();
    logs.add(new Log(Term.ZERO, List.of(), TermHistory.EMPTY));
    for (int t = 1; t <= terms; t++) {
      Log donor = logs.get(rnd.nextInt(logs.size()));
      int flush = rnd.nextInt(donor.labels().size() + 1);
      List<Long> labels = new ArrayList<>(donor.labels().subList(0, flush));
      TermHistory h = donor.history().upTo(lsn(flush)).append(new TermSwitch(Term.of(t), lsn(flush), prev(flush)));
      int own = rnd.nextInt(6);
      for (int i = 0; i < own; i++) {
        labels.add((long) t);
      }
      logs.add(new Log(Term.of(t), labels, h));
    }
    return logs;
  }

  static Lsn lsn(int position) {
    return Lsn.of(8L * position);
  }

  static Lsn prev(int position) {
    return position == 0 ? Lsn.ZERO : Lsn.of(8L * (position - 1));
  }

  /** The oracle: the first position below the acceptor's flush where the labels differ. */
  static int naiveCommonPoint(Log proposer, Log acceptor, int acceptorFlush) {
    for (int x = 0; x < acceptorFlush; x++) {
      long p = x < proposer.labels().size() ? proposer.labels().get(x) : proposer.term().value();
      if (p != acceptor.labels().get(x)) {
        return x;
      }
    }
    return acceptorFlush;
  }

  @Property(tries = 2000)
  void commonPointMatchesTheLabelOracle(@ForAll long seed, @ForAll @IntRange(min = 1, max = 12) int terms) throws Exception {
    List<Log> logs = world(seed, terms);
    Random rnd = new Random(seed ^ 0x5DEECE66DL);
    for (int i = 0; i < 20; i++) {
      Log proposer = logs.get(1 + rnd.nextInt(logs.size() - 1));
      Log acceptor = logs.get(rnd.nextInt(logs.size()));
      int flush = rnd.nextInt(acceptor.labels().size() + 1);
      int expected = naiveCommonPoint(proposer, acceptor, flush);
      CommonPoint cp = TermHistory.commonPoint(proposer.history(), acceptor.history(), lsn(flush), prev(flush));
      assertThat(cp.lsn()).as("seed %d: %s vs %s flush %d", seed, proposer, acceptor, flush).isEqualTo(lsn(expected));
      assertThat(cp.prevLsn()).as("prev-link at the common point").isEqualTo(prev(expected));
      assertThat(cp.lsn()).isLessThanOrEqualTo(lsn(flush));
    }
  }

  @Property(tries = 500)
  void commonPointWithItselfIsTheFlushLsn(@ForAll long seed) throws Exception {
    for (Log log : world(seed, 8)) {
      int flush = log.labels().size();
      CommonPoint cp = TermHistory.commonPoint(log.history(), log.history(), lsn(flush), prev(flush));
      assertThat(cp.lsn()).isEqualTo(lsn(flush));
    }
  }

  @Property(tries = 500)
  void upToKeepsOnlyEntriesAtOrBelowTheFlush(@ForAll long seed, @ForAll @IntRange(min = 0, max = 40) int flush) {
    for (Log log : world(seed, 8)) {
      TermHistory cut = log.history().upTo(lsn(flush));
      assertThat(log.history().startsWith(cut)).isTrue();
      assertThat(cut.entries()).allMatch(e -> !e.startLsn().isAfter(lsn(flush)));
      if (cut.size() < log.history().size()) {
        assertThat(log.history().get(cut.size()).startLsn()).isGreaterThan(lsn(flush));
      }
    }
  }

  @Test
  void noSharedTermMeansTheTimelineStart() throws Exception {
    TermHistory p = TermHistory.of(TermSwitch.of(2, 0, 0));
    TermHistory a = TermHistory.of(TermSwitch.of(1, 0, 0));
    assertThat(TermHistory.commonPoint(p, a, Lsn.of(800), Lsn.of(792)).lsn()).isEqualTo(Lsn.ZERO);
    assertThat(TermHistory.commonPoint(p, TermHistory.EMPTY, Lsn.ZERO, Lsn.ZERO).lsn()).isEqualTo(Lsn.ZERO);
  }

  @Test
  void theSmallerOfTheTwoTermEndsWins() throws Exception {
    // Term 1 ends at 96 for the proposer (term 3 took over there) and at 160 for the acceptor.
    TermHistory p = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(3, 96, 88));
    TermHistory a = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(2, 160, 152));
    CommonPoint cp = TermHistory.commonPoint(p, a, Lsn.of(400), Lsn.of(392));
    assertThat(cp).isEqualTo(new CommonPoint(Term.of(1), Lsn.of(96), Lsn.of(88)));
    // The acceptor's own switch is lower: its term 2 started at 40.
    TermHistory a2 = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(2, 40, 32));
    assertThat(TermHistory.commonPoint(p, a2, Lsn.of(400), Lsn.of(392))).isEqualTo(new CommonPoint(Term.of(1), Lsn.of(40), Lsn.of(32)));
    // A lagging acceptor: its flush is the bound.
    assertThat(TermHistory.commonPoint(p, a, Lsn.of(16), Lsn.of(8)).lsn()).isEqualTo(Lsn.of(16));
  }

  @Test
  void entriesAboveTheAcceptorsFlushAreIgnored() throws Exception {
    // The acceptor adopted term 2's history (start 200) but holds WAL only up to 64.
    TermHistory a = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(2, 200, 192));
    TermHistory p = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(3, 120, 112));
    assertThat(TermHistory.commonPoint(p, a, Lsn.of(64), Lsn.of(56)).lsn()).isEqualTo(Lsn.of(64));
    assertThat(a.lastLogTerm(Lsn.of(64))).isEqualTo(Term.of(1));
    assertThat(a.lastLogTerm(Lsn.of(200))).isEqualTo(Term.of(2));
  }

  @Test
  void oneTermWithTwoStartsIsAMismatch() {
    TermHistory p = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(2, 96, 88));
    TermHistory a = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(2, 104, 96));
    assertThatThrownBy(() -> TermHistory.commonPoint(p, a, Lsn.of(200), Lsn.of(192)))
        .isInstanceOf(HistoryMismatchException.class).hasMessageContaining("t2");
    TermHistory skipped = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(3, 40, 32), TermSwitch.of(4, 80, 72));
    TermHistory other = TermHistory.of(TermSwitch.of(1, 0, 0), TermSwitch.of(2, 40, 32), TermSwitch.of(4, 80, 72));
    assertThatThrownBy(() -> TermHistory.commonPoint(skipped, other, Lsn.of(200), Lsn.of(192)))
        .isInstanceOf(HistoryMismatchException.class);
  }

  @Test
  void malformedHistoriesAreRefused() {
    assertThatThrownBy(() -> TermHistory.of(TermSwitch.of(2, 0, 0), TermSwitch.of(2, 8, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TermHistory.of(TermSwitch.of(1, 80, 72), TermSwitch.of(2, 8, 0)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TermSwitch.of(1, 12, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TermSwitch.of(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> TermSwitch.of(1, 16, 16)).isInstanceOf(IllegalArgumentException.class);
  }
}
