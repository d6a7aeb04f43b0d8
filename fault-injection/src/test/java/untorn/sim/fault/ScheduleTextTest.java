package untorn.sim.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import untorn.core.types.NodeId;
import untorn.sim.base.CrashKind;

/** Schedules survive a save and a load exactly; bad text gets an error naming its line. */
class ScheduleTextTest {
  static final List<NodeId> NODES = List.of(NodeId.of("sk1"), NodeId.of("sk2"), NodeId.of("sk3"), NodeId.of("client"));

  static FaultPlan plan() {
    FaultProfile p = FaultProfile.torture().with(Knob.DISK_ROT_PER_S, 0.5).with(Knob.DISK_REPLACE_PER_S, 0.2);
    return FaultPlan.of(p).withGroup("sk", NODES.subList(0, 3))
        .withTarget(FaultCategory.PROCESS, "sk").withTarget(FaultCategory.DISK, "sk")
        .withBudget("sk", BudgetRule.Kind.DOWN, 1).withBudget("sk", BudgetRule.Kind.DISK_LOST, 1);
  }

  @Property(tries = 50)
  void aGeneratedScheduleRoundTripsThroughText(@ForAll long seed) {
    FaultSchedule s = ScheduleGenerator.generate(plan(), NODES, seed, 5_000_000_000L);
    String text = ScheduleText.format(s);
    FaultSchedule back = ScheduleText.parse(text);
    assertThat(back).isEqualTo(s);
    assertThat(ScheduleText.format(back)).isEqualTo(text);
  }

  @Test
  void theDocumentedExampleParses() {
    String text = String.join("\n",
        "untorn-schedule 1",
        "set net.drop.p 0.02   # a comment",
        "group sk sk1 sk2 sk3",
        "target disk sk",
        "budget sk down 1",
        "at 120.5ms crash sk1",
        "at 130ms crash sk2 io 3",
        "at 300ms restart sk1",
        "at 310ms pause sk3 50ms",
        "at 400ms partition split sk1 | sk2 sk3",
        "at 405ms partition bridge sk1 | sk2 | sk3",
        "at 410ms partition oneway sk1 sk2 > sk3",
        "at 500ms heal",
        "at 510ms reset sk1 sk2",
        "at 520ms skew sk2 -1500ms 200ppm",
        "at 530ms jump sk2 3s",
        "at 540ms rot sk3",
        "at 550ms disk-full sk3",
        "at 600ms disk-ok sk3",
        "at 700ms replace-disk sk1",
        "");
    FaultSchedule s = ScheduleText.parse(text);
    assertThat(s.plan().profile().get(Knob.NET_DROP_P)).isEqualTo(0.02);
    assertThat(s.plan().profile().get(Knob.PROC_CRASH_PER_S)).as("unset fault knobs are off").isZero();
    assertThat(s.events()).hasSize(15);
    assertThat(s.events().get(0)).isEqualTo(new FaultEvent.Crash(120_500_000, NodeId.of("sk1"), 0));
    assertThat(s.events().get(1)).isEqualTo(new FaultEvent.Crash(130_000_000, NodeId.of("sk2"), 3));
    assertThat(s.events().get(9)).isEqualTo(new FaultEvent.ClockSkew(520_000_000, NodeId.of("sk2"), -1_500_000_000L, 200));
    assertThat(((FaultEvent.Partition) s.events().get(5)).spec().blockedLinks()).hasSize(2);
    assertThat(ScheduleText.parse(ScheduleText.format(s))).isEqualTo(s);
  }

  @Test
  void aCrashNamesItsKindAndWithoutOneItIsAPowerLoss() {
    FaultSchedule s = ScheduleText.parse(String.join("\n", "untorn-schedule 1",
        "at 1ms crash sk1", "at 2ms crash sk1 power", "at 3ms crash sk1 kill", "at 4ms crash sk1 io 3",
        "at 5ms crash sk1 io 3 kill", ""));
    NodeId sk1 = NodeId.of("sk1");
    assertThat(s.events()).containsExactly(
        new FaultEvent.Crash(1_000_000, sk1, 0, CrashKind.POWER_LOSS),
        new FaultEvent.Crash(2_000_000, sk1, 0, CrashKind.POWER_LOSS),
        new FaultEvent.Crash(3_000_000, sk1, 0, CrashKind.PROCESS_KILL),
        new FaultEvent.Crash(4_000_000, sk1, 3, CrashKind.POWER_LOSS),
        new FaultEvent.Crash(5_000_000, sk1, 3, CrashKind.PROCESS_KILL));
    // A power loss is written as before kills existed, so old schedules read and write the same.
    assertThat(ScheduleText.format(s)).contains("at 1ms crash sk1\nat 2ms crash sk1\nat 3ms crash sk1 kill\n"
        + "at 4ms crash sk1 io 3\nat 5ms crash sk1 io 3 kill\n");
    assertThat(ScheduleText.parse(ScheduleText.format(s))).isEqualTo(s);
  }

  @Test
  void badTextIsRejectedWithItsLine() {
    String header = "untorn-schedule 1\n";
    expectError("", 1, "empty schedule");
    expectError("at 1ms crash a\n", 1, "expected the header");
    expectError(header + "at 1ms explode a\n", 2, "unknown fault 'explode'");
    expectError(header + "at 1 crash a\n", 2, "needs a unit");
    expectError(header + "at 1.0000001ms crash a\n", 2, "not a whole number of nanoseconds");
    expectError(header + "set net.nope 1\n", 2, "unknown knob 'net.nope'");
    expectError(header + "set net.drop.p 2\n", 2, "bad value for net.drop.p");
    expectError(header + "set net.latency.max.ms 1e13\n", 2, "bad value for net.latency.max.ms"); // overflowed arrival times
    expectError(header + "set proc.down.ms 1e10\n", 2, "bad value for proc.down.ms"); // restarts past the time limit
    expectError(header + "at 1ms crash bad/name\n", 2, "node name may hold");
    expectError(header + "at 1ms crash a b\n", 2, "unknown crash kind 'b'");
    expectError(header + "at 1ms crash a kill now\n", 2, "'crash' takes NODE [io N] [power|kill]");
    expectError(header + "at 1ms partition split a | a\n", 2, "on two sides");
    expectError(header + "at 1ms pause a 0ms\n", 2, "pause duration");
    expectError(header + "at -1ms crash a\n", 2, "fault time out of range");
    expectError(header + "at 9000000s restart a\n", 2, "fault time out of range"); // past the 100-day limit
    expectError(header + "budget sk down 1\n", 2, "unknown group 'sk'");
    expectError(header + "target disk nogroup\n", 2, "unknown group");
  }

  private static void expectError(String text, int line, String message) {
    assertThatThrownBy(() -> ScheduleText.parse(text)).isInstanceOf(ScheduleSyntaxException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((ScheduleSyntaxException) e).line()).isEqualTo(line));
  }
}
