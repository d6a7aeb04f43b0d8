package untorn.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

class TraceCodecTest {
  static final TenantTimeline TL = TenantTimeline.of(10, 11);
  static final NodeId SK1 = NodeId.of("sk1");
  static final NodeId SK2 = NodeId.of("sk2");
  static final NodeId C1 = NodeId.of("c1");

  /** One event of every kind, with distinct values in every field. */
  static List<TraceEvent> everyKind() {
    List<TermSwitch> h1 = List.of(TermSwitch.of(1, 0x28));
    List<TermSwitch> h2 = List.of(TermSwitch.of(1, 0x28), TermSwitch.of(2, 0x1A8));
    return List.of(
        new TraceEvent.Greet(TL, C1, SK1, Term.of(1)),
        new TraceEvent.RequestVote(TL, C1, Term.of(2)),
        new TraceEvent.Vote(TL, SK1, C1, Term.of(2), Lsn.of(0x1A8), h1),
        new TraceEvent.Elect(TL, C1, Term.of(2), List.of(SK2, SK1), SK1, h2),
        new TraceEvent.AcceptElected(TL, SK2, Term.of(2), Lsn.of(0x1A8), Lsn.of(0x100), h2),
        new TraceEvent.Propose(TL, C1, Term.of(2), Lsn.of(0x1A8), Lsn.of(0x1F0)),
        new TraceEvent.Append(TL, SK2, Term.of(2), Lsn.of(0x100), Lsn.of(0x1F0)),
        new TraceEvent.AckFlush(TL, SK2, Term.of(2), Lsn.of(0x1F0)),
        new TraceEvent.AdvanceCommit(TL, C1, Term.of(2), SK2, Lsn.of(0x1F0), Lsn.of(0x1A8)),
        new TraceEvent.LearnCommit(TL, SK2, Term.of(2), Lsn.of(0x1A8)),
        new TraceEvent.AcceptorCrash(SK2),
        new TraceEvent.AcceptorRestart(TL, SK2, Term.of(2), Lsn.of(0x1F0), Lsn.of(0x1A8), h2),
        new TraceEvent.ProposerCrash(C1));
  }

  @Test
  void everyEventKindSurvivesARoundTrip() throws Exception {
    List<TraceEvent> events = everyKind();
    StringWriter out = new StringWriter();
    TraceCodec.write(events, out);
    List<TraceEvent> back = TraceCodec.read(new BufferedReader(new StringReader(out.toString())));
    assertThat(back).isEqualTo(events);
    // Every permitted record of the sealed family is covered by the sample above.
    assertThat(events.stream().map(e -> e.getClass()).distinct().count()).isEqualTo(13);
  }

  @Test
  void lineFormatIsReadable() {
    String line = TraceCodec.encode(new TraceEvent.Vote(TL, SK1, C1, Term.of(3), Lsn.of(0x1A8),
        List.of(TermSwitch.of(1, 0x28), TermSwitch.of(3, 0x1A8))));
    assertThat(line).isEqualTo("{\"event\":\"Vote\",\"timeline\":\"000000000000000a/000000000000000b\","
        + "\"acceptor\":\"sk1\",\"proposer\":\"c1\",\"term\":3,\"flushLsn\":\"0/1A8\","
        + "\"history\":[[1,\"0/28\"],[3,\"0/1A8\"]]}");
  }

  @Test
  void badLinesAreTypedErrorsNamingTheLine() {
    String header = "{\"format\":\"untorn-trace\",\"version\":1}\n";
    String good = TraceCodec.encode(new TraceEvent.AcceptorCrash(SK1)) + "\n";
    assertBad("", 1, "empty trace");
    assertBad("{\"format\":\"untorn-trace\",\"version\":2}\n", 1, "version 2");
    assertBad("[1,2]\n", 1, "not a JSON object");
    assertBad(header + good + "{\"event\":\"Vote\"\n", 3, "not JSON");
    assertBad(header + "{\"event\":\"Teleport\",\"acceptor\":\"sk1\"}\n", 2, "unknown event 'Teleport'");
    assertBad(header + "{\"event\":\"AcceptorCrash\"}\n", 2, "expected event and [acceptor]");
    assertBad(header + "{\"event\":\"AcceptorCrash\",\"acceptor\":\"sk1\",\"x\":1}\n", 2, "has fields");
    assertBad(header + "{\"event\":\"AcceptorCrash\",\"proposer\":\"sk1\"}\n", 2, "lacks field 'acceptor'");
    assertBad(header + "{\"event\":\"AcceptorCrash\",\"acceptor\":7}\n", 2, "wrong type");
    assertBad(header + "{\"event\":\"AcceptorCrash\",\"acceptor\":\"no spaces\"}\n", 2, "node name");
    assertBad(header + "{\"event\":\"RequestVote\",\"timeline\":\"a/b\",\"proposer\":\"c1\",\"term\":-1}\n", 2, "negative term");
    assertBad(header + "{\"event\":\"RequestVote\",\"timeline\":\"a/b\",\"proposer\":\"c1\",\"term\":0}\n", 2, "never voted");
    assertBad(header + "{\"event\":\"RequestVote\",\"timeline\":\"zz/b\",\"proposer\":\"c1\",\"term\":1}\n", 2, "timeline");
    assertBad(header + "{\"event\":\"AckFlush\",\"timeline\":\"a/b\",\"acceptor\":\"sk1\",\"term\":1,\"flushLsn\":\"0-1\"}\n", 2, "not an LSN");
    // A history whose terms go down is refused by the event itself.
    assertBad(header + "{\"event\":\"Vote\",\"timeline\":\"a/b\",\"acceptor\":\"sk1\",\"proposer\":\"c1\",\"term\":3,"
        + "\"flushLsn\":\"0/0\",\"history\":[[2,\"0/0\"],[1,\"0/8\"]]}\n", 2, "terms must increase");
  }

  @Test
  void eventsRefuseInconsistentValues() {
    List<TermSwitch> h = List.of(TermSwitch.of(1, 0));
    assertThatThrownBy(() -> new TraceEvent.Elect(TL, C1, Term.of(2), List.of(SK1), SK2, h))
        .hasMessageContaining("not among the voters");
    assertThatThrownBy(() -> new TraceEvent.Elect(TL, C1, Term.of(2), List.of(SK1), SK1, h))
        .hasMessageContaining("ends with the proposer's term");
    assertThatThrownBy(() -> new TraceEvent.AcceptElected(TL, SK1, Term.of(2), Lsn.of(8), Lsn.of(16), h))
        .hasMessageContaining("above the truncation point");
    assertThatThrownBy(() -> new TraceEvent.Propose(TL, C1, Term.of(1), Lsn.of(16), Lsn.of(16)))
        .hasMessageContaining("must be after");
    assertThatThrownBy(() -> TermSwitch.checkedHistory(List.of(TermSwitch.of(1, 16), TermSwitch.of(2, 8))))
        .hasMessageContaining("must not decrease");
  }

  @Test
  void recordingSinkKeepsOrderFiltersByTimelineAndIsBounded() {
    RecordingTraceSink sink = new RecordingTraceSink(3);
    TenantTimeline other = TenantTimeline.of(10, 12);
    sink.emit(new TraceEvent.RequestVote(TL, C1, Term.of(1)));
    sink.emit(new TraceEvent.RequestVote(other, C1, Term.of(1)));
    sink.emit(new TraceEvent.AcceptorCrash(SK1));
    assertThat(sink.eventsOf(TL)).containsExactly(
        new TraceEvent.RequestVote(TL, C1, Term.of(1)), new TraceEvent.AcceptorCrash(SK1));
    assertThatThrownBy(() -> sink.emit(new TraceEvent.ProposerCrash(C1))).hasMessageContaining("3 events");
    assertThat(sink.size()).isEqualTo(3);
  }

  private static void assertBad(String text, long line, String fragment) {
    assertThatThrownBy(() -> TraceCodec.read(new BufferedReader(new StringReader(text))))
        .isInstanceOf(TraceFormatException.class)
        .hasMessageContaining("trace line " + line)
        .hasMessageContaining(fragment)
        .satisfies(e -> assertThat(((TraceFormatException) e).lineNumber()).isEqualTo(line));
  }
}
