package untorn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import untorn.torture.TortureOptions;
import untorn.torture.TortureRunner;
import untorn.torture.TortureSuite;
import untorn.torture.TortureSuites;
import untorn.torture.TortureSummary;
import untorn.torture.Violation;

/** {@code untorn torture}: run torture suites over many seeds, with a progress bar and a summary. */
@Command(name = "torture", mixinStandardHelpOptions = true,
    description = {"Run torture suites over a range of seeds and check every invariant.",
        "Without --suite, runs every suite with its default number of seeds (the README's main job).",
        "Exit code: 0 when every seed passed, 1 when a seed violated an invariant, 2 on bad usage."})
final class TortureCommand implements Callable<Integer> {
  /** How many failing seeds are printed in full; the JSON file has all of them. */
  static final int FAILURES_PRINTED = 10;

  @Option(names = "--suite", description = "Suite to run: ${COMPLETION-CANDIDATES} or all (default: all).",
      completionCandidates = SuiteNames.class)
  String suite = "all";

  @Option(names = "--seeds", description = "Seeds per suite (default: the suite's own default).")
  Integer seeds;

  @Option(names = "--seed-start", description = "First seed (default: ${DEFAULT-VALUE}).")
  long seedStart = 1;

  @Option(names = "--jobs", description = "Seeds run in parallel (default: the number of cores).")
  int jobs = Runtime.getRuntime().availableProcessors();

  @Option(names = "--mutant", description = "Run a deliberately broken variant that the checks must catch.")
  String mutant;

  @Option(names = "--stop-after-failures", description = "Stop a suite once this many seeds failed (0: never; default ${DEFAULT-VALUE}).")
  int stopAfterFailures = 0;

  @Option(names = "--json", description = "Write the summary as JSON to this file.")
  Path json;

  @Option(names = "--tlc-traces", paramLabel = "K",
      description = "Validate the implementation traces of the first K seeds against the TLA+ spec with TLC "
          + "(consensus suite; 5-20 s per whole trace; 0: none; default ${DEFAULT-VALUE}).")
  int tlcTraces = TLC_TRACES_DEFAULT;

  /** A default run also checks two whole traces against the spec (seeds 1 and 2: about 25 s of TLC, beside other seeds). */
  static final int TLC_TRACES_DEFAULT = 2;

  @Option(names = "--tlc-trace-events", paramLabel = "N",
      description = "With --tlc-traces: validate only the first N events of each trace (0: all; default ${DEFAULT-VALUE}).")
  int tlcTraceEvents = 0;

  @Option(names = "--no-progress", description = "No progress bar (for logs).")
  boolean noProgress;

  static final class SuiteNames extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    SuiteNames() {
      super(TortureSuites.names());
    }
  }

  @Override
  public Integer call() throws IOException {
    List<TortureSuite> suites = new ArrayList<>();
    if (suite.equals("all")) {
      suites.addAll(TortureSuites.all());
    } else {
      Optional<TortureSuite> s = TortureSuites.byName(suite);
      if (s.isEmpty()) {
        System.err.printf("untorn: unknown suite '%s'; suites: %s%n", suite, String.join(", ", TortureSuites.names()));
        return 2;
      }
      suites.add(s.get());
    }
    if (mutant != null) {
      if (suites.size() != 1 || !suites.get(0).mutants().contains(mutant)) {
        System.err.printf("untorn: --mutant needs one --suite that has it; %s%n", mutantList());
        return 2;
      }
    }
    if (seeds != null && (seeds < 1 || seeds > TortureRunner.SEEDS_MAX) || jobs < 1 || stopAfterFailures < 0
        || tlcTraces < 0 || tlcTraceEvents < 0) {
      System.err.println("untorn: --seeds must be in 1.." + TortureRunner.SEEDS_MAX
          + ", --jobs >= 1, --stop-after-failures >= 0, --tlc-traces and --tlc-trace-events >= 0");
      return 2;
    }
    TortureOptions options = new TortureOptions(Optional.ofNullable(mutant), false, seedStart, tlcTraces,
        tlcTraceEvents);
    List<TortureSummary> summaries = new ArrayList<>();
    for (TortureSuite s : suites) {
      int n = seeds != null ? seeds : s.defaultSeeds();
      summaries.add(runWithProgress(s, n, options));
      print(System.out, summaries.get(summaries.size() - 1));
    }
    if (json != null) {
      writeJson(json, summaries);
    }
    boolean passed = summaries.stream().allMatch(TortureSummary::passed);
    if (suites.size() > 1) {
      System.out.printf("%nall suites: %s%n", passed ? "PASSED" : "FAILED");
    }
    return passed ? 0 : 1;
  }

  private static String mutantList() {
    List<String> parts = new ArrayList<>();
    for (TortureSuite s : TortureSuites.all()) {
      parts.add(s.name() + ": " + (s.mutants().isEmpty() ? "(none)" : String.join(", ", s.mutants())));
    }
    return "mutants by suite: " + String.join("; ", parts);
  }

  private TortureSummary runWithProgress(TortureSuite s, int n, TortureOptions options) {
    if (noProgress) {
      return TortureRunner.run(s, seedStart, n, options, jobs, stopAfterFailures, (r, done, total) -> {});
    }
    int[] failed = {0};
    try (ProgressBar bar = new ProgressBarBuilder()
        .setTaskName("torture " + s.name())
        .setInitialMax(n)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(250)
        .setUnit(" seeds", 1)
        .showSpeed()
        .build()) {
      return TortureRunner.run(s, seedStart, n, options, jobs, stopAfterFailures, (r, done, total) -> {
        failed[0] += r.failed() ? 1 : 0;
        bar.stepTo(done);
        bar.setExtraMessage(failed[0] == 0 ? "ok" : failed[0] + " failing");
      });
    }
  }

  static void print(PrintStream out, TortureSummary s) {
    out.println();
    out.printf("suite %s%s: %d seeds (%d..%d) in %.1f s, %,d events (%,.0f events/s)%n", s.suite(),
        s.mutant().map(m -> " [mutant " + m + "]").orElse(""), s.seedsRun(), s.seedStart(),
        s.seedStart() + s.seedsRun() - 1, s.elapsedSeconds(), s.events(), s.eventsPerSecond());
    out.printf("  faults:   %s%n", s.faults().isEmpty() ? "none" : format(s.faults()));
    out.printf("  counters: %s%n", s.counters().isEmpty() ? "none" : format(s.counters()));
    List<String> hashes = new ArrayList<>();
    for (Long h : s.traceHashes()) {
      hashes.add(String.format("%016x", h));
    }
    out.printf("  trace hashes of the first seeds: %s%n", String.join(" ", hashes));
    if (s.passed()) {
      out.printf("  violations: 0 -- PASSED%n");
      return;
    }
    out.printf("  violations: %d in %d seeds -- FAILED%n", s.violations(), s.failures().size());
    int shown = 0;
    for (TortureSummary.Failure f : s.failures()) {
      if (shown++ == FAILURES_PRINTED) {
        out.printf("  ... %d more failing seeds (see --json)%n", s.failures().size() - FAILURES_PRINTED);
        break;
      }
      out.printf("  seed %d:%n", f.seed());
      for (Violation v : f.violations()) {
        out.printf("    %s: %s%n", v.invariant(), v.message().strip().replace("\n", "\n      "));
        if (!v.schedule().isEmpty()) {
          out.printf("    fault schedule:%n      %s%n", v.schedule().strip().replace("\n", "\n      "));
        }
      }
      out.printf("    replay: %s%n", f.replayCommand());
    }
  }

  private static String format(Map<String, Long> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add(String.format("%s %,d", k, v)));
    return String.join(", ", parts);
  }

  static void writeJson(Path file, List<TortureSummary> summaries) throws IOException {
    Map<String, Object> top = new LinkedHashMap<>();
    long seedsRun = 0;
    long events = 0;
    double elapsed = 0;
    Map<String, Long> faults = new TreeMap<>();
    long violations = 0;
    List<String> hashes = new ArrayList<>();
    List<Map<String, Object>> perSuite = new ArrayList<>();
    for (TortureSummary s : summaries) {
      seedsRun += s.seedsRun();
      events += s.events();
      elapsed += s.elapsedSeconds();
      s.faults().forEach((k, v) -> faults.merge(k, v, Long::sum));
      violations += s.violations();
      s.traceHashes().forEach(h -> hashes.add(String.format("%016x", h)));
      perSuite.add(suiteJson(s));
    }
    top.put("seeds", seedsRun);
    top.put("events", events);
    top.put("faults", faults);
    top.put("violations", violations);
    top.put("traceHashes", hashes.subList(0, Math.min(hashes.size(), TortureSummary.TRACE_HASHES_KEPT)));
    top.put("elapsedSeconds", elapsed);
    top.put("passed", summaries.stream().allMatch(TortureSummary::passed));
    top.put("suites", perSuite);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), top);
  }

  private static Map<String, Object> suiteJson(TortureSummary s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("suite", s.suite());
    m.put("mutant", s.mutant().orElse(null));
    m.put("seedStart", s.seedStart());
    m.put("seeds", s.seedsRun());
    m.put("events", s.events());
    m.put("eventsPerSecond", s.eventsPerSecond());
    m.put("faults", s.faults());
    m.put("counters", s.counters());
    m.put("violations", s.violations());
    List<String> hashes = new ArrayList<>();
    s.traceHashes().forEach(h -> hashes.add(String.format("%016x", h)));
    m.put("traceHashes", hashes);
    m.put("elapsedSeconds", s.elapsedSeconds());
    List<Map<String, Object>> failures = new ArrayList<>();
    for (TortureSummary.Failure f : s.failures()) {
      Map<String, Object> fm = new LinkedHashMap<>();
      fm.put("seed", f.seed());
      fm.put("replay", f.replayCommand());
      List<Map<String, String>> vs = new ArrayList<>();
      for (Violation v : f.violations()) {
        vs.add(Map.of("invariant", v.invariant(), "message", v.message(), "schedule", v.schedule()));
      }
      fm.put("violations", vs);
      failures.add(fm);
    }
    m.put("failures", failures);
    return m;
  }
}
