package untorn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import untorn.check.Budget;
import untorn.check.CheckResult;
import untorn.check.CheckSummary;
import untorn.check.CheckerChoice;
import untorn.check.HistoryChecks;
import untorn.check.Limits;
import untorn.check.Verdict;
import untorn.check.edn.EdnException;
import untorn.check.edn.EdnReader;
import untorn.check.edn.Keyword;
import untorn.check.elle.ElleChecker;
import untorn.check.history.History;
import untorn.check.history.Op;
import untorn.check.linear.LinearizabilityChecker;

/** {@code untorn check}: judge Jepsen histories (files or directories of *.edn) in one process. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Check Jepsen histories (EDN: one op map per line, or one vector/list of op maps).",
        "Linearizability (WGL search, Knossos semantics) or Elle-style list-append isolation.",
        "Without --linearizable or --model, each history is checked by what it holds: :txn ops with",
        "--model strict-serializable, anything else with --linearizable cas-register.",
        "Exit status: 0 every history valid, 1 some invalid, 2 some unknown or unreadable."},
    footer = {"", "Examples:",
        "  untorn check --linearizable cas-register --initial 0 histories/",
        "  untorn check --model serializable --json report.json append.edn"})
final class CheckCommand implements Callable<Integer> {
  private static final Keyword TXN = Keyword.of("txn");

  @ArgGroup(exclusive = true)
  Which which;

  static final class Which {
    @Option(names = "--linearizable", paramLabel = "MODEL",
        description = "Check linearizability against register, cas-register or kv ([key value] ops, checked per key).")
    String linearizable;

    @Option(names = "--model", paramLabel = "MODEL",
        description = "Check list-append transactions for read-committed, snapshot-isolation, serializable, "
            + "strict-serializable (or strong-session-snapshot-isolation, strong-session-serializable).")
    String model;
  }

  @Option(names = "--initial", paramLabel = "VALUE", description = "Initial register value, in EDN (default nil).")
  String initial;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the results as JSON to FILE.")
  Path json;

  @Option(names = "--threads", paramLabel = "N", description = "Histories checked in parallel (default: processors).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--max-steps", paramLabel = "N", description = "Search steps per history before the verdict is unknown (default ${DEFAULT-VALUE}).")
  long maxSteps = Limits.LINEAR_STEPS_DEFAULT;

  @Option(names = "--timeout-ms", paramLabel = "MS", description = "Time per history before the verdict is unknown (default ${DEFAULT-VALUE}).")
  long timeoutMillis = Limits.CHECK_MILLIS_DEFAULT;

  @Option(names = "--brief", description = "Print only the table: no explanations of invalid, unknown and unreadable histories after it.")
  boolean brief;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "History files, or directories: every *.edn below, in sorted order.")
  List<Path> paths;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    try {
      return run();
    } catch (CommandLine.ParameterException e) {
      throw e; // a usage error: picocli prints it with the usage, exit 2
    } catch (RuntimeException | Error e) {
      // A checker bug must not pass for a verdict: report it loudly, and as "undecided" (2), not "invalid" (1).
      spec.commandLine().getErr().println("untorn check: internal error, no verdict: " + e);
      e.printStackTrace(spec.commandLine().getErr());
      return 2;
    }
  }

  private int run() throws IOException {
    long start = System.nanoTime();
    CheckerChoice choice = choice();
    List<HistoryChecks.Target> targets = HistoryChecks.expand(paths);
    if (targets.isEmpty()) {
      // Every path was an empty directory: nothing was checked, which must not read as "all valid".
      spec.commandLine().getErr().println("untorn check: no *.edn history below " + paths);
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    int width = 8;
    for (HistoryChecks.Target t : targets) {
      width = Math.max(width, t.name().length());
    }
    String format = "%-" + width + "s %9d ops  %-8s %10.1f ms  %s%n";
    List<CheckResult> results = HistoryChecks.checkAll(targets, choice, Math.max(1, threads), System::nanoTime,
        r -> printResult(out, format, r));
    printTotal(out, results, (System.nanoTime() - start) / 1e6);
    if (!brief) {
      printExplanations(out, results);
    }
    out.flush();
    if (json != null) {
      writeJson(results);
    }
    return CheckResult.exitCode(results);
  }

  private static void printResult(PrintWriter out, String format, CheckResult r) {
    String verdict = r.error() != null ? "UNREADABLE" : r.verdict().name();
    out.printf(format, r.file(), r.ops(), verdict, r.millis(), String.join(" ", r.anomalies()));
  }

  /** After the table and its total: why each history is not valid. */
  private static void printExplanations(PrintWriter out, List<CheckResult> results) {
    for (CheckResult r : results) {
      if (r.verdict() != Verdict.VALID && !r.judgement().explanation().isEmpty()) {
        out.println();
        out.println(r.file() + ": " + (r.error() != null ? "unreadable" : r.verdict().name().toLowerCase()));
        for (String line : r.judgement().explanation().split("\n")) {
          out.println("    " + line);
        }
      }
    }
  }

  private static void printTotal(PrintWriter out, List<CheckResult> results, double wallMillis) {
    CheckSummary s = CheckSummary.of(results);
    out.printf("total: %d histories, %d ops: %s; %.1f ms checking (slowest %.1f ms), %.1f ms in all%n",
        s.histories(), s.events(), s.verdicts(), s.checkMillis(), s.slowestMillis(), wallMillis);
  }

  private void writeJson(List<CheckResult> results) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CheckResult r : results) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("file", r.file());
      row.put("ops", r.ops());
      row.put("valid", r.verdict().json());
      row.put("millis", Math.round(r.millis() * 1000) / 1000.0);
      row.put("anomalies", r.anomalies());
      rows.add(row);
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), Map.of("results", rows));
  }

  private CheckerChoice choice() {
    Object initialValue = parseInitial();
    if (which != null && which.linearizable != null) {
      LinearizabilityChecker.Kind kind = parseKind(which.linearizable);
      CheckerChoice.Named named = new CheckerChoice.Named("linearizable " + kind.cliName(),
          new LinearizabilityChecker(kind, initialValue, this::budget));
      return h -> named;
    }
    if (initial != null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--initial needs --linearizable");
    }
    if (which != null && which.model != null) {
      ElleChecker.Model model = parseModel(which.model);
      CheckerChoice.Named named = new CheckerChoice.Named("elle list-append " + model.cliName(),
          new ElleChecker(model, this::budget));
      return h -> named;
    }
    CheckerChoice.Named linear = new CheckerChoice.Named("linearizable cas-register",
        new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, this::budget));
    CheckerChoice.Named elle = new CheckerChoice.Named("elle list-append strict-serializable",
        new ElleChecker(ElleChecker.Model.STRICT_SERIALIZABLE, this::budget));
    return h -> hasTransactions(h) ? elle : linear;
  }

  private Budget budget() {
    return Budget.of(maxSteps, timeoutMillis, System::nanoTime);
  }

  private static boolean hasTransactions(History h) {
    for (Op op : h.ops()) {
      if (op.isClient() && op.f() == TXN) {
        return true;
      }
    }
    return false;
  }

  private Object parseInitial() {
    if (initial == null) {
      return null;
    }
    try {
      return EdnReader.readOne(initial);
    } catch (EdnException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--initial '" + initial + "' is not EDN: " + e.getMessage());
    }
  }

  private LinearizabilityChecker.Kind parseKind(String name) {
    try {
      return LinearizabilityChecker.Kind.fromCliName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--linearizable: " + e.getMessage());
    }
  }

  private ElleChecker.Model parseModel(String name) {
    try {
      return ElleChecker.Model.fromCliName(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--model: " + e.getMessage());
    }
  }
}
