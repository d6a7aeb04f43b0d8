package untorn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import untorn.bench.check.CheckBench;
import untorn.check.Budget;
import untorn.check.CheckerChoice;
import untorn.check.Limits;
import untorn.check.linear.LinearizabilityChecker;

/** {@code untorn bench ...}: measurements reported as figures, never asserted. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
    subcommands = {BenchCommand.Check.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Measure the history checkers: generated histories of 1k, 10k and 100k events",
          "(linearizability and Elle list-append), an etcd-like directory shaped like Porcupine's 102",
          "Jepsen etcd histories, and any directories of real histories given with --dir."})
  static final class Check implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", paramLabel = "EVENTS", description = "Generated history sizes, in events (default 1000,10000,100000).")
    int[] sizes = {1000, 10_000, 100_000};

    @Option(names = "--seed", description = "Seed of the generated histories (default ${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--repeats", description = "Timed repetitions after a warm-up; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats = 3;

    @Option(names = "--etcd-like", paramLabel = "DIR", description = "Write the 102 etcd-like histories here (default: a temporary directory) and measure them.")
    Path etcdDir;

    @Option(names = "--etcd-events", paramLabel = "EVENTS", description = "Events per etcd-like history (default ${DEFAULT-VALUE}, as Porcupine's).")
    int etcdEvents = 170;

    @Option(names = "--dir", paramLabel = "DIR", description = "Also measure this directory of cas-register histories (repeatable), e.g. Knossos's.")
    List<Path> dirs = new ArrayList<>();

    @Option(names = "--initial", description = "Initial register value for --dir histories, in EDN (default nil).")
    String initial;

    @Option(names = "--skip-generated", description = "Measure only the directories.")
    boolean skipGenerated;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      out.println(CheckBench.header());
      if (!skipGenerated) {
        CheckBench.generated(sizes, seed, repeats, out);
      }
      Path etcd = etcdDir != null ? etcdDir : Files.createTempDirectory("untorn-etcd-like");
      CheckBench.writeEtcdLike(etcd, 102, 79, etcdEvents, seed);
      int threads = Runtime.getRuntime().availableProcessors();
      out.println(CheckBench.format(CheckBench.directory("etcd-like (" + etcd + "), " + threads + " threads", etcd,
          choice(null), threads, repeats)));
      out.println(CheckBench.format(CheckBench.directory("etcd-like, 1 thread", etcd, choice(null), 1, repeats)));
      Object init = initial == null ? null : untorn.check.edn.EdnReader.readOne(initial);
      for (Path d : dirs) {
        out.println(CheckBench.format(CheckBench.directory(d.toString(), d, choice(init), threads, repeats)));
      }
      out.println("whole process, JVM start included: hyperfine 'untorn check --brief " + etcd + "'");
      out.flush();
      return 0;
    }

    private static CheckerChoice choice(Object initial) {
      CheckerChoice.Named n = new CheckerChoice.Named("linearizable cas-register",
          new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, initial,
              () -> Budget.of(Limits.LINEAR_STEPS_DEFAULT, Limits.CHECK_MILLIS_DEFAULT, System::nanoTime)));
      return h -> n;
    }
  }
}
