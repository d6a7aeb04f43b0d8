package untorn.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.trace.TermSwitch;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/** Byte LSNs to entry counts, as the core/trace package doc defines them. */
class LsnMapTest {
  static final TenantTimeline TL = TenantTimeline.of(1, 1);

  static TraceEvent propose(long term, long start, long end) {
    return new TraceEvent.Propose(TL, NodeId.of("c1"), Term.of(term), Lsn.of(start), Lsn.of(end));
  }

  @Test
  void countsWholeRecordsOfEachTermUpToItsNextSwitch() {
    // term 1 wrote records ending at 100, 200, 300; term 2 was elected with the donor at 200 (the
    // record ending at 300 was a divergent tail) and wrote 250, 320 (after a page header at 200).
    LsnMap m = new LsnMap(List.of(propose(1, 40, 100), propose(1, 100, 200), propose(1, 200, 300),
        propose(2, 200, 250), propose(2, 250, 320)));
    List<TermSwitch> h1 = List.of(TermSwitch.of(1, 40));
    List<TermSwitch> h2 = List.of(TermSwitch.of(1, 40), TermSwitch.of(2, 200));
    assertThat(m.count(h1, Lsn.of(40))).isZero();
    assertThat(m.count(h1, Lsn.of(199))).isEqualTo(1); // a record ending past the LSN does not count yet
    assertThat(m.count(h1, Lsn.of(300))).isEqualTo(3);
    assertThat(m.count(h2, Lsn.of(300))).isEqualTo(3); // 100, 200 of term 1; 250 of term 2
    assertThat(m.count(h2, Lsn.of(320))).isEqualTo(4);
    assertThat(m.history(h2)).extracting(a -> a[0] + "@" + a[1]).containsExactly("1@0", "2@2");
  }
}
