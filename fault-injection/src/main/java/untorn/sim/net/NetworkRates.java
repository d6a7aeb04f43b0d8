package untorn.sim.net;

import untorn.core.Invariants;

/**
 * NetworkRates are the per-message fault probabilities and the latency distribution of the
 * simulated network. A message's latency is uniform in [latencyMinNanos, latencyMaxNanos], plus,
 * with probability {@code tailProbability}, a delay uniform in [0, tailMaxNanos] (a slow path).
 *
 * @param dropProbability the message is lost
 * @param duplicateProbability a second copy arrives later
 * @param reorderProbability the message ignores the link's FIFO order (may overtake)
 * @param corruptProbability one bit of the message flips (protocols must check their messages)
 */
public record NetworkRates(
    double dropProbability,
    double duplicateProbability,
    double reorderProbability,
    double corruptProbability,
    long latencyMinNanos,
    long latencyMaxNanos,
    double tailProbability,
    long tailMaxNanos) {

  /** One millisecond to one and a half, no faults, no tail. */
  public static final NetworkRates CLEAN = new NetworkRates(0, 0, 0, 0, 1_000_000, 1_500_000, 0, 0);

  public NetworkRates {
    for (double p : new double[] {dropProbability, duplicateProbability, reorderProbability, corruptProbability, tailProbability}) {
      Invariants.check(p >= 0 && p <= 1, "probability out of [0, 1]: %s", p);
    }
    Invariants.check(latencyMinNanos >= 0 && latencyMaxNanos >= latencyMinNanos && tailMaxNanos >= 0,
        "bad latency [%d, %d] tail %d", latencyMinNanos, latencyMaxNanos, tailMaxNanos);
  }

  /** The same latencies with every per-message fault off (a healed network). */
  public NetworkRates withoutFaults() {
    return new NetworkRates(0, 0, 0, 0, latencyMinNanos, latencyMaxNanos, tailProbability, tailMaxNanos);
  }
}
