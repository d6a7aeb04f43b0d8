package untorn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code untorn check}: its output lines, JSON, directory walking and exit codes, as the issue states them. */
class CheckCommandTest {
  static final String GOOD = "{:process 0, :type :invoke, :f :write, :value 1}\n"
      + "{:process 0, :type :ok, :f :write, :value 1}\n"
      + "{:process 1, :type :invoke, :f :read, :value nil}\n"
      + "{:process 1, :type :ok, :f :read, :value 1}\n";
  static final String BAD = "[{:process 0, :type :invoke, :f :write, :value 1}\n"
      + " {:process 0, :type :ok, :f :write, :value 1}\n"
      + " {:process 1, :type :invoke, :f :read, :value nil}\n"
      + " {:process 1, :type :ok, :f :read, :value 2}]\n";
  static final String SKEW = "{:process 0, :type :invoke, :f :txn, :value [[:r :x nil] [:append :y 1]]}\n"
      + "{:process 1, :type :invoke, :f :txn, :value [[:r :y nil] [:append :x 1]]}\n"
      + "{:process 0, :type :ok, :f :txn, :value [[:r :x []] [:append :y 1]]}\n"
      + "{:process 1, :type :ok, :f :txn, :value [[:r :y []] [:append :x 1]]}\n"
      + "{:process 2, :type :invoke, :f :txn, :value [[:r :x nil] [:r :y nil]]}\n"
      + "{:process 2, :type :ok, :f :txn, :value [[:r :x [1]] [:r :y [1]]]}\n";

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void validHistoriesExitZeroWithOneLinePerHistoryAndATotal(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("b.edn"), GOOD);
    Files.createDirectories(dir.resolve("sub"));
    Files.writeString(dir.resolve("sub/a.edn"), GOOD);
    Files.writeString(dir.resolve("a.edn"), GOOD);
    Files.writeString(dir.resolve("notes.txt"), "not a history");
    Run r = run("check", "--linearizable", "cas-register", dir.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(0);
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith(dir.resolve("a.edn").toString()).contains("4 ops").contains("VALID").contains(" ms");
    assertThat(lines.get(1)).startsWith(dir.resolve("b.edn").toString());
    assertThat(lines.get(2)).startsWith(dir.resolve("sub/a.edn").toString());
    assertThat(lines.get(3)).startsWith("total: 3 histories, 12 ops: 3 valid, 0 invalid, 0 unknown, 0 unreadable");
  }

  @Test
  void anInvalidHistoryExitsOneAndIsExplained(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("good.edn"), GOOD);
    Files.writeString(dir.resolve("bad.edn"), BAD);
    Run r = run("check", "--linearizable", "register", dir.resolve("good.edn").toString(), dir.resolve("bad.edn").toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).contains("INVALID").contains("nonlinearizable").contains("can't read 2 from register 1");
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(2)).as("one line per history, then the total, then the explanations").startsWith("total: 2 histories");
    assertThat(lines.get(4)).isEqualTo(dir.resolve("bad.edn") + ": invalid");
    Run brief = run("check", "--brief", "--linearizable", "register", dir.resolve("bad.edn").toString());
    assertThat(brief.out()).doesNotContain("can't read");
  }

  @Test
  void unreadableOrUnknownExitsTwo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bad.edn"), BAD);
    Files.writeString(dir.resolve("broken.edn"), "{:process 0, :type :invoke, :f :read}\n{:process 0 :type}\n");
    Run r = run("check", "--linearizable", "cas-register", dir.toString());
    assertThat(r.exit()).as("an unreadable file outranks an invalid one").isEqualTo(2);
    assertThat(r.out()).contains("UNREADABLE").contains("malformed EDN at line 2");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Run none = run("check", empty.toString());
    assertThat(none.exit()).isEqualTo(2);
    assertThat(none.err()).contains("no *.edn history below");
    Run missing = run("check", dir.resolve("nope.edn").toString());
    assertThat(missing.exit()).isEqualTo(2);
    Run unknown = run("check", "--linearizable", "cas-register", "--max-steps", "1", dir.resolve("bad.edn").toString());
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.out()).contains("UNKNOWN").contains("budget-exhausted");
    Run cas = run("check", "--linearizable", "register", write(dir, "cas.edn",
        "{:process 0, :type :invoke, :f :cas, :value [1 2]}\n{:process 0, :type :ok, :f :cas, :value [1 2]}\n").toString());
    assertThat(cas.exit()).isEqualTo(2);
    assertThat(cas.out()).contains("the register model has no operation :f :cas (use cas-register)");
  }

  @Test
  void jsonReportHasExactlyTheIssuesFields(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a-good.edn"), GOOD);
    Files.writeString(dir.resolve("b-bad.edn"), BAD);
    Files.writeString(dir.resolve("c-broken.edn"), "[");
    Path json = dir.resolve("out/report.json");
    Files.createDirectories(json.getParent());
    Run r = run("check", "--linearizable", "cas-register", "--initial", "nil", "--json", json.toString(), dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    JsonNode root = new ObjectMapper().readTree(json.toFile());
    assertThat(fieldNames(root)).containsExactly("results");
    JsonNode results = root.get("results");
    assertThat(results).hasSize(3);
    for (JsonNode row : results) {
      assertThat(fieldNames(row)).containsExactly("file", "ops", "valid", "millis", "anomalies");
      assertThat(row.get("millis").isNumber()).isTrue();
    }
    assertThat(results.get(0).get("file").asText()).isEqualTo(dir.resolve("a-good.edn").toString());
    assertThat(results.get(0).get("valid").asBoolean()).isTrue();
    assertThat(results.get(0).get("ops").asInt()).isEqualTo(4);
    assertThat(results.get(1).get("valid").isBoolean()).isTrue();
    assertThat(results.get(1).get("valid").asBoolean()).isFalse();
    assertThat(results.get(1).get("anomalies").get(0).asText()).isEqualTo("nonlinearizable");
    assertThat(results.get(2).get("valid").asText()).isEqualTo("unknown");
  }

  @Test
  void transactionHistoriesGoToElleByDefaultOrByModel(@TempDir Path dir) throws Exception {
    Path skew = write(dir, "skew.edn", SKEW);
    Run strict = run("check", skew.toString());
    assertThat(strict.exit()).isEqualTo(1);
    assertThat(strict.out()).contains("G2-item");
    Run si = run("check", "--model", "snapshot-isolation", skew.toString());
    assertThat(si.exit()).as(si.out()).isEqualTo(0);
    Run txnAsRegister = run("check", "--linearizable", "cas-register", skew.toString());
    assertThat(txnAsRegister.exit()).isEqualTo(2);
  }

  @Test
  void usageErrorsExitTwo(@TempDir Path dir) throws Exception {
    Path good = write(dir, "g.edn", GOOD);
    assertThat(run("check", "--initial", "0", good.toString()).exit()).isEqualTo(2);
    assertThat(run("check", "--linearizable", "queue", good.toString()).exit()).isEqualTo(2);
    assertThat(run("check", "--model", "linearizable", good.toString()).exit()).isEqualTo(2);
    assertThat(run("check", "--linearizable", "register", "--model", "serializable", good.toString()).exit()).isEqualTo(2);
    assertThat(run("check", "--linearizable", "register", "--initial", "[1", good.toString()).exit()).isEqualTo(2);
    assertThat(run("check").exit()).isEqualTo(2);
  }

  @Test
  void initialValueIsParsedAsEdn(@TempDir Path dir) throws Exception {
    Path readsZero = write(dir, "zero.edn", "{:process 0, :type :invoke, :f :read, :value nil}\n"
        + "{:process 0, :type :ok, :f :read, :value 0}\n");
    assertThat(run("check", "--linearizable", "register", readsZero.toString()).exit()).isEqualTo(1);
    assertThat(run("check", "--linearizable", "register", "--initial", "0", readsZero.toString()).exit()).isEqualTo(0);
  }

  private static Path write(Path dir, String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
