package untorn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import untorn.spec.check.CheckJson;
import untorn.spec.check.CheckReport;
import untorn.spec.check.ModelCheck;
import untorn.spec.model.Bounds;
import untorn.spec.model.ModelFiles;
import untorn.spec.model.SpecMutant;
import untorn.spec.tlc.TlcOutputException;
import untorn.spec.tlc.TlcResult;
import untorn.spec.tlc.TlcTimeoutException;
import untorn.spec.tlc.TraceStep;
import untorn.spec.trace.TraceValidation;
import untorn.spec.trace.TraceVerdict;

/** {@code untorn spec ...}: model-check the TLA+ specification, validate implementation traces against it. */
@Command(name = "spec", mixinStandardHelpOptions = true,
    description = "Check the TLA+ specification of the safekeeper protocol with TLC.",
    subcommands = {SpecCommand.Check.class, SpecCommand.Trace.class})
final class SpecCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Model-check Safekeeper.tla with TLC on a bounded model (or a mutant of it).",
          "Exit status: 0 every invariant holds, 1 a violation (counterexample printed), 2 usage or tool error."})
  static final class Check implements Callable<Integer> {
    @Option(names = "--acceptors", description = "Acceptors (default ${DEFAULT-VALUE}).")
    int acceptors = Bounds.DEFAULT.acceptors();

    @Option(names = "--proposers", description = "Proposers (default ${DEFAULT-VALUE}).")
    int proposers = Bounds.DEFAULT.proposers();

    @Option(names = "--max-term", description = "Highest term (default ${DEFAULT-VALUE}).")
    int maxTerm = Bounds.DEFAULT.maxTerm();

    @Option(names = "--max-entries", description = "Entries ever created, in all (default ${DEFAULT-VALUE}).")
    int maxEntries = Bounds.DEFAULT.maxEntries();

    @Option(names = "--max-proposer-crashes", description = "Proposer crashes, in all (default ${DEFAULT-VALUE}).")
    int maxProposerCrashes = Bounds.DEFAULT.maxProposerCrashes();

    @Option(names = "--mutant", paramLabel = "NAME", description = "Check a deliberately broken variant (see --list-mutants).")
    String mutant;

    @Option(names = "--list-mutants", description = "List the mutants and exit.")
    boolean listMutants;

    @Option(names = "--liveness", description = "Check the liveness property EventuallyCommitted under fairness instead.")
    boolean liveness;

    @Option(names = "--also", paramLabel = "INVARIANT", split = ",",
        description = "Also check these invariants of the spec (e.g. CommittedHeldByMajority, LogSafetyLiteral).")
    List<String> also = List.of();

    @Option(names = "--no-view", description = {"Fingerprint whole states: leave out the spec's View, which ignores "
        + "messages no action reads again (sound for the spec's invariants; use this for a new invariant that reads "
        + "votes, vote requests or acknowledgements). About 10x more states."})
    boolean noView;

    @Option(names = "--workers", description = "TLC worker threads (default ${DEFAULT-VALUE}).")
    int workers = 2;

    @Option(names = "--timeout-s", description = "Kill TLC after this many seconds (default ${DEFAULT-VALUE}).")
    long timeoutSeconds = ModelCheck.TIMEOUT_DEFAULT.toSeconds();

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the result as JSON to FILE.")
    Path json;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (listMutants) {
        for (SpecMutant m : SpecMutant.values()) {
          out.printf("%-24s %s (refuted by %s)%n", m.cliName(), m.description(), m.refutedBy());
        }
        out.flush();
        return 0;
      }
      Bounds bounds;
      Optional<SpecMutant> m = Optional.empty();
      try {
        bounds = new Bounds(acceptors, proposers, maxTerm, maxEntries, maxProposerCrashes);
        if (mutant != null) {
          m = Optional.of(SpecMutant.parse(mutant).orElseThrow(() -> new IllegalArgumentException(
              "unknown mutant '" + mutant + "'; mutants: " + SpecMutant.names())));
        }
        if (workers < 1 || workers > 64 || timeoutSeconds < 1) {
          throw new IllegalArgumentException("--workers must be 1..64 and --timeout-s positive");
        }
      } catch (IllegalArgumentException e) {
        err.println("untorn spec check: " + e.getMessage());
        return 2;
      }
      ModelFiles.Kind kind = liveness ? ModelFiles.Kind.LIVENESS : ModelFiles.Kind.SAFETY;
      out.printf("checking Safekeeper.tla: %s, mutant %s, %s%n", bounds, m.map(SpecMutant::cliName).orElse("none"),
          liveness ? "liveness (EventuallyCommitted under fairness)" : noView ? "safety, whole states" : "safety");
      out.flush();
      CheckReport report;
      try {
        report = ModelCheck.run(new ModelCheck.Request(bounds, m, kind, liveness ? List.of() : also, workers,
            java.time.Duration.ofSeconds(timeoutSeconds), !noView));
        if (json != null) {
          CheckJson.write(report.result(), json);
        }
      } catch (IOException | TlcOutputException | TlcTimeoutException e) {
        err.println("untorn spec check: no verdict: " + e.getMessage());
        return 2;
      }
      print(out, report.result());
      return report.result().passed() ? 0 : 1;
    }
  }

  static void print(PrintWriter out, TlcResult r) {
    out.printf("distinct states: %,d%nstates generated: %,d%ndepth: %d%ntime: %.1f s%nchecked: %s%n",
        r.distinctStates(), r.statesGenerated(), r.depth(), r.elapsedSeconds(), String.join(", ", r.properties()));
    if (r.passed()) {
      out.println("PASSED: no violation");
    } else {
      out.printf("VIOLATION of %s (%s); counterexample of %d states:%n", r.violation().get().property(),
          r.violation().get().kind().name().toLowerCase().replace('_', ' '), r.violation().get().trace().size());
      for (TraceStep s : r.violation().get().trace()) {
        out.printf("  %d. %s%n", s.index(), s.action());
        for (String c : s.changes()) {
          out.printf("       %s%n", c);
        }
      }
    }
    out.flush();
  }

  @Command(name = "trace", mixinStandardHelpOptions = true,
      description = {"Validate a recorded implementation trace (JSON lines, untorn-trace) against the spec with TLC,",
          "one timeline at a time. Exit status: 0 admitted, 1 rejected (the first event no behaviour matches is",
          "printed), 2 unreadable trace or tool error."})
  static final class Trace implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The trace file.")
    Path file;

    @Option(names = "--acceptors", split = ",", paramLabel = "ID",
        description = "The cluster's acceptors (default: every acceptor the trace names).")
    List<String> acceptors;

    @Option(names = "--timeout-s", description = "Kill TLC after this many seconds (default ${DEFAULT-VALUE}).")
    long timeoutSeconds = TraceValidation.TIMEOUT_DEFAULT.toSeconds();

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      List<TraceVerdict> verdicts;
      try {
        verdicts = TraceValidation.validateFile(file, Optional.ofNullable(acceptors),
            java.time.Duration.ofSeconds(timeoutSeconds));
      } catch (Exception e) {
        err.println("untorn spec trace: no verdict: " + e.getMessage());
        return 2;
      }
      boolean allAdmitted = true;
      for (TraceVerdict v : verdicts) {
        out.println(v.describe());
        allAdmitted &= v.admitted();
      }
      out.flush();
      return allAdmitted ? 0 : 1;
    }
  }
}
