package untorn.bench.sim;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import untorn.core.types.NodeId;
import untorn.sim.Simulation;
import untorn.sim.base.Stat;
import untorn.sim.demo.PingPong;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.ScheduleGenerator;

/**
 * SimulatorBench measures delivered simulated events per second of wall time on a three-node
 * {@link PingPong}. Each invocation is one whole seed, as a torture suite runs it: generate the
 * schedule, build the simulation, run until {@value #EVENTS} events were delivered. The score is
 * per event ({@code @OperationsPerInvocation}).
 *
 * <ul>
 *   <li>{@code clean}: no faults, no disk I/O: the runtime's own cost (queue, network, trace).
 *   <li>{@code faults}: {@link FaultProfile#torture()}: drops, duplicates, reordering, partitions,
 *       resets, crashes (half of them at an I/O operation, half of them process kills, half of
 *       those followed by a power loss), pauses, failed fsyncs, I/O errors, full disks, clock
 *       skews and jumps; each node writes and syncs its count every 4 pongs.
 * </ul>
 *
 * Run: {@code java -cp <bench classpath> org.openjdk.jmh.Main SimulatorBench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-XX:+UseParallelGC", "-Xmx1g"})
public class SimulatorBench {
  static final int EVENTS = 200_000;
  private static final List<NodeId> NODES = List.of(NodeId.of("n1"), NodeId.of("n2"), NodeId.of("n3"));
  private static final long SCHEDULE_NANOS = 120_000_000_000L;

  @Param({"clean", "faults"})
  public String mode;

  private long seed;

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public long pingPong() {
    return runSeed(++seed, mode.equals("faults"));
  }

  /** Runs one seed until {@value #EVENTS} events were delivered; returns its trace hash. */
  public static long runSeed(long seed, boolean faults) {
    FaultPlan plan = FaultPlan.of(faults ? FaultProfile.torture() : FaultProfile.none());
    FaultSchedule schedule = faults ? ScheduleGenerator.generate(plan, NODES, seed, SCHEDULE_NANOS) : FaultSchedule.of(plan);
    Simulation sim = Simulation.builder(seed).schedule(schedule).build();
    for (NodeId n : NODES) {
      sim.addNode(n, id -> new PingPong(NODES, faults ? 4 : 0));
    }
    while (sim.stats().get(Stat.EVENTS) < EVENTS && sim.step()) {
      // step() does the work
    }
    if (sim.stats().get(Stat.EVENTS) < EVENTS) {
      throw new IllegalStateException("seed " + seed + " ran out of events at " + sim.stats());
    }
    return sim.traceHash();
  }
}
