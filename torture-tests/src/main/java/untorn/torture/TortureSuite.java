package untorn.torture;

import java.io.PrintStream;
import java.util.List;

/**
 * TortureSuite is one family of torture scenarios. {@link #run} must be a pure function of the
 * seed and options (all randomness from the seed, no wall-clock time), so that
 * {@code untorn replay --suite NAME --seed S} reproduces a run bit for bit, trace hash included.
 * Implementations must be safe to call from several threads at once for different seeds.
 */
public interface TortureSuite {
  String name();

  String description();

  /** Seeds a default run uses: enough to mean something in about a minute on 2 cores. */
  int defaultSeeds();

  /** Names accepted by {@code --mutant}; each is a deliberately broken variant the suite must catch. */
  default List<String> mutants() {
    return List.of();
  }

  /** Runs one seed. Never throws for a failed check: violations go in the result. */
  SeedResult run(long seed, TortureOptions options);

  /**
   * Replays one seed for a human: runs it with a detailed log written to {@code out}, and
   * returns the result (which must equal {@link #run}'s).
   */
  default SeedResult replay(long seed, TortureOptions options, PrintStream out) {
    return run(seed, new TortureOptions(options.mutant(), true));
  }
}
