package untorn.spec.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * The greeting-crash traces are written by hand: a proposer that crashes while still greeting.
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
  @ValueSource(strings = {"seed25-first700.jsonl", "seed38-first900.jsonl", "seed6-first1200.jsonl"})
  void recordedTracesAreAdmitted(String trace) throws Exception {
    TraceVerdict v = validate(trace);
    assertThat(v.admitted()).as(v.describe()).isTrue();
    assertThat(v.matchedEvents()).isEqualTo(v.events());
    assertThat(v.steps()).isGreaterThanOrEqualTo(v.events() - 5);
  }

  @Test
  void aProposerCrashWhileGreetingIsAdmittedAndItsNextIncarnationGreetsAfresh() throws Exception {
    // c1 crashes twice while greeting (once after c2's vote raised sk1's term), then greets a
    // majority again and is elected in term 2.
    TraceVerdict v = validate("greeting-crash.jsonl");
    assertThat(v.admitted()).as(v.describe()).isTrue();
    assertThat(v.matchedEvents()).isEqualTo(15);
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
      "corrupt-greeting-crash-stale-term.jsonl, 7, Greet"})
  void corruptedCopiesAreRejectedAtTheCorruptEvent(String trace, int matched, String event) throws Exception {
    TraceVerdict v = validate(trace);
    assertThat(v.admitted()).as(v.describe()).isFalse();
    assertThat(v.matchedEvents()).isEqualTo(matched);
    assertThat(v.firstUnmatched().orElseThrow()).startsWith("{\"event\":\"" + event + "\"");
    assertThat(v.describe()).contains("REJECTED").contains("event #" + (matched + 1));
  }
}
