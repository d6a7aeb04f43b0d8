package untorn.sim;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import untorn.core.types.NodeId;
import untorn.sim.base.Stat;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.ScheduleGenerator;

/**
 * Whatever the seed, a ping-pong run with every fault class on keeps the simulator's own books
 * straight (each disk's space accounting and zero tails, checked after every event), and the
 * healed cluster restarts every node and moves messages again.
 */
class SimulationProperties {
  @Property(tries = 25)
  void anyFaultMixKeepsTheDisksConsistentAndHealsBack(@ForAll long seed) {
    FaultSchedule schedule = ScheduleGenerator.generate(Scenarios.pingPlan(), Scenarios.PING_NODES, seed, Scenarios.SECOND);
    Simulation sim = Scenarios.pingPong(seed, schedule, null);
    sim.addInvariant("disk books", s -> {
      for (NodeId n : s.nodes()) {
        s.disk(n).checkConsistency();
      }
    });
    sim.runUntil(Scenarios.SECOND);
    sim.heal();
    long deliveredAtHeal = sim.stats().get(Stat.MESSAGES_DELIVERED);
    sim.runFor(Scenarios.SECOND / 2);
    for (NodeId n : sim.nodes()) {
      assertThat(sim.isUp(n)).as(n + " is up after the heal").isTrue();
    }
    assertThat(sim.stats().get(Stat.MESSAGES_DELIVERED)).isGreaterThan(deliveredAtHeal + 1000);
    assertThat(sim.stats().get(Stat.MESSAGES_DELIVERED))
        .isLessThanOrEqualTo(sim.stats().get(Stat.MESSAGES_SENT) + sim.stats().get(Stat.DUPLICATED));
  }
}
