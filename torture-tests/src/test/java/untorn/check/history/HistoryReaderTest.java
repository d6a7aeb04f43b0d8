package untorn.check.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import untorn.check.edn.Keyword;

class HistoryReaderTest {
  static final String LINES = "{:index 0, :time 5, :type :invoke, :process 0, :f :read, :value nil}\n"
      + "; a comment line\n"
      + "{:value 3, :f :read, :process 0, :type :ok, :extra \"ignored\", :index 1, :time 9}\n";

  @Test
  void bothShapesReadToTheSameEvents() throws Exception {
    History lines = HistoryReader.parse("lines", LINES);
    History vector = HistoryReader.parse("vector", "[" + LINES + "]");
    History list = HistoryReader.parse("list", "; header\n(" + LINES + ")\n; trailer\n");
    assertThat(lines.ops()).hasSize(2);
    assertThat(vector.ops()).isEqualTo(lines.ops());
    assertThat(withoutLines(list.ops())).isEqualTo(withoutLines(lines.ops()));
    assertThat(list.ops().get(1).line()).as("the header comment moves it down a line").isEqualTo(4);
    Op ok = lines.ops().get(1);
    assertThat(ok.type()).isEqualTo(OpType.OK);
    assertThat(ok.f()).isSameAs(Keyword.of("read"));
    assertThat(ok.value()).isEqualTo(3L);
    assertThat(ok.timeNanos()).isEqualTo(9L);
    assertThat(ok.line()).isEqualTo(3);
  }

  @Test
  void recordLiteralsAndMissingIndicesAreAccepted() throws Exception {
    History h = HistoryReader.parse("rec", "#jepsen.history.Op{:type :invoke, :process 1, :f :write, :value 2}\n"
        + "{:type :ok, :process 1, :f :write, :value 2}\n");
    assertThat(h.ops().get(0).index()).isEqualTo(0);
    assertThat(h.ops().get(1).index()).isEqualTo(1);
    assertThat(h.ops().get(0).timeNanos()).isEqualTo(-1);
    assertThat(HistoryReader.parse("empty", "  ; nothing\n").ops()).isEmpty();
  }

  @Test
  void malformedFilesNameTheirLine() {
    assertRejected("{:type :invoke, :process 0, :f :read}\n[1 2]\n", "line 2: expected an op map, found [1 2]");
    assertRejected("{:type :invoke, :process 0}\n\n{:process 0, :f :read}\n", "line 3: :type must be :invoke, :ok, :fail or :info, found no :type");
    assertRejected("{:type :done, :process 0}", "line 1: :type must be :invoke, :ok, :fail or :info, found :done");
    assertRejected("{:type :ok, :f :read}", "line 1: op has no :process");
    assertRejected("{:type :ok, :process 0, :index \"7\"}", "line 1: :index must be an integer");
    assertRejected("{:type :ok, :process 0}\n{:type :ok :process}", "malformed EDN at line 2");
    assertRejected("[{:type :ok, :process 0}\n{:type :ok, :process 1}", "is never closed");
    assertRejected("[{:type :ok, :process 0}]\n{:type :ok, :process 1}", "line 2: more data after the history's closing ']'");
  }

  @Test
  void pairingErrorsNameTheirLine() throws Exception {
    assertPairing("{:type :ok, :process 0, :f :read, :value 1}", "line 1: :ok for process 0 which has no pending invocation");
    assertPairing("{:type :invoke, :process 0, :f :read}\n{:type :invoke, :process 0, :f :read}",
        "line 2: process 0 invokes again while its invocation at line 1 is still pending");
    assertPairing("{:type :invoke, :process 0, :f :read}\n{:type :ok, :process 0, :f :write}",
        "line 2: completion :f :write does not match its invocation's :f :read at line 1");
  }

  @Test
  void operationsTakeKnossosValues() throws Exception {
    History h = HistoryReader.parse("h", "{:type :invoke, :process 0, :f :read, :value nil}\n"
        + "{:type :invoke, :process 1, :f :write, :value 4}\n"
        + "{:type :ok, :process 0, :f :read, :value 4}\n"
        + "{:type :info, :process 1, :f :write, :value :timed-out}\n"
        + "{:type :invoke, :process 2, :f :write, :value 5}\n"
        + "{:type :invoke, :process :nemesis, :f :kill, :value nil}\n");
    List<Operation> ops = h.operations();
    assertThat(ops).hasSize(3);
    assertThat(ops.get(0).value()).as("an ok op takes its completion's value").isEqualTo(4L);
    assertThat(ops.get(0).outcome()).isEqualTo(Operation.Outcome.OK);
    assertThat(ops.get(1).value()).as("an info op keeps its invocation's value").isEqualTo(4L);
    assertThat(ops.get(1).outcome()).isEqualTo(Operation.Outcome.INDETERMINATE);
    assertThat(ops.get(2).outcome()).as("never completed").isEqualTo(Operation.Outcome.INDETERMINATE);
    assertThat(ops.get(2).completePos()).isEqualTo(Operation.OPEN);
  }

  @Test
  void recordedHistoriesRoundTripThroughEdn(@TempDir Path dir) throws Exception {
    long[] now = {100};
    HistoryRecorder r = new HistoryRecorder(() -> now[0]++);
    r.invoke(0L, Keyword.of("write"), 1L);
    r.invoke(1L, Keyword.of("cas"), List.of(1L, 2L));
    r.ok(0L, 1L);
    r.nemesis(Keyword.of("partition"), "n1 n2");
    r.fail(1L, List.of(1L, 2L));
    r.invoke(2L, Keyword.of("read"), null);
    r.info(2L, null);
    History h = r.history("recorded");
    Path f = dir.resolve("history.edn");
    HistoryWriter.write(h, f);
    History back = HistoryReader.read(f);
    assertThat(back.size()).isEqualTo(h.size());
    for (int i = 0; i < h.size(); i++) {
      Op a = h.ops().get(i);
      Op b = back.ops().get(i);
      assertThat(List.of(b.index(), b.timeNanos(), b.type(), b.process(), b.f()))
          .isEqualTo(List.of(a.index(), a.timeNanos(), a.type(), a.process(), a.f()));
      assertThat(b.value()).isEqualTo(a.value());
    }
    assertThat(Files.readAllLines(f).get(0)).isEqualTo("{:index 0, :time 100, :type :invoke, :process 0, :f :write, :value 1}");
  }

  @Test
  void unreadableFilesAreTypedErrors(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("latin1.edn");
    Files.write(bad, new byte[] {'{', ':', 'a', ' ', '"', (byte) 0xE9, '"', '}'});
    assertThatThrownBy(() -> HistoryReader.read(bad)).isInstanceOf(HistoryException.class).hasMessageContaining("not UTF-8");
    assertThatThrownBy(() -> HistoryReader.read(dir.resolve("missing.edn"))).isInstanceOf(HistoryException.class)
        .hasMessageContaining("cannot read");
  }

  private static List<Op> withoutLines(List<Op> ops) {
    return ops.stream().map(o -> new Op(o.index(), o.process(), o.type(), o.f(), o.value(), o.timeNanos(), 0))
        .collect(java.util.stream.Collectors.toList());
  }

  private static void assertRejected(String text, String message) {
    assertThatThrownBy(() -> HistoryReader.parse("f.edn", text)).isInstanceOf(HistoryException.class)
        .hasMessageStartingWith("f.edn: ").hasMessageContaining(message);
  }

  private static void assertPairing(String text, String message) throws Exception {
    History h = HistoryReader.parse("f.edn", text);
    assertThatThrownBy(h::operations).isInstanceOf(HistoryException.class).hasMessageContaining(message);
  }
}
