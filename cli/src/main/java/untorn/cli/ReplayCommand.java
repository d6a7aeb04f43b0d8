package untorn.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureSuite;
import untorn.torture.TortureSuites;
import untorn.torture.Violation;

/** {@code untorn replay}: rerun one seed of a suite, bit for bit, with a detailed log. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay one torture seed with a detailed log; the trace hash must equal the original run's.",
        "Exit code: 0 when the seed passes, 1 when it violates an invariant, 2 on bad usage."})
final class ReplayCommand implements Callable<Integer> {
  @Option(names = "--suite", required = true, description = "Suite: ${COMPLETION-CANDIDATES}.",
      completionCandidates = TortureCommand.SuiteNames.class)
  String suite;

  @Option(names = "--seed", required = true, description = "Seed to replay.")
  long seed;

  @Option(names = "--mutant", description = "The mutant the original run used, if any.")
  String mutant;

  @Override
  public Integer call() {
    Optional<TortureSuite> s = TortureSuites.byName(suite);
    if (s.isEmpty()) {
      System.err.printf("untorn: unknown suite '%s'; suites: %s%n", suite, String.join(", ", TortureSuites.names()));
      return 2;
    }
    if (mutant != null && !s.get().mutants().contains(mutant)) {
      System.err.printf("untorn: suite %s has no mutant '%s' (it has: %s)%n", suite, mutant, s.get().mutants());
      return 2;
    }
    SeedResult r = s.get().replay(seed, new TortureOptions(Optional.ofNullable(mutant), true), System.out);
    System.out.printf("%nsuite %s seed %d: %,d events, trace hash %016x%n", suite, seed, r.events(), r.traceHash());
    System.out.printf("  faults: %s%n  counters: %s%n", r.faults(), r.counters());
    if (!r.failed()) {
      System.out.println("  PASSED");
      return 0;
    }
    for (Violation v : r.violations()) {
      System.out.printf("  VIOLATION %s: %s%n", v.invariant(), v.message());
      if (!v.schedule().isEmpty()) {
        System.out.printf("  fault schedule:%n    %s%n", v.schedule().strip().replace("\n", "\n    "));
      }
    }
    return 1;
  }
}
