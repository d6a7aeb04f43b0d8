package untorn.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.types.NodeId;
import untorn.sim.base.Stat;
import untorn.sim.fault.FaultEvent;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;

/** A sweep shrinks a failing schedule only to schedules that fail the same way. */
class SeedSweepTest {
  private static final long MS = 1_000_000;
  private static final NodeId A = NodeId.of("a");

  /** Fails invariant 'crashed' once a crash happened, and invariant 'late' at 8 ms otherwise. */
  private static RunOutcome run(long seed, FaultSchedule schedule) {
    Simulation sim = Simulation.builder(seed).schedule(schedule).build();
    sim.addNode(A, id -> ScriptedNode.quiet(new ArrayList<>()));
    sim.addInvariant("crashed", s -> {
      if (s.stats().get(Stat.CRASHES) > 0) {
        throw new AssertionError("a crashed");
      }
    });
    sim.addInvariant("late", s -> {
      if (s.nowNanos() >= 8 * MS) {
        throw new AssertionError("8 ms passed");
      }
    });
    sim.schedule(8 * MS, "probe", () -> {});
    return sim.run(10 * MS, s -> true, MS);
  }

  @Test
  void aFailureShrinksToAScheduleThatFailsTheSameWayNotToAnyFailingOne() {
    FaultEvent crash = new FaultEvent.Crash(5 * MS, A, 0);
    FaultEvent pause = new FaultEvent.Pause(6 * MS, A, MS);
    FaultSchedule schedule = FaultSchedule.of(FaultPlan.of(FaultProfile.none())).withEvents(List.of(crash, pause));
    SeedSweep.Summary sum = SeedSweep.sweep(1, 1, seed -> schedule, SeedSweepTest::run, false, 50);
    assertThat(sum.failures()).hasSize(1);
    SeedSweep.Failure f = sum.failures().get(0);
    assertThat(f.failure().kind()).isEqualTo("invariant 'crashed'");
    // The empty schedule fails too, but on 'late': another bug, which the shrink must not swap in.
    assertThat(f.shrunk().events()).containsExactly(crash);
  }
}
