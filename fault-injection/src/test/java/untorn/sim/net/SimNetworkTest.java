package untorn.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.sim.base.Counters;
import untorn.sim.base.SimRandom;
import untorn.sim.base.Stat;

/** Each network fault class happens at its rate, only on target links, and is visible to the receiver. */
class SimNetworkTest {
  private static final int N = 10_000;

  /** One arrival handed to the sink. */
  record Arrival(long atNanos, byte[] message, int epoch) {}

  private final Counters counters = new Counters();
  private final List<Arrival> arrivals = new ArrayList<>();
  private final SimNetwork.Sink sink = (at, from, to, m, epoch) -> arrivals.add(new Arrival(at, m, epoch));

  private SimNetwork network(NetworkRates rates) {
    SimNetwork net = new SimNetwork(new SimRandom(1), counters, rates);
    net.setFaulty(0, true);
    return net;
  }

  private static NetworkRates rates(double drop, double dup, double reorder, double corrupt) {
    return new NetworkRates(drop, dup, reorder, corrupt, 1_000_000, 3_000_000, 0.1, 50_000_000);
  }

  private void sendMany(SimNetwork net, int from, int to) {
    for (int i = 0; i < N; i++) {
      net.send(i * 1000L, from, to, new byte[] {(byte) i, 0, 0, 0}, sink);
    }
  }

  @Test
  void dropsHappenAtTheirRateOnTargetLinksOnly() {
    SimNetwork net = network(rates(0.2, 0, 0, 0));
    sendMany(net, 0, 1);
    assertThat(arrivals.size()).isBetween((int) (N * 0.77), (int) (N * 0.83));
    arrivals.clear();
    sendMany(net, 1, 2); // neither end is a target
    assertThat(arrivals).hasSize(N);
  }

  @Test
  void duplicatesArriveTwiceAndLater() {
    SimNetwork net = network(rates(0, 0.1, 0, 0));
    sendMany(net, 1, 0);
    assertThat(arrivals.size()).isBetween((int) (N * 1.08), (int) (N * 1.12));
    assertThat(counters.get(Stat.DUPLICATED)).isEqualTo(arrivals.size() - N);
  }

  @Test
  void withoutTheReorderFaultALinkIsFifoAndWithItMessagesOvertake() {
    SimNetwork fifo = network(rates(0, 0, 0, 0));
    sendMany(fifo, 0, 1);
    for (int i = 1; i < arrivals.size(); i++) {
      assertThat(arrivals.get(i).atNanos()).isGreaterThanOrEqualTo(arrivals.get(i - 1).atNanos());
    }
    arrivals.clear();
    SimNetwork reordering = network(rates(0, 0, 0.3, 0));
    sendMany(reordering, 0, 1);
    int overtakes = 0;
    for (int i = 1; i < arrivals.size(); i++) {
      overtakes += arrivals.get(i).atNanos() < arrivals.get(i - 1).atNanos() ? 1 : 0;
    }
    assertThat(overtakes).isPositive();
    assertThat(counters.get(Stat.REORDERED)).isPositive();
  }

  @Test
  void corruptionFlipsExactlyOneBitOfACopy() {
    SimNetwork net = network(rates(0, 0, 0, 1));
    byte[] original = {1, 2, 3, 4, 5, 6, 7, 8};
    net.send(0, 0, 1, original, sink);
    assertThat(original).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    byte[] got = arrivals.get(0).message();
    int bits = 0;
    for (int i = 0; i < original.length; i++) {
      bits += Integer.bitCount((got[i] ^ original[i]) & 0xFF);
    }
    assertThat(bits).isEqualTo(1);
  }

  @Test
  void latenciesStayInTheirDistribution() {
    SimNetwork net = network(rates(0, 0, 1, 0)); // reorder everything: raw latencies
    for (int i = 0; i < N; i++) {
      net.send(0, 0, 1, new byte[1], sink);
    }
    long tails = arrivals.stream().filter(a -> a.atNanos() > 3_000_000).count();
    assertThat(arrivals).allSatisfy(a -> assertThat(a.atNanos()).isBetween(1_000_000L, 53_000_000L));
    assertThat(tails).isBetween((long) (N * 0.08), (long) (N * 0.12));
  }

  @Test
  void partitionsAndResetsStopDelivery() {
    SimNetwork net = network(rates(0, 0, 0, 0));
    net.send(0, 0, 1, new byte[1], sink);
    net.block(0, 1);
    assertThat(net.deliverable(0, 1, arrivals.get(0).epoch())).as("cut while in flight").isFalse();
    assertThat(net.deliverable(1, 0, 0)).as("one-way").isTrue();
    net.send(0, 0, 1, new byte[1], sink);
    assertThat(arrivals).hasSize(1);
    net.heal();
    assertThat(net.deliverable(0, 1, arrivals.get(0).epoch())).isTrue();
    net.reset(0, 1);
    assertThat(net.deliverable(0, 1, arrivals.get(0).epoch())).isFalse();
    assertThat(counters.get(Stat.DROPPED_PARTITION)).isEqualTo(2);
    assertThat(counters.get(Stat.DROPPED_RESET)).isEqualTo(1);
  }
}
