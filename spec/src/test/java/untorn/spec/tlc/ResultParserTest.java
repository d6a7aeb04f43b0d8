package untorn.spec.tlc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ResultParser on TLC 2.18 outputs captured from real runs of Safekeeper.tla (tiny models). */
class ResultParserTest {
  static final List<String> CHECKED = List.of("TypeOK", "ElectionSafety", "CommitLsnMonotonic");

  static String captured(String name) throws IOException {
    try (InputStream in = ResultParserTest.class.getResourceAsStream("/untorn/spec/tlc/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static TlcResult parse(String name) throws Exception {
    return ResultParser.parse(ToolOutput.parse(captured(name)), CHECKED, 1.5);
  }

  @Test
  void aSuccessfulRunGivesItsCountsAndDepth() throws Exception {
    TlcResult r = parse("success.out");
    assertThat(r.passed()).isTrue();
    assertThat(r.statesGenerated()).isEqualTo(8008);
    assertThat(r.distinctStates()).isEqualTo(798);
    assertThat(r.depth()).isEqualTo(22);
    assertThat(r.properties()).isEqualTo(CHECKED);
    assertThat(r.elapsedSeconds()).isEqualTo(1.5);
  }

  @Test
  void aViolationNamesTheInvariantAndDiffsEveryStateOfTheCounterexample() throws Exception {
    TlcResult r = parse("violation.out");
    assertThat(r.passed()).isFalse();
    Violation v = r.violation().orElseThrow();
    assertThat(v.property()).isEqualTo("ElectionSafety");
    assertThat(v.kind()).isEqualTo(Violation.Kind.INVARIANT);
    assertThat(v.trace()).hasSize(10);
    assertThat(v.trace().get(0).action()).isEqualTo("Initial predicate");
    assertThat(v.trace().get(0).changes()).anyMatch(c -> c.startsWith("accTerm = "));
    assertThat(v.trace()).extracting(TraceStep::action).contains("RequestVote", "Vote", "AcceptorCrash", "Elect");
    TraceStep crash = v.trace().stream().filter(s -> s.action().equals("AcceptorCrash")).findFirst().orElseThrow();
    assertThat(crash.changes()).singleElement().asString().matches("accTerm\\[a\\d\\]: 1 -> 0");
    assertThat(r.statesGenerated()).isEqualTo(760);
    assertThat(r.distinctStates()).isEqualTo(168);
  }

  @Test
  void aLivenessViolationNamesTheTemporalPropertyAndEndsInStuttering() throws Exception {
    TlcResult r = ResultParser.parse(ToolOutput.parse(captured("liveness-violation.out")), List.of("EventuallyCommitted"), 1);
    Violation v = r.violation().orElseThrow();
    assertThat(v.kind()).isEqualTo(Violation.Kind.TEMPORAL_PROPERTY);
    assertThat(v.property()).isEqualTo("EventuallyCommitted");
    assertThat(v.trace().get(v.trace().size() - 1).action()).isEqualTo("Stuttering");
  }

  @Test
  void anErrorMessageIsAToolFailureNotAPass() {
    assertThatThrownBy(() -> parse("assumption-failed.out")).isInstanceOf(TlcOutputException.class)
        .hasMessageContaining("TLC reported error");
  }

  @Test
  void aCutOffOutputIsAToolFailure() {
    assertThatThrownBy(() -> parse("cut-off.out")).isInstanceOf(TlcOutputException.class);
  }

  @Test
  void anOutputWithoutAVerdictIsAToolFailure() throws Exception {
    String noVerdict = captured("success.out").replace("@!@!@STARTMSG 2193:0", "@!@!@STARTMSG 2999:0")
        .replace("@!@!@ENDMSG 2193", "@!@!@ENDMSG 2999");
    assertThatThrownBy(() -> ResultParser.parse(ToolOutput.parse(noVerdict), CHECKED, 1))
        .isInstanceOf(TlcOutputException.class).hasMessageContaining("neither success nor a violation");
  }

  @Test
  void aSuccessWithoutCountsIsAToolFailure() throws Exception {
    String noCounts = captured("success.out").replace("states generated", "states made");
    assertThatThrownBy(() -> ResultParser.parse(ToolOutput.parse(noCounts), CHECKED, 1))
        .isInstanceOf(TlcOutputException.class).hasMessageContaining("unreadable state counts");
  }

  @Test
  void valuesAreParsedAndDiffedPerEntry() {
    TlaValue before = TlaValue.parse("(a1 :> [term |-> 0, wal |-> <<>>] @@ a2 :> [term |-> 1, wal |-> <<<<1, p1>>>>])");
    TlaValue after = TlaValue.parse("(a1 :> [term |-> 2, wal |-> <<>>] @@ a2 :> [term |-> 1, wal |-> <<<<1, p1>>>>])");
    assertThat(StateDiff.changes(java.util.Map.of("acc", before), java.util.Map.of("acc", after)))
        .containsExactly("acc[a1].term: 0 -> 2");
    TlaValue set = TlaValue.parse("{[x |-> \"a b\", y |-> -1]}");
    assertThat(StateDiff.changes(java.util.Map.of("m", TlaValue.parse("{}")), java.util.Map.of("m", set)))
        .containsExactly("m += {[x |-> \"a b\", y |-> -1]}");
    assertThatThrownBy(() -> TlaValue.parse("[x |-> ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aKilledRunStillSaysHowFarItGotFromItsLastCompleteProgressReport() {
    // Tool-mode output of a run killed at its timeout: two progress reports (TLC 2.18's text),
    // then a third cut off mid-line.
    String output = """
        @!@!@STARTMSG 2200:0 @!@!@
        Progress(23) at 2026-12-02 22:45:10: 1,204,311 states generated (1,204,311 s/min), 201,877 distinct states found (201,877 ds/min), 88,410 states left on queue.
        @!@!@ENDMSG 2200 @!@!@
        @!@!@STARTMSG 2200:0 @!@!@
        Progress(25) at 2026-12-02 22:46:10: 2,410,020 states generated (1,205,709 s/min), 390,105 distinct states found (188,228 ds/min), 151,000 states left on queue.
        @!@!@ENDMSG 2200 @!@!@
        @!@!@STARTMSG 2200:0 @!@!@
        Progress(26) at 2026-12-02 22:47:10: 3,6""";
    Progress p = Progress.last(output).orElseThrow();
    assertThat(p).isEqualTo(new Progress(25, 2_410_020, 390_105, 151_000));
    TlcTimeoutException e = new TlcTimeoutException(java.time.Duration.ofSeconds(900), Progress.last(output));
    assertThat(e.getMessage()).contains("900 s").contains("depth 25, 390,105 distinct states, 2,410,020 generated");
    assertThat(Progress.last("TLC started, nothing else")).isEmpty();
  }
}
