package untorn.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import untorn.core.trace.TraceCodec;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.Term;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trace validation with TLC on traces recorded from the consensus torture scenario (the first
 * events of a seed: a prefix of a real trace is a real trace) and on corrupted copies.
 * seed25: 5 safekeepers, 3 computes: elections after crashes, a divergent tail cut (event 394);
 * seed38: 3 safekeepers, 3 computes: an acceptor restart (278), an election after a proposer
 * crash (462) and a cut (636); seed6: 3 safekeepers, 2 computes, restart, elections, a cut (961).
 * seed6-ps: seed 6 recorded since the simulated pageserver joined the scenario (a different run),
 * with crashes traced when they happen: sk1 dies at event 1300 and restarts at 1429 (term 2, flush
 * 0/54E0), while c2 keeps proposing (the record ending 0/56C0 at 1306) and c1 requests votes in
 * term 3 (1351).
 * seed199: sk2 crashes at its first event, before it holds anything of the timeline; its restart
 * has no timeline to trace, and it votes at event 13 with no AcceptorRestart before (found by
 * `./untorn torture --suite consensus --seeds 200 --seed-start 31 --tlc-traces 200`).
 * The greeting-crash and campaign-crash traces are written by hand: a proposer that crashes while
 * still greeting, or while campaigning.
 */
class TraceValidationTest {
  static Path resource(String name) throws URISyntaxException {
    return Path.of(TraceValidationTest.class.getResource("/untorn/spec/trace/" + name).toURI());
  }

  static TraceVerdict validate(String name) throws Exception {
    List<TraceVerdict> verdicts = TraceValidation.validateFile(resource(name), Optional.empty(), Duration.ofMinutes(5));
    assertThat(verdicts).hasSize(1);
    return verdicts.get(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"seed25-first700.jsonl", "seed38-first900.jsonl", "seed6-first1200.jsonl", "seed6-ps-first1440.jsonl",
      "seed199-first200.jsonl"})
  void recordedTracesAreAdmitted(String trace) throws Exception {
    TraceVerdict v = validate(trace);
    assertThat(v.admitted()).as(v.describe()).isTrue();
    assertThat(v.matchedEvents()).isEqualTo(v.events());
    assertThat(v.steps()).isGreaterThanOrEqualTo(v.events() - 5);
  }

  @ParameterizedTest
  @CsvSource({
      // c1 crashes twice while greeting (once after c2's vote raised sk1's term), then greets a
      // majority again and is elected in term 2
      "greeting-crash.jsonl, 15",
      // c1 asks for votes in term 1, gets sk1's, crashes; its next incarnation is greeted by sk2
      // and sk3 (still at term 0), asks for term 1 again and is elected by them
      "campaign-crash.jsonl, 11",
      // sk3 dies before its timeline exists; its restart creates the timeline (no
      // AcceptorRestart), it persists c1's term-1 request (sent after the first crash) and dies
      // before tracing the vote; its next restart reports term 1: the second crash must snapshot
      // the messages afresh
      "never-held-double-crash.jsonl, 9",
      // sk3 persisted term 2 (a silent vote) and died; c2 crashed meanwhile; after sk3's restart
      // (term 2) c2's next incarnation is greeted with term 2 (corrupt-greet-stale-after-restart: 1)
      "greet-after-restart.jsonl, 13"})
  void handWrittenTracesAreAdmitted(String trace, int events) throws Exception {
    TraceVerdict v = validate(trace);
    assertThat(v.admitted()).as(v.describe()).isTrue();
    assertThat(v.events()).isEqualTo(events);
    assertThat(v.matchedEvents()).isEqualTo(events);
  }

  @ParameterizedTest
  @CsvSource({
      // a vote repeated in the term the acceptor already promised
      "corrupt-vote-same-term.jsonl, 15, Vote",
      // the proposer's commit LSN raised to a record end no majority had flushed
      "corrupt-commit-above-majority.jsonl, 21, AdvanceCommit",
      // an acceptor's AcceptElected left out: its next flush acknowledgement has no term to be in
      "corrupt-dropped-accept-elected.jsonl, 13, AckFlush",
      // a proposer that greeted one acceptor, crashed while greeting and greeted another campaigns:
      // the greeting before the crash does not count for the next incarnation
      "corrupt-greeting-crash-forgotten.jsonl, 3, RequestVote",
      // after crashing while greeting, a proposer is greeted with a term the acceptor held only
      // before the crash
      "corrupt-greeting-crash-stale-term.jsonl, 7, Greet",
      // the next incarnation counts sk1's vote, cast for the incarnation that crashed (the spec's
      // votes name the proposer, not its incarnation: the trace spec tells them apart)
      "corrupt-campaign-crash-stale-vote.jsonl, 10, Elect",
      // sk3 persisted term 1 (a silent vote) and died; c2's next incarnation, begun while sk3 was
      // down, is greeted after sk3's restart (term 1) with term 0, which sk3 no longer held
      "corrupt-greet-stale-after-restart.jsonl, 11, Greet"})
  void corruptedCopiesAreRejectedAtTheCorruptEvent(String trace, int matched, String event) throws Exception {
    TraceVerdict v = validate(trace);
    assertThat(v.admitted()).as(v.describe()).isFalse();
    assertThat(v.matchedEvents()).isEqualTo(matched);
    assertThat(v.firstUnmatched().orElseThrow()).startsWith("{\"event\":\"" + event + "\"");
    assertThat(v.describe()).contains("REJECTED").contains("event #" + (matched + 1));
  }

  static final int SK1_CRASH = 1300;
  static final int SK1_RESTART = 1429;

  static List<TraceEvent> seed6Ps() throws Exception {
    try (BufferedReader in = Files.newBufferedReader(resource("seed6-ps-first1440.jsonl"))) {
      return new ArrayList<>(TraceCodec.read(in));
    }
  }

  static TraceVerdict validate(List<TraceEvent> events) throws Exception {
    return TraceValidation.validate("seed6-ps", events, List.of(), Duration.ofMinutes(5));
  }

  static TraceEvent.AcceptorRestart sk1Restart(List<TraceEvent> events) {
    assertThat(events.get(SK1_CRASH)).isEqualTo(new TraceEvent.AcceptorCrash(untorn.core.types.NodeId.of("sk1")));
    return (TraceEvent.AcceptorRestart) events.get(SK1_RESTART);
  }

  static void assertRejectedAt(TraceVerdict v, int event, String kind) {
    assertThat(v.admitted()).as(v.describe()).isFalse();
    assertThat(v.matchedEvents()).isEqualTo(event);
    assertThat(v.firstUnmatched().orElseThrow()).startsWith("{\"event\":\"" + kind + "\"");
  }

  @Test
  void anAcceptorThatComesBackWithATermRequestedOnlyAfterItDiedIsRejected() throws Exception {
    List<TraceEvent> events = seed6Ps();
    TraceEvent.AcceptorRestart r = sk1Restart(events);
    events.set(SK1_RESTART, new TraceEvent.AcceptorRestart(r.timeline(), r.acceptor(), Term.of(3), r.flushLsn(),
        r.commitLsn(), r.history()));
    assertRejectedAt(validate(events), SK1_RESTART, "AcceptorRestart");
  }

  @Test
  void anAcceptorThatComesBackWithARecordProposedOnlyAfterItDiedIsRejected() throws Exception {
    List<TraceEvent> events = seed6Ps();
    TraceEvent.AcceptorRestart r = sk1Restart(events);
    assertThat(events.get(1306)).isInstanceOfSatisfying(TraceEvent.Propose.class,
        p -> assertThat(p.endLsn()).isEqualTo(Lsn.parse("0/56C0")));
    events.set(SK1_RESTART, new TraceEvent.AcceptorRestart(r.timeline(), r.acceptor(), r.term(), Lsn.parse("0/56C0"),
        r.commitLsn(), r.history()));
    assertRejectedAt(validate(events), SK1_RESTART, "AcceptorRestart");
  }

  @Test
  void anAcceptorThatLogsAStepWhileDownIsRejected() throws Exception {
    List<TraceEvent> events = seed6Ps();
    sk1Restart(events);
    TraceEvent lastAck = events.get(SK1_CRASH - 1);
    assertThat(lastAck).isInstanceOf(TraceEvent.AckFlush.class);
    events.add(SK1_CRASH + 1, lastAck);
    assertRejectedAt(validate(events), SK1_CRASH + 1, "AckFlush");
  }
}
