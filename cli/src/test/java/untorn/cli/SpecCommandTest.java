package untorn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code untorn spec check}: exit codes, printed counts and counterexample, and the JSON the issue specifies. */
class SpecCommandTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void listsTheMutants() {
    Run r = run("spec", "check", "--list-mutants");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("vote-without-persist", "no-truncate", "commit-on-minority", "donor-not-most-advanced",
        "accept-stale-term");
  }

  @Test
  void theDefaultModelIsTheIssuesBound() {
    // 3 acceptors, 2 proposers, terms up to 3, 2 entries (ModelCheckTest checks it and its counts).
    Run r = run("spec", "check", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out().replaceAll("\\s+", " ")).contains("Acceptors (default 3)", "Proposers (default 2)",
        "Highest term (default 3)", "Entries ever created, in all (default 2)", "--no-view");
  }

  @Test
  void withoutTheViewAMutantIsRefutedToo() {
    Run viewed = run("spec", "check", "--mutant", "vote-without-persist", "--max-term", "1", "--max-entries", "0");
    Run whole = run("spec", "check", "--mutant", "vote-without-persist", "--max-term", "1", "--max-entries", "0",
        "--no-view");
    assertThat(viewed.exit()).as(viewed.out() + viewed.err()).isEqualTo(1);
    assertThat(whole.exit()).as(whole.out() + whole.err()).isEqualTo(1);
    assertThat(whole.out()).contains("safety, whole states", "VIOLATION of ElectionSafety");
    assertThat(viewed.out()).doesNotContain("whole states").contains("VIOLATION of ElectionSafety");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(run("spec", "check", "--mutant", "no-such-mutant").exit()).isEqualTo(2);
    assertThat(run("spec", "check", "--acceptors", "0").exit()).isEqualTo(2);
  }

  @Test
  void aMutantPrintsItsCounterexampleExitsOneAndWritesJson(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("r.json");
    Run r = run("spec", "check", "--mutant", "vote-without-persist", "--max-term", "1", "--max-entries", "0",
        "--json", json.toString());
    assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
    assertThat(r.out()).contains("distinct states:", "states generated:", "depth:", "time:", "VIOLATION of ElectionSafety")
        .contains("AcceptorCrash").contains("Elect");
    JsonNode node = new ObjectMapper().readTree(json.toFile());
    assertThat(node.fieldNames()).toIterable().containsExactly("distinctStates", "statesGenerated", "depth",
        "elapsedSeconds", "invariants", "violation");
    assertThat(node.get("distinctStates").asLong()).isPositive();
    assertThat(node.get("violation").get("invariant").asText()).isEqualTo("ElectionSafety");
    assertThat(node.get("violation").get("trace").size()).isGreaterThan(3);
  }
}
