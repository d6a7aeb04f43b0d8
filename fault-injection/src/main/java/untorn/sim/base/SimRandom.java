package untorn.sim.base;

import java.util.random.RandomGenerator;
import untorn.core.Invariants;

/**
 * SimRandom is a seeded SplitMix64 stream, the only source of randomness in a simulation.
 *
 * <p>Every draw is defined here, bit for bit (no JDK default methods are relied upon for the
 * draws the simulator makes), so a seed gives the same run on every JVM and Java version.
 * Independent streams are derived from the run's seed by purpose and index ({@link #stream}),
 * not split off a parent stream: a disk's stream is the same whatever the network consumed, which
 * keeps runs comparable while a shrinker removes faults.
 */
public final class SimRandom implements RandomGenerator {
  private static final long GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  public SimRandom(long seed) {
    this.state = seed;
  }

  /** The stream for {@code purpose} number {@code index} of the run seeded with {@code seed}. */
  public static SimRandom stream(long seed, String purpose, long index) {
    long h = mix(seed);
    for (int i = 0; i < purpose.length(); i++) {
      h = mix(h ^ purpose.charAt(i));
    }
    return new SimRandom(mix(h ^ mix(index + GAMMA)));
  }

  /** Stafford's variant 13 of the MurmurHash3 finalizer, as in SplitMix64. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Override
  public long nextLong() {
    state += GAMMA;
    return mix(state);
  }

  @Override
  public int nextInt() {
    return (int) (nextLong() >>> 32);
  }

  @Override
  public boolean nextBoolean() {
    return nextLong() < 0;
  }

  /** Uniform in [0, 1) with 53 bits. */
  @Override
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [0, bound), unbiased (rejection sampling). */
  @Override
  public long nextLong(long bound) {
    if (bound <= 0) { // hot: no varargs check
      throw Invariants.fail("bound must be positive: %d", bound);
    }
    long m = bound - 1;
    long r = nextLong() >>> 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
      // Rejected a value from the incomplete last block: draw again.
    }
    return r;
  }

  @Override
  public int nextInt(int bound) {
    return (int) nextLong(bound);
  }

  /** Uniform in [origin, bound). */
  @Override
  public long nextLong(long origin, long bound) {
    if (origin >= bound) {
      throw Invariants.fail("empty range [%d, %d)", origin, bound);
    }
    return origin + nextLong(bound - origin);
  }

  @Override
  public int nextInt(int origin, int bound) {
    return (int) nextLong(origin, bound);
  }

  /**
   * True with probability {@code p}. Draws nothing when {@code p <= 0}, so a fault class that is
   * off does not shift the stream of the others.
   */
  public boolean chance(double p) {
    return p > 0 && (p >= 1 || nextDouble() < p);
  }

  /** An exponentially distributed duration with the given mean, for Poisson arrivals. */
  public long exponential(double mean) {
    double u = nextDouble();
    return (long) (-Math.log1p(-u) * mean);
  }
}
