package untorn.torture.consensus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import untorn.core.trace.TraceEvent;
import untorn.core.types.NodeId;
import untorn.safekeeper.Mutants;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;

/**
 * The consensus suite validates a seed's implementation trace against the TLA+ spec with TLC when
 * asked (a whole seed's trace, about 15 s of TLC), and
 * traces crashes the way the spec reads them: a proposer's in every phase, an acceptor's when it
 * happens.
 */
class ConsensusTlcTraceTest {
  @Test
  void aWholeSeedsTraceIsAdmittedByTheSpec() {
    // Seed 2, whole (11,433 events): 5 safekeepers, 3 computes, 40-odd elections, acceptors that
    // restart long after they crashed and one that never comes back. Before crashes were deferred
    // to the restart in SafekeeperTrace.tla, TLC found no verdict for it in 20 minutes.
    SeedResult r = new ConsensusSuite().run(2, new TortureOptions(Optional.empty(), false, 2, 1, 0));
    assertThat(r.violations()).as("%s", r.violations()).isEmpty();
    // TLC ran and admitted the whole trace (not merely: nothing was reported).
    assertThat(r.counters()).containsEntry("tlc-traces-admitted", 1L).containsEntry("tlc-trace-events-admitted", 11_433L);
  }

  @Test
  void aProposerThatCrashesWhileGreetingIsTracedAndTheTraceIsAdmitted() {
    // Seed 111: 5 safekeepers, 2 computes. c2 is greeted by sk4 and sk2 (a minority) and crashes
    // before it campaigns (event 6); its next incarnation is greeted afresh by sk4, sk3 and sk1
    // (165-167) and is elected in term 2 (181). (Found by scanning seeds 1-200.)
    long seed = 111;
    ConsensusScenario s = run(seed);
    List<TraceEvent> events = timelineEvents(s);
    int crash = firstCrashWhileGreeting(events);
    assertThat(crash).as("a proposer of seed %d crashes while greeting", seed).isEqualTo(6);
    assertThat(events.get(crash)).isEqualTo(new TraceEvent.ProposerCrash(NodeId.of("c2")));
    assertThat(events.subList(crash + 1, 200)).anyMatch(e -> e instanceof TraceEvent.Elect el
        && el.proposer().equals(NodeId.of("c2")));
    assertThat(TlcTraceCheck.check(s, 200)).isEmpty();
  }

  @Test
  void anAcceptorCrashIsTracedWhenItHappensNotWhenTheAcceptorRestarts() {
    ConsensusScenario s = run(38);
    List<TraceEvent> events = timelineEvents(s);
    Map<NodeId, Integer> lastEventOf = new HashMap<>();
    int restarts = 0;
    int othersInBetween = 0;
    for (int i = 0; i < events.size(); i++) {
      TraceEvent e = events.get(i);
      if (e instanceof TraceEvent.AcceptorRestart r) {
        Integer previous = lastEventOf.get(r.acceptor());
        assertThat(previous).as("restart at event %d comes after a crash", i).isNotNull();
        assertThat(events.get(previous)).as("the acceptor's event before its restart at %d", i)
            .isInstanceOf(TraceEvent.AcceptorCrash.class);
        restarts++;
        if (i - previous > 1) {
          othersInBetween++;
        }
      }
      lastEventOf.put(e.node(), i);
    }
    assertThat(restarts).isPositive();
    // Other nodes act while the acceptor is down: the crash event was emitted when it crashed.
    assertThat(othersInBetween).isEqualTo(restarts);
  }

  @Test
  void onlyTheRequestedSeedsAreValidated() {
    TortureOptions o = new TortureOptions(Optional.empty(), false, 10, 2, 0);
    assertThat(o.validatesTrace(9)).isFalse();
    assertThat(o.validatesTrace(10)).isTrue();
    assertThat(o.validatesTrace(11)).isTrue();
    assertThat(o.validatesTrace(12)).isFalse();
    assertThat(TortureOptions.defaults().validatesTrace(1)).isFalse();
  }

  static ConsensusScenario run(long seed) {
    ConsensusScenario s = new ConsensusScenario(seed, Mutants.NONE);
    ConsensusScenario.Outcome o = s.run(ConsensusScenario.schedule(seed), "", 0);
    assertThat(o.violations()).as("seed %d", seed).isEmpty();
    return s;
  }

  /** The events trace validation reads: the timeline's and every node crash. */
  static List<TraceEvent> timelineEvents(ConsensusScenario s) {
    return s.traceEvents().stream().filter(e -> e.timelineOf().map(ConsensusScenario.TIMELINE::equals).orElse(true))
        .toList();
  }

  /** The index of the first ProposerCrash of an incarnation that greeted but never asked for votes; -1 if none. */
  static int firstCrashWhileGreeting(List<TraceEvent> events) {
    Map<NodeId, String> phase = new HashMap<>();
    for (int i = 0; i < events.size(); i++) {
      TraceEvent e = events.get(i);
      if (e instanceof TraceEvent.Greet g) {
        phase.putIfAbsent(g.proposer(), "greeting");
      } else if (e instanceof TraceEvent.RequestVote rv) {
        phase.put(rv.proposer(), "campaigning");
      } else if (e instanceof TraceEvent.ProposerCrash pc) {
        if ("greeting".equals(phase.remove(pc.proposer()))) {
          return i;
        }
      }
    }
    return -1;
  }
}
