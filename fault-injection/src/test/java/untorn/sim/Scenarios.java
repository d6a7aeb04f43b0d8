package untorn.sim;

import java.util.List;
import untorn.core.Bytes;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.types.NodeId;
import untorn.sim.demo.CounterScenario;
import untorn.sim.demo.CounterVariant;
import untorn.sim.demo.PingPong;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.ScheduleGenerator;

/**
 * Scenarios are the runs the determinism tests compare, in this JVM and in a child JVM ({@link
 * #main}): a three-node ping-pong with every fault class on, the toy counter, and a deliberately
 * nondeterministic node (it sends identity hash codes) as the negative control.
 */
final class Scenarios {
  static final long SECOND = 1_000_000_000L;
  static final List<NodeId> PING_NODES = List.of(NodeId.of("p1"), NodeId.of("p2"), NodeId.of("p3"));

  private Scenarios() {}

  static FaultPlan pingPlan() {
    return FaultPlan.of(FaultProfile.torture().with(Knob.NET_CORRUPT_P, 0.01).with(Knob.DISK_ROT_PER_S, 0.2)
        .with(Knob.DISK_LOST_WRITE_P, 0.001).with(Knob.DISK_MISDIRECTED_WRITE_P, 0.001).with(Knob.DISK_REPLACE_PER_S, 0.05)
        .with(Knob.PROC_CRASH_PER_S, 1));
  }

  static Simulation pingPong(long seed, FaultSchedule schedule, TraceSink sink) {
    Simulation.Builder b = Simulation.builder(seed).schedule(schedule);
    if (sink != null) {
      b.traceSink(sink);
    }
    Simulation sim = b.build();
    for (NodeId n : PING_NODES) {
      sim.addNode(n, id -> new PingPong(PING_NODES, 4));
    }
    return sim;
  }

  static FaultSchedule pingSchedule(long seed) {
    return ScheduleGenerator.generate(pingPlan(), PING_NODES, seed, 2 * SECOND);
  }

  /** The trace hash of a ping-pong run of 2 s of faults and 1 s healed. */
  static long pingPongHash(long seed) {
    Simulation sim = pingPong(seed, pingSchedule(seed), null);
    sim.runUntil(2 * SECOND);
    sim.heal();
    sim.runUntil(3 * SECOND);
    return sim.traceHash();
  }

  static long counterHash(long seed) {
    FaultPlan plan = CounterScenario.plan(CounterScenario.profile());
    FaultSchedule schedule = CounterScenario.schedule(plan, seed, 2 * SECOND);
    return CounterScenario.run(Simulation.builder(seed).schedule(schedule), CounterVariant.SAFE, 2 * SECOND, 2 * SECOND)
        .outcome().traceHash();
  }

  /** A node whose messages carry identity hash codes: not deterministic across JVMs. */
  static long identityHash(long seed) {
    Simulation sim = Simulation.builder(seed).build();
    for (NodeId n : PING_NODES) {
      sim.addNode(n, id -> new Node() {
        NodeContext ctx;

        @Override
        public void start(NodeContext context) {
          ctx = context;
          ctx.timers().schedule(1, "t");
        }

        @Override
        public void onMessage(NodeId from, byte[] message) {}

        @Override
        public void onTimer(long timerId, Object tag) {
          byte[] m = new byte[4];
          Bytes.putI32(m, 0, System.identityHashCode(new Object()));
          ctx.transport().send(PING_NODES.get(0), m);
          ctx.timers().schedule(1, "t");
        }
      });
    }
    sim.runUntil(SECOND / 10);
    return sim.traceHash();
  }

  static long hash(String scenario, long seed) {
    switch (scenario) {
      case "pingpong":
        return pingPongHash(seed);
      case "counter":
        return counterHash(seed);
      case "identity":
        return identityHash(seed);
      default:
        throw new IllegalArgumentException(scenario);
    }
  }

  /** Prints the trace hash of {@code args[0]} (a scenario) with seed {@code args[1]}. */
  public static void main(String[] args) {
    System.out.println(Long.toHexString(hash(args[0], Long.parseLong(args[1]))));
  }
}
