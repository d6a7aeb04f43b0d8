package untorn.sim.demo;

import java.util.ArrayList;
import java.util.List;
import untorn.core.Invariants;
import untorn.core.types.NodeId;
import untorn.sim.RunOutcome;
import untorn.sim.Simulation;
import untorn.sim.fault.BudgetRule;
import untorn.sim.fault.FaultCategory;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.ScheduleGenerator;

/**
 * CounterScenario is the toy replicated counter's torture run: three replicas and a client, faults
 * on the replicas (process, disk, clock; the network everywhere), at most one replica down at
 * once, a safety phase and then a liveness phase. Two invariants run after every event:
 *
 * <ul>
 *   <li>{@value #ACKED_SURVIVE}: a replica that is up holds at least every value it acknowledged
 *       to the client, across its crashes;
 *   <li>{@value #QUORUM_HOLDS}: at most a minority of replicas are up and lack the committed value
 *       (otherwise no majority can hold it).
 * </ul>
 */
public final class CounterScenario {
  public static final String ACKED_SURVIVE = "acknowledged values survive crashes";
  public static final String QUORUM_HOLDS = "a majority holds the committed value";
  public static final String REPLICAS_GROUP = "replicas";
  public static final List<NodeId> REPLICAS = List.of(NodeId.of("r1"), NodeId.of("r2"), NodeId.of("r3"));
  public static final NodeId CLIENT = NodeId.of("client");
  /** Values the healed cluster must commit in the liveness phase. */
  public static final long PROGRESS_VALUES = 10;

  private CounterScenario() {}

  /** The default intensities of the toy: the torture profile. */
  public static FaultProfile profile() {
    return FaultProfile.torture().with(Knob.DISK_REPLACE_PER_S, 0).with(Knob.DISK_ROT_PER_S, 0);
  }

  public static FaultPlan plan(FaultProfile profile) {
    return FaultPlan.of(profile)
        .withGroup(REPLICAS_GROUP, REPLICAS)
        .withTarget(FaultCategory.PROCESS, REPLICAS_GROUP)
        .withTarget(FaultCategory.DISK, REPLICAS_GROUP)
        .withTarget(FaultCategory.CLOCK, REPLICAS_GROUP)
        .withBudget(REPLICAS_GROUP, BudgetRule.Kind.DOWN, 1);
  }

  public static List<NodeId> nodes() {
    List<NodeId> all = new ArrayList<>(REPLICAS);
    all.add(CLIENT);
    return all;
  }

  /** A schedule drawn from {@code seed} over the safety phase. */
  public static FaultSchedule schedule(FaultPlan plan, long seed, long safetyNanos) {
    return ScheduleGenerator.generate(plan, nodes(), seed, safetyNanos);
  }

  /** The simulation of a variant under a schedule, with its invariants registered. */
  public static Simulation simulation(Simulation.Builder builder, CounterVariant variant) {
    Simulation sim = builder.build();
    for (NodeId r : REPLICAS) {
      sim.addNode(r, id -> new CounterReplica(variant));
    }
    sim.addNode(CLIENT, id -> new CounterClient(REPLICAS, variant));
    sim.addInvariant(ACKED_SURVIVE, CounterScenario::ackedValuesSurvive);
    sim.addInvariant(QUORUM_HOLDS, CounterScenario::majorityHoldsCommitted);
    return sim;
  }

  static void ackedValuesSurvive(Simulation sim) {
    CounterClient client = sim.node(CLIENT, CounterClient.class);
    if (client == null) {
      return; // not started yet: nothing acknowledged
    }
    for (NodeId r : REPLICAS) {
      CounterReplica replica = sim.node(r, CounterReplica.class);
      if (replica != null) {
        if (replica.value() < client.maxAckedBy(r)) {
          throw Invariants.fail("%s (incarnation %d) holds %d but acknowledged %d", r, sim.incarnation(r), replica.value(),
              client.maxAckedBy(r));
        }
      }
    }
  }

  static void majorityHoldsCommitted(Simulation sim) {
    CounterClient client = sim.node(CLIENT, CounterClient.class);
    long committed = client == null ? 0 : client.committed();
    int lacking = 0;
    for (NodeId r : REPLICAS) {
      CounterReplica replica = sim.node(r, CounterReplica.class);
      if (replica != null && replica.value() < committed) {
        lacking++;
      }
    }
    if (lacking > REPLICAS.size() / 2) {
      throw Invariants.fail("%d replicas are up and lack committed value %d", lacking, committed);
    }
  }

  /** What one seed did. */
  public record Result(RunOutcome outcome, long committedInSafety, long committed) {}

  /**
   * Runs the safety phase under {@code schedule} for {@code safetyNanos}, heals, and runs until
   * {@link #PROGRESS_VALUES} more values commit or {@code livenessNanos} pass. Throws {@code
   * SimulationFailure} when an invariant breaks.
   */
  public static Result run(Simulation.Builder builder, CounterVariant variant, long safetyNanos, long livenessNanos) {
    Simulation sim = simulation(builder, variant);
    long[] atHeal = new long[1];
    sim.runUntil(safetyNanos);
    atHeal[0] = sim.node(CLIENT, CounterClient.class).committed();
    RunOutcome outcome = sim.run(safetyNanos,
        s -> s.node(CLIENT, CounterClient.class).committed() >= atHeal[0] + PROGRESS_VALUES, livenessNanos);
    return new Result(outcome, atHeal[0], sim.node(CLIENT, CounterClient.class).committed());
  }
}
