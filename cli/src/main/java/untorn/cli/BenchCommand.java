package untorn.cli;

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
import untorn.bench.wal.WalCodecBenchmark;

/** {@code untorn bench}: benchmarks, printed as figures and ratios from one run. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Run benchmarks.",
    subcommands = {BenchCommand.Jmh.class, BenchCommand.Wal.class})
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
}
