package untorn.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import untorn.check.elle.ElleChecker;
import untorn.check.history.History;
import untorn.check.history.HistoryReader;
import untorn.check.linear.LinearizabilityChecker;

/**
 * The handwritten histories under resources/untorn/check/handwritten: one per Knossos corner and
 * one per Elle anomaly class, each with its expected verdict (see the READMEs there).
 */
class HandwrittenHistoriesTest {
  static Path dir(String name) throws URISyntaxException {
    return Path.of(HandwrittenHistoriesTest.class.getResource("/untorn/check/handwritten/" + name).toURI());
  }

  static List<Path> edn(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".edn")).sorted().collect(Collectors.toList());
    }
  }

  static Judgement linear(LinearizabilityChecker.Kind kind, Path file) throws Exception {
    return new LinearizabilityChecker(kind, null, () -> Budget.steps(1_000_000)).judge(HistoryReader.read(file));
  }

  @TestFactory
  Stream<DynamicTest> knossosCorners() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (String sub : List.of("valid", "invalid", "kv-valid", "kv-invalid")) {
      LinearizabilityChecker.Kind kind = sub.startsWith("kv") ? LinearizabilityChecker.Kind.KV
          : LinearizabilityChecker.Kind.CAS_REGISTER;
      Verdict expected = sub.endsWith("invalid") ? Verdict.INVALID : Verdict.VALID;
      for (Path f : edn(dir("linearizable/" + sub))) {
        tests.add(DynamicTest.dynamicTest(sub + "/" + f.getFileName(), () -> {
          Judgement j = linear(kind, f);
          assertThat(j.verdict()).as(j.explanation()).isEqualTo(expected);
        }));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(18);
    return tests.stream();
  }

  @Test
  void failureExplanationNamesTheOperationAndTheStatesKnossosStyle() throws Exception {
    Judgement j = linear(LinearizabilityChecker.Kind.CAS_REGISTER, dir("linearizable/invalid").resolve("stale-read.edn"));
    assertThat(j.explanation())
        .contains("cannot linearize process 1 :read 1 (ok, invoked at index 4, completed at index 5, line 6)")
        .contains("can't read 1 from register 2")
        .contains("longest linearizable prefix: 2 operations")
        .contains("process 0 :write 2");
    Judgement cas = linear(LinearizabilityChecker.Kind.CAS_REGISTER, dir("linearizable/invalid").resolve("cas-from-wrong-value.edn"));
    assertThat(cas.explanation()).contains("can't CAS register 1 from 2 to 3");
  }

  @Test
  void kvFailureNamesTheFailingKeys() throws Exception {
    Judgement j = linear(LinearizabilityChecker.Kind.KV, dir("linearizable/kv-invalid").resolve("one-key-stale.edn"));
    assertThat(j.explanation()).contains("1 of 2 keys are not linearizable: [:y]").contains("can't read 1 from register 2");
  }

  @TestFactory
  Stream<DynamicTest> elleAnomalyClasses() throws Exception {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path f : edn(dir("list-append"))) {
      Map<ElleChecker.Model, List<String>> expected = expectations(f);
      assertThat(expected).as("%s must state every model's verdict", f).hasSize(ElleChecker.Model.values().length);
      History h = HistoryReader.read(f);
      for (Map.Entry<ElleChecker.Model, List<String>> e : expected.entrySet()) {
        tests.add(DynamicTest.dynamicTest(f.getFileName() + " under " + e.getKey().cliName(), () -> {
          Judgement j = new ElleChecker(e.getKey(), () -> Budget.steps(1_000_000)).judge(h);
          if (e.getValue().isEmpty()) {
            assertThat(j.verdict()).as(j.explanation()).isEqualTo(Verdict.VALID);
          } else {
            assertThat(j.verdict()).isEqualTo(Verdict.INVALID);
            assertThat(j.anomalies()).as(j.explanation()).containsExactlyElementsOf(e.getValue());
            assertThat(j.explanation()).contains(e.getValue().get(0) + ":");
          }
        }));
      }
    }
    assertThat(tests).hasSizeGreaterThanOrEqualTo(15 * 6);
    return tests.stream();
  }

  @Test
  void aReadOffTheLongestOnesPathIsJudgedByWhatItHolds() throws Exception {
    Judgement j = new ElleChecker(ElleChecker.Model.SERIALIZABLE, () -> Budget.steps(1_000_000))
        .judge(HistoryReader.read(dir("list-append").resolve("incompatible-read-not-blamed.edn")));
    assertThat(j.explanation()).contains("G1a: 1 case").contains("duplicate-elements: 1 case")
        .doesNotContain("= [1 5 6 7], containing").doesNotContain("= [1 5 6 7], in which");
  }

  /** The {@code ; expect MODEL: valid|ANOMALY...} lines at the top of a handwritten history. */
  static Map<ElleChecker.Model, List<String>> expectations(Path f) throws IOException {
    Map<ElleChecker.Model, List<String>> out = new LinkedHashMap<>();
    for (String line : Files.readAllLines(f)) {
      if (line.startsWith("; expect ")) {
        String[] parts = line.substring("; expect ".length()).split(":", 2);
        List<String> anomalies = Arrays.stream(parts[1].trim().split("\\s+")).filter(a -> !a.equals("valid"))
            .sorted().collect(Collectors.toList());
        out.put(ElleChecker.Model.fromCliName(parts[0].trim()), anomalies);
      }
    }
    return out;
  }
}
