package untorn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import untorn.check.Budget;
import untorn.check.CheckResult;
import untorn.check.CheckerChoice;
import untorn.check.HistoryChecker;
import untorn.check.HistoryChecks;
import untorn.check.Limits;
import untorn.check.Verdict;
import untorn.check.elle.ElleChecker;
import untorn.check.history.History;
import untorn.check.history.HistoryWriter;
import untorn.check.linear.LinearizabilityChecker;
import untorn.check.store.AtomicRegisterStore;
import untorn.check.store.ListAppendWorkload;
import untorn.check.store.MvccListStore;
import untorn.check.store.RegisterWorkload;
import untorn.check.store.StaleReadRegisterStore;
import untorn.check.store.WorkloadConfig;

/**
 * {@code untorn selftest}: records histories from the built-in stores and their broken twins,
 * writes them as EDN, reads them back and checks that every checker gives the known verdict. It
 * proves an installation works end to end, and is the training run of the launcher's
 * class-data-sharing archive (it loads what {@code untorn check} loads, Clojure included).
 */
@Command(name = "selftest", mixinStandardHelpOptions = true,
    description = "Check the checkers on histories recorded from built-in stores with known verdicts.")
final class SelftestCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private record Case(String name, History history, String checker, HistoryChecker impl, Verdict expected) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = Files.createTempDirectory("untorn-selftest");
    try {
      int ok = 0;
      List<Case> cases = cases();
      for (Case c : cases) {
        Path f = dir.resolve(c.name() + ".edn");
        HistoryWriter.write(c.history(), f);
        CheckerChoice.Named named = new CheckerChoice.Named(c.checker(), c.impl());
        CheckResult r = HistoryChecks.checkOne(new HistoryChecks.Target(f, c.name()), h -> named, System::nanoTime);
        boolean as = r.verdict() == c.expected();
        ok += as ? 1 : 0;
        out.printf("%-34s %-44s %-8s %s%n", c.name(), c.checker(), r.verdict(), as ? "as expected" : "EXPECTED " + c.expected());
      }
      out.printf("selftest: %d of %d verdicts as expected%n", ok, cases.size());
      return ok == cases.size() ? 0 : 1;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private static List<Case> cases() {
    java.util.function.Supplier<Budget> budget =
        () -> Budget.of(Limits.LINEAR_STEPS_DEFAULT, Limits.CHECK_MILLIS_DEFAULT, System::nanoTime);
    HistoryChecker linear = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, budget);
    HistoryChecker serializable = new ElleChecker(ElleChecker.Model.SERIALIZABLE, budget);
    HistoryChecker si = new ElleChecker(ElleChecker.Model.SNAPSHOT_ISOLATION, budget);
    WorkloadConfig reg = WorkloadConfig.jepsenLike(300);
    WorkloadConfig txn = new WorkloadConfig(5, 200, 4, 0.05, false);
    History siHistory = ListAppendWorkload.simulate(new MvccListStore(MvccListStore.Isolation.SNAPSHOT_ISOLATION), txn, 4, 1);
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("atomic-register", RegisterWorkload.simulate(new AtomicRegisterStore(null), reg, 1),
        "linearizable cas-register", linear, Verdict.VALID));
    cases.add(new Case("stale-read-register", RegisterWorkload.simulate(new StaleReadRegisterStore(null, 3), reg, 1),
        "linearizable cas-register", linear, Verdict.INVALID));
    cases.add(new Case("serializable-list-store",
        ListAppendWorkload.simulate(new MvccListStore(MvccListStore.Isolation.SERIALIZABLE), txn, 4, 1),
        "elle list-append serializable", serializable, Verdict.VALID));
    cases.add(new Case("lost-append-list-store",
        ListAppendWorkload.simulate(new MvccListStore(MvccListStore.Isolation.LOST_APPEND), txn, 4, 1),
        "elle list-append serializable", serializable, Verdict.INVALID));
    cases.add(new Case("snapshot-isolation-list-store", siHistory, "elle list-append snapshot-isolation", si, Verdict.VALID));
    cases.add(new Case("snapshot-isolation-list-store", siHistory, "elle list-append serializable", serializable, Verdict.INVALID));
    return cases;
  }
}
