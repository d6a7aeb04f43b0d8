package untorn.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import untorn.check.Budget;
import untorn.check.Judgement;
import untorn.check.Verdict;
import untorn.check.history.History;
import untorn.check.history.HistoryReader;

/**
 * Real Jepsen histories from Knossos's test data (see resources/untorn/check/knossos/README.md):
 * every verdict must match Knossos's, with its model (a cas-register whose initial value is 0).
 */
class KnossosHistoriesTest {
  static Path dir(String name) throws URISyntaxException {
    return Path.of(KnossosHistoriesTest.class.getResource("/untorn/check/knossos/" + name).toURI());
  }

  static List<Path> files(String name) throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(dir(name))) {
      return s.filter(p -> p.toString().endsWith(".edn")).sorted().collect(Collectors.toList());
    }
  }

  static List<Path> good() throws Exception {
    return files("good");
  }

  static List<Path> bad() throws Exception {
    return files("bad");
  }

  static Judgement check(Path file) throws Exception {
    History h = HistoryReader.read(file);
    return new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, 0L, () -> Budget.steps(10_000_000))
        .judge(h);
  }

  @ParameterizedTest
  @MethodSource("good")
  void goodHistoriesAreLinearizable(Path file) throws Exception {
    Judgement j = check(file);
    assertThat(j.verdict()).as("%s: %s", file, j.explanation()).isEqualTo(Verdict.VALID);
  }

  @ParameterizedTest
  @MethodSource("bad")
  void badHistoriesAreNotLinearizable(Path file) throws Exception {
    Judgement j = check(file);
    assertThat(j.verdict()).as("%s", file).isEqualTo(Verdict.INVALID);
    assertThat(j.anomalies()).containsExactly(LinearizabilityChecker.NONLINEARIZABLE);
    assertThat(j.explanation()).contains("cannot linearize").contains("can't");
  }

  /**
   * Knossos's own comments in bad-analysis.edn: the read of 2 fails while the register holds 0
   * or, if the crashed write of 1 took effect, 1. Both states must be named, though the verdict
   * search skips that write (nobody can observe it).
   */
  @org.junit.jupiter.api.Test
  void explanationNamesEveryStateIncludingOnesOnlyACrashedWriteReaches() throws Exception {
    Judgement j = check(dir("bad").resolve("bad-analysis.edn"));
    assertThat(j.explanation()).contains("cannot linearize process 21 :read 2")
        .contains("can't read 2 from register 0").contains("can't read 2 from register 1")
        .contains("process 20 :write 1 (never completed");
  }

  @org.junit.jupiter.api.Test
  void thereAreFourOfEach() throws Exception {
    assertThat(good()).hasSize(4);
    assertThat(bad()).hasSize(4);
  }
}
