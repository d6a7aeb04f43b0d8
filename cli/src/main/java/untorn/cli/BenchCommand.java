package untorn.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Collection;
import java.util.concurrent.Callable;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import untorn.bench.check.CheckBench;
import untorn.bench.wal.WalCodecBenchmark;
import untorn.check.Budget;
import untorn.check.CheckerChoice;
import untorn.check.Limits;
import untorn.check.linear.LinearizabilityChecker;

/** {@code untorn bench}: benchmarks, printed as figures and ratios from one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks.",
    subcommands = {BenchCommand.Wal.class, BenchCommand.Check.class, BenchCommand.Jmh.class})
final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** JMH options shared by the bench subcommands. */
  static final class JmhOptions {
    @Option(names = "--forks", description = "JMH forks (default ${DEFAULT-VALUE}).")
    int forks = 1;

    @Option(names = "--warmup", description = "Warm-up iterations of 1 s (default ${DEFAULT-VALUE}).")
    int warmup = 3;

    @Option(names = "--iterations", description = "Measured iterations of 1 s (default ${DEFAULT-VALUE}).")
    int iterations = 5;

    ChainedOptionsBuilder builder(String include) {
      return new OptionsBuilder().include(include).forks(forks).warmupIterations(warmup)
          .warmupTime(TimeValue.seconds(1)).measurementIterations(iterations).measurementTime(TimeValue.seconds(1));
    }
  }

  @Command(name = "jmh", mixinStandardHelpOptions = true, description = "Run JMH benchmarks whose name matches a regex.")
  static final class Jmh implements Callable<Integer> {
    @Parameters(index = "0", defaultValue = ".*", description = "Benchmark regex (default: all).")
    String include;

    @CommandLine.Mixin JmhOptions options;

    @Override
    public Integer call() throws RunnerException {
      new Runner(options.builder(include).build()).run();
      return 0;
    }
  }

  @Command(name = "wal", mixinStandardHelpOptions = true,
      description = "WAL encode and decode throughput in MB/s, next to raw CRC32C over the same bytes.")
  static final class Wal implements Callable<Integer> {
    @CommandLine.Mixin JmhOptions options;

    @Override
    public Integer call() throws RunnerException {
      Collection<RunResult> results = new Runner(options.builder(WalCodecBenchmark.class.getName() + "\\.").build()).run();
      WalCodecBenchmark probe = new WalCodecBenchmark();
      probe.setUp();
      double mb = probe.batchBytes() / 1e6;
      double crc = 0;
      System.out.printf("%nWAL codec, batch of %,d stream bytes per operation:%n", probe.batchBytes());
      for (RunResult r : results) {
        String name = r.getParams().getBenchmark();
        if (name.endsWith("crc32cRaw")) {
          crc = r.getPrimaryResult().getScore() * mb;
        }
      }
      for (RunResult r : results) {
        String name = r.getParams().getBenchmark();
        String shortName = name.substring(name.lastIndexOf('.') + 1);
        double mbps = r.getPrimaryResult().getScore() * mb;
        double err = r.getPrimaryResult().getScoreError() * mb;
        System.out.printf("  %-10s %9.1f MB/s  (+- %.1f)  %5.2fx of raw CRC32C%n", shortName, mbps, err, crc == 0 ? 0 : mbps / crc);
      }
      return 0;
    }
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
