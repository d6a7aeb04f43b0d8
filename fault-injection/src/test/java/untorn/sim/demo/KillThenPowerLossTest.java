package untorn.sim.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.types.NodeId;
import untorn.sim.Simulation;
import untorn.sim.SimulationFailure;
import untorn.sim.base.CrashKind;
import untorn.sim.fault.FaultEvent;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.PartitionSpec;
import untorn.sim.fault.ScheduleText;

/**
 * The toy counter's {@link CounterVariant#RESTART_WITHOUT_SYNC} bug is caught only by a process
 * kill followed by a power loss of the same replica, on a small scripted schedule: r1 falls behind,
 * then the client can reach r1 alone, so it keeps resending the value r1 is persisting; r1 is
 * killed at the fsync of
 * that value (the write is in the page cache, not on disk), restarts, reads the value and, on the
 * resend, acknowledges it without a sync; then it loses power. Random schedules almost never stall
 * the client on that exact value, so this one is written by hand.
 */
class KillThenPowerLossTest {
  private static final long MS = 1_000_000L;
  private static final NodeId R1 = CounterScenario.REPLICAS.get(0);
  private static final int SEEDS = 10;

  /** The script; {@code first} is the kind of the crash at r1's fsync. */
  static FaultSchedule script(CrashKind first) {
    List<FaultEvent> events = new ArrayList<>();
    List<NodeId> others = CounterScenario.REPLICAS.subList(1, 3);
    List<NodeId> clientAndOthers = new ArrayList<>(others);
    clientAndOthers.add(CounterScenario.CLIENT);
    // r1 falls behind while r2 and r3 commit; then the client reaches r1 alone, and stalls.
    events.add(new FaultEvent.Partition(50 * MS, PartitionSpec.split(List.of(R1), clientAndOthers)));
    events.add(new FaultEvent.Partition(100 * MS, PartitionSpec.split(List.of(CounterScenario.CLIENT, R1), others)));
    events.add(new FaultEvent.Crash(100 * MS, R1, 2, first)); // the write of the new value is op 1, its fsync op 2
    events.add(new FaultEvent.Restart(200 * MS, R1));
    events.add(new FaultEvent.Crash(400 * MS, R1, 0, CrashKind.POWER_LOSS));
    events.add(new FaultEvent.Restart(500 * MS, R1));
    return new FaultSchedule(CounterScenario.plan(FaultProfile.none()), events);
  }

  /** How many of the seeds fail, each with the invariant that acknowledged values survive. */
  static int failingSeeds(CounterVariant variant, FaultSchedule schedule) {
    int failing = 0;
    for (long seed = 1; seed <= SEEDS; seed++) {
      Simulation sim = CounterScenario.simulation(Simulation.builder(seed).schedule(schedule), variant);
      try {
        sim.runUntil(700 * MS);
      } catch (SimulationFailure f) {
        assertThat(f.kind()).isEqualTo("invariant '" + CounterScenario.ACKED_SURVIVE + "'");
        failing++;
      }
    }
    return failing;
  }

  @Test
  void aRestartThatActsOnUnsyncedStateIsCaughtByAKillThenAPowerLoss() {
    // The fsync cut by the kill writes the sector back or not (half the seeds each way).
    assertThat(failingSeeds(CounterVariant.RESTART_WITHOUT_SYNC, script(CrashKind.PROCESS_KILL))).isPositive();
  }

  @Test
  void withAPowerLossFirstTheSameScriptCatchesNothing() {
    // The unsynced value dies with the page cache: the restart reads the old one and rewrites.
    assertThat(failingSeeds(CounterVariant.RESTART_WITHOUT_SYNC, script(CrashKind.POWER_LOSS))).isZero();
  }

  @Test
  void aRestartThatSyncsWhatItReadPassesTheSameScript() {
    assertThat(failingSeeds(CounterVariant.SAFE, script(CrashKind.PROCESS_KILL))).isZero();
  }

  @Test
  void theScriptReadsBackFromItsText() {
    FaultSchedule s = script(CrashKind.PROCESS_KILL);
    assertThat(ScheduleText.format(s)).contains("at 100ms crash r1 io 2 kill\n").contains("at 400ms crash r1\n");
    assertThat(ScheduleText.parse(ScheduleText.format(s))).isEqualTo(s);
  }
}
