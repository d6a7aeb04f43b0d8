package untorn.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import untorn.core.types.NodeId;
import untorn.sim.base.CrashKind;

/** ddmin finds the culprits, and the schedule shrinker keeps only the events and knobs needed. */
class DeltaDebuggingTest {
  @Property(tries = 200)
  void findsExactlyTheCulpritsOfAFailureThatNeedsAllOfThem(
      @ForAll @IntRange(min = 1, max = 120) int size, @ForAll @Size(min = 1, max = 4) Set<@IntRange(min = 0, max = 119) Integer> culprits) {
    List<Integer> input = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      input.add(i);
    }
    List<Integer> needed = culprits.stream().filter(c -> c < size).sorted().toList();
    if (needed.isEmpty()) {
      return;
    }
    DeltaDebugging.Result<Integer> r = DeltaDebugging.minimize(input, l -> l.containsAll(needed), 10_000);
    assertThat(r.minimal()).containsExactlyElementsOf(needed);
    assertThat(r.exhausted()).isFalse();
  }

  @Test
  void refusesAnInputThatDoesNotFail() {
    assertThatThrownBy(() -> DeltaDebugging.minimize(List.of(1, 2), l -> false, 10)).hasMessageContaining("does not fail");
  }

  @Test
  void stopsAtTheTestBudgetWithAFailingList() {
    List<Integer> input = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      input.add(i);
    }
    DeltaDebugging.Result<Integer> r = DeltaDebugging.minimize(input, l -> l.contains(3) && l.contains(997), 5);
    assertThat(r.tests()).isLessThanOrEqualTo(5);
    assertThat(r.minimal()).contains(3, 997);
  }

  @Test
  void theShrinkerDropsUnneededEventsAndKnobs() {
    NodeId a = NodeId.of("a");
    NodeId b = NodeId.of("b");
    FaultSchedule big = ScheduleGenerator.generate(FaultPlan.of(FaultProfile.torture()), List.of(a, b), 5, 20_000_000_000L);
    FaultEvent crashA = big.events().stream().filter(e -> e instanceof FaultEvent.Crash c && c.node().equals(a)).findFirst().orElseThrow();
    // The "bug" needs that crash and dropped messages.
    ScheduleShrinker.Result r = ScheduleShrinker.shrink(big,
        s -> s.events().contains(crashA) && s.plan().profile().get(Knob.NET_DROP_P) > 0, 1000);
    assertThat(r.schedule().events()).containsExactly(crashA);
    assertThat(r.schedule().plan().profile().get(Knob.NET_DROP_P)).isPositive();
    assertThat(r.schedule().plan().profile().get(Knob.NET_DUPLICATE_P)).isZero();
    assertThat(r.schedule().plan().profile().get(Knob.PROC_CRASH_PER_S)).isZero();
    assertThat(ScheduleShrinker.essentials(r.schedule())).isEqualTo("set net.drop.p 0.02\n"
        + "at " + ScheduleText.duration(crashA.atNanos()) + " " + crashA.action() + "\n");
  }

  @Test
  void theShrinkerKeepsAProcessKillOnlyIfTheFailureNeedsThePageCache() {
    NodeId a = NodeId.of("a");
    FaultEvent.Crash kill = new FaultEvent.Crash(1_000_000, a, 0, CrashKind.PROCESS_KILL);
    FaultEvent.Crash killAtIo = new FaultEvent.Crash(2_000_000, a, 4, CrashKind.PROCESS_KILL);
    FaultSchedule s = FaultSchedule.of(FaultPlan.of(FaultProfile.none())).withEvents(List.of(kill, killAtIo));
    // The "bug" needs a crash at 1ms of any kind, and the kill at I/O as it is.
    ScheduleShrinker.Result r = ScheduleShrinker.shrink(s, c -> c.events().contains(killAtIo)
        && c.events().stream().anyMatch(e -> e instanceof FaultEvent.Crash x && x.atNanos() == 1_000_000), 100);
    assertThat(r.schedule().events()).containsExactly(kill.withKind(CrashKind.POWER_LOSS), killAtIo);
  }
}
