package untorn.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import untorn.core.types.NodeId;
import untorn.sim.base.CrashKind;

/** Generated schedules are deterministic, stay in their budget and targets, and use every class. */
class ScheduleGeneratorTest {
  private static final List<NodeId> NODES = ScheduleTextTest.NODES;
  private static final long SECONDS_10 = 10_000_000_000L;

  @Property(tries = 100)
  void schedulesStayWithinTheirBudgetAndTargets(@ForAll long seed) {
    FaultPlan plan = ScheduleTextTest.plan().withProfile(ScheduleTextTest.plan().profile()
        .with(Knob.PROC_CRASH_PER_S, 3).with(Knob.PROC_PAUSE_PER_S, 2).with(Knob.DISK_REPLACE_PER_S, 1));
    FaultSchedule s = ScheduleGenerator.generate(plan, NODES, seed, SECONDS_10);
    assertThat(BudgetTracker.violations(s)).isEmpty();
    NodeId client = NodeId.of("client");
    for (FaultEvent e : s.events()) {
      if (e instanceof FaultEvent.Crash || e instanceof FaultEvent.Pause || e instanceof FaultEvent.Rot
          || e instanceof FaultEvent.DiskFull || e instanceof FaultEvent.ReplaceDisk || e instanceof FaultEvent.Restart) {
        assertThat(e.nodes()).doesNotContain(client);
      }
      assertThat(e.atNanos()).isLessThan(SECONDS_10);
    }
  }

  @Test
  void theSameSeedGivesTheSameScheduleAndAnotherSeedAnother() {
    FaultPlan plan = ScheduleTextTest.plan();
    assertThat(ScheduleGenerator.generate(plan, NODES, 7, SECONDS_10)).isEqualTo(ScheduleGenerator.generate(plan, NODES, 7, SECONDS_10));
    assertThat(ScheduleGenerator.generate(plan, NODES, 7, SECONDS_10)).isNotEqualTo(ScheduleGenerator.generate(plan, NODES, 8, SECONDS_10));
  }

  @Test
  void everyScheduledFaultClassAppearsWhenItsRateIsOn() {
    FaultSchedule s = ScheduleGenerator.generate(ScheduleTextTest.plan(), NODES, 1, 60 * 1_000_000_000L);
    Set<Class<?>> kinds = new HashSet<>();
    Set<PartitionSpec.Shape> shapes = new HashSet<>();
    boolean ioCrash = false;
    Set<CrashKind> crashKinds = new HashSet<>();
    for (FaultEvent e : s.events()) {
      if (e instanceof FaultEvent.Crash c) {
        crashKinds.add(c.kind());
      }
      kinds.add(e.getClass());
      if (e instanceof FaultEvent.Partition p) {
        shapes.add(p.spec().shape());
      }
      ioCrash |= e instanceof FaultEvent.Crash c && c.ioOps() > 0;
    }
    assertThat(kinds).containsExactlyInAnyOrder(FaultEvent.Crash.class, FaultEvent.Restart.class, FaultEvent.Pause.class,
        FaultEvent.Partition.class, FaultEvent.Heal.class, FaultEvent.Reset.class, FaultEvent.ClockSkew.class,
        FaultEvent.ClockJump.class, FaultEvent.Rot.class, FaultEvent.DiskFull.class, FaultEvent.ReplaceDisk.class);
    assertThat(shapes).containsExactlyInAnyOrder(PartitionSpec.Shape.values());
    assertThat(ioCrash).isTrue();
    assertThat(crashKinds).containsExactlyInAnyOrder(CrashKind.values());
  }

  @Test
  void aCrashLoopLosesPowerRightAfterAKillsRestartWithinTheBudget() {
    FaultProfile p = ScheduleTextTest.plan().profile().with(Knob.PROC_KILL_P, 1).with(Knob.PROC_KILL_POWER_AFTER_P, 1)
        .with(Knob.PROC_CRASH_PER_S, 3);
    FaultSchedule s = ScheduleGenerator.generate(ScheduleTextTest.plan().withProfile(p), NODES, 2, 60 * 1_000_000_000L);
    List<FaultEvent> events = s.events();
    int loops = 0;
    for (int i = 0; i + 1 < events.size(); i++) {
      if (events.get(i) instanceof FaultEvent.Restart r && events.get(i + 1) instanceof FaultEvent.Crash c
          && c.node().equals(r.node()) && c.atNanos() == r.atNanos() + 1) {
        assertThat(c.kind()).isEqualTo(CrashKind.POWER_LOSS);
        assertThat(c.ioOps()).isBetween(1, 8);
        loops++;
      }
    }
    long kills = events.stream().filter(e -> e instanceof FaultEvent.Crash c && c.kind() == CrashKind.PROCESS_KILL).count();
    assertThat(kills).isGreaterThan(10);
    assertThat(loops).as("every kill whose restart falls in the run loses power right after it").isGreaterThan((int) kills / 2);
    assertThat(BudgetTracker.violations(s)).isEmpty();
  }

  @Test
  void theKillKnobSaysWhichShareOfCrashesSparesThePageCache() {
    for (double p : new double[] {0, 1}) {
      FaultProfile profile = ScheduleTextTest.plan().profile().with(Knob.PROC_KILL_P, p).with(Knob.PROC_KILL_POWER_AFTER_P, 0);
      FaultPlan plan = ScheduleTextTest.plan().withProfile(profile);
      List<CrashKind> kinds = ScheduleGenerator.generate(plan, NODES, 1, 60 * 1_000_000_000L).events().stream()
          .filter(e -> e instanceof FaultEvent.Crash).map(e -> ((FaultEvent.Crash) e).kind()).toList();
      assertThat(kinds).isNotEmpty().containsOnly(p == 0 ? CrashKind.POWER_LOSS : CrashKind.PROCESS_KILL);
    }
  }

  @Test
  void theBudgetTurnsAwayFaultsItWouldNotAllow() {
    FaultPlan strict = FaultPlan.of(FaultProfile.none().with(Knob.PROC_CRASH_PER_S, 50))
        .withGroup("sk", NODES.subList(0, 3)).withTarget(FaultCategory.PROCESS, "sk")
        .withBudget("sk", BudgetRule.Kind.DOWN, 0);
    assertThat(ScheduleGenerator.generate(strict, NODES, 3, SECONDS_10).events()).isEmpty();
  }

  @Test
  void aHandWrittenScheduleOverItsBudgetIsReported() {
    FaultSchedule s = ScheduleText.parse(String.join("\n", "untorn-schedule 1", "group sk sk1 sk2 sk3",
        "budget sk down 1", "budget sk unavailable 1", "budget sk disk-lost 0",
        "at 1ms crash sk1", "at 2ms pause sk2 5ms", "at 10ms restart sk1",
        "at 20ms partition split sk1 | sk2 | sk3", "at 30ms heal", "at 40ms replace-disk sk3", ""));
    assertThat(BudgetTracker.violations(s)).containsExactly(
        "at 2ms after 'pause sk2 5ms': budget 'sk down 1' exceeded (2)",
        "at 2ms after 'pause sk2 5ms': budget 'sk unavailable 1' exceeded (2)",
        "at 20ms after 'partition split sk1 | sk2 | sk3': budget 'sk unavailable 1' exceeded (3)",
        "at 40ms after 'replace-disk sk3': budget 'sk disk-lost 0' exceeded (1)");
  }
}
