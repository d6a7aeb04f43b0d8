package untorn.sim.fault;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import untorn.core.types.NodeId;
import untorn.sim.base.CrashKind;

/**
 * ScheduleText reads and writes fault schedules as text, one statement per line; {@code #} starts
 * a comment. A saved schedule lists every knob, so it replays exactly; in a hand-written one,
 * knobs not set are zero for faults (see {@link FaultProfile#none()}).
 *
 * <pre>
 * untorn-schedule 1
 * set net.drop.p 0.02              # any knob of {@link Knob}
 * group sk sk1 sk2 sk3             # a named node group
 * target disk sk                   # network, process, disk or clock faults hit only this group
 * budget sk down 1                 # down, unavailable or disk-lost
 * at 120.5ms crash sk1             # a power loss between events
 * at 130ms crash sk2 io 3          # a power loss at sk2's 3rd I/O operation from then on
 * at 140ms crash sk3 kill          # a process kill: the page cache survives (also: io N kill)
 * at 300ms restart sk1
 * at 310ms pause sk3 50ms
 * at 400ms partition split sk1 | sk2 sk3   # also: bridge a | b | c, oneway a b > c
 * at 500ms heal
 * at 510ms reset sk1 sk2
 * at 520ms skew sk2 -1500ms 200ppm
 * at 530ms jump sk2 3s
 * at 540ms rot sk3
 * at 550ms disk-full sk3
 * at 600ms disk-ok sk3
 * at 700ms replace-disk sk1
 * </pre>
 *
 * Times and durations take the units ns, us, ms and s, with decimals; they are exact (no floating
 * point).
 */
public final class ScheduleText {
  public static final String HEADER = "untorn-schedule 1";

  private ScheduleText() {}

  /** A duration in milliseconds with as many decimals as it needs: {@code 120.5ms}. */
  public static String duration(long nanos) {
    return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString() + "ms";
  }

  /** Parses {@code 120.5ms}, {@code -3s}, {@code 250us}, {@code 7ns} into nanoseconds. */
  public static long parseDuration(String text) {
    String[][] units = {{"ns", "0"}, {"us", "3"}, {"ms", "6"}, {"s", "9"}};
    for (String[] u : units) {
      if (text.endsWith(u[0])) {
        String number = text.substring(0, text.length() - u[0].length());
        try {
          return new BigDecimal(number).movePointRight(Integer.parseInt(u[1])).longValueExact();
        } catch (ArithmeticException | NumberFormatException e) {
          throw new IllegalArgumentException("bad duration '" + text + "': not a whole number of nanoseconds");
        }
      }
    }
    throw new IllegalArgumentException("bad duration '" + text + "': needs a unit (ns, us, ms, s)");
  }

  public static String format(FaultSchedule schedule) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    FaultPlan plan = schedule.plan();
    for (Map.Entry<Knob, Double> e : plan.profile().values().entrySet()) {
      sb.append("set ").append(e.getKey().key()).append(' ').append(e.getValue()).append('\n');
    }
    plan.groups().forEach((name, nodes) -> {
      sb.append("group ").append(name);
      nodes.forEach(n -> sb.append(' ').append(n));
      sb.append('\n');
    });
    plan.targets().forEach((category, group) -> sb.append("target ").append(category.key()).append(' ').append(group).append('\n'));
    plan.budget().forEach(rule -> sb.append("budget ").append(rule).append('\n'));
    for (FaultEvent e : schedule.events()) {
      sb.append("at ").append(duration(e.atNanos())).append(' ').append(e.action()).append('\n');
    }
    return sb.toString();
  }

  public static FaultSchedule parse(String text) {
    String[] lines = text.split("\n", -1);
    FaultProfile profile = FaultProfile.none();
    Map<String, List<NodeId>> groups = new LinkedHashMap<>();
    Map<FaultCategory, String> targets = new EnumMap<>(FaultCategory.class);
    List<BudgetRule> budget = new ArrayList<>();
    List<FaultEvent> events = new ArrayList<>();
    boolean headerSeen = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int hash = line.indexOf('#');
      String[] w = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
      if (w.length == 1 && w[0].isEmpty()) {
        continue;
      }
      try {
        if (!headerSeen) {
          if (!String.join(" ", w).equals(HEADER)) {
            throw new IllegalArgumentException("expected the header '" + HEADER + "'");
          }
          headerSeen = true;
          continue;
        }
        switch (w[0]) {
          case "set":
            arity(w, 3);
            profile = profile.with(Knob.byKey(w[1]), Double.parseDouble(w[2]));
            break;
          case "group":
            atLeast(w, 3);
            groups.put(w[1], nodes(w, 2, w.length));
            break;
          case "target":
            arity(w, 3);
            declared(groups, w[2]);
            targets.put(category(w[1]), w[2]);
            break;
          case "budget":
            arity(w, 4);
            declared(groups, w[1]);
            budget.add(new BudgetRule(w[1], BudgetRule.Kind.byKey(w[2]), Integer.parseInt(w[3])));
            break;
          case "at":
            atLeast(w, 3);
            events.add(event(parseDuration(w[1]), Arrays.copyOfRange(w, 2, w.length)));
            break;
          default:
            throw new IllegalArgumentException("unknown statement '" + w[0] + "' (set, group, target, budget, at)");
        }
      } catch (ScheduleSyntaxException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new ScheduleSyntaxException(i + 1, line, String.valueOf(e.getMessage()));
      }
    }
    if (!headerSeen) {
      throw new ScheduleSyntaxException(1, "", "empty schedule: expected the header '" + HEADER + "'");
    }
    try {
      return new FaultSchedule(new FaultPlan(profile, groups, targets, budget), events);
    } catch (RuntimeException e) {
      throw new ScheduleSyntaxException(lines.length, "", String.valueOf(e.getMessage()));
    }
  }

  private static FaultEvent event(long at, String[] w) {
    switch (w[0]) {
      case "crash":
        return crash(at, w);
      case "restart":
        arity(w, 2);
        return new FaultEvent.Restart(at, NodeId.of(w[1]));
      case "pause":
        arity(w, 3);
        return new FaultEvent.Pause(at, NodeId.of(w[1]), parseDuration(w[2]));
      case "partition":
        atLeast(w, 4);
        return new FaultEvent.Partition(at, partition(w));
      case "heal":
        arity(w, 1);
        return new FaultEvent.Heal(at);
      case "reset":
        arity(w, 3);
        return new FaultEvent.Reset(at, NodeId.of(w[1]), NodeId.of(w[2]));
      case "skew":
        arity(w, 4);
        if (!w[3].endsWith("ppm")) {
          throw new IllegalArgumentException("drift needs the unit ppm: " + w[3]);
        }
        return new FaultEvent.ClockSkew(at, NodeId.of(w[1]), parseDuration(w[2]), Long.parseLong(w[3].substring(0, w[3].length() - 3)));
      case "jump":
        arity(w, 3);
        return new FaultEvent.ClockJump(at, NodeId.of(w[1]), parseDuration(w[2]));
      case "rot":
        arity(w, 2);
        return new FaultEvent.Rot(at, NodeId.of(w[1]));
      case "disk-full":
      case "disk-ok":
        arity(w, 2);
        return new FaultEvent.DiskFull(at, NodeId.of(w[1]), w[0].equals("disk-full"));
      case "replace-disk":
        arity(w, 2);
        return new FaultEvent.ReplaceDisk(at, NodeId.of(w[1]));
      default:
        throw new IllegalArgumentException("unknown fault '" + w[0]
            + "' (crash, restart, pause, partition, heal, reset, skew, jump, rot, disk-full, disk-ok, replace-disk)");
    }
  }

  /** {@code crash NODE [io N] [power|kill]}: without a kind, a power loss (as before kills). */
  private static FaultEvent.Crash crash(long at, String[] w) {
    atLeast(w, 2);
    int i = 2;
    int io = 0;
    if (w.length > i + 1 && w[i].equals("io")) {
      io = Integer.parseInt(w[i + 1]);
      i += 2;
    }
    CrashKind kind = CrashKind.POWER_LOSS;
    if (w.length > i) {
      kind = CrashKind.byKey(w[i]);
      i++;
    }
    if (w.length != i) {
      throw new IllegalArgumentException("'crash' takes NODE [io N] [power|kill], got " + (w.length - 1) + " argument(s)");
    }
    return new FaultEvent.Crash(at, NodeId.of(w[1]), io, kind);
  }

  private static PartitionSpec partition(String[] w) {
    PartitionSpec.Shape shape = PartitionSpec.Shape.valueOf(w[1].toUpperCase(Locale.ROOT));
    String separator = shape == PartitionSpec.Shape.ONEWAY ? ">" : "|";
    List<List<NodeId>> sides = new ArrayList<>();
    int start = 2;
    for (int i = 2; i <= w.length; i++) {
      if (i == w.length || w[i].equals(separator)) {
        sides.add(nodes(w, start, i));
        start = i + 1;
      }
    }
    return new PartitionSpec(shape, sides);
  }

  private static List<NodeId> nodes(String[] w, int from, int to) {
    List<NodeId> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      out.add(NodeId.of(w[i]));
    }
    return out;
  }

  private static void declared(Map<String, List<NodeId>> groups, String group) {
    if (!groups.containsKey(group)) {
      throw new IllegalArgumentException("unknown group '" + group + "' (declare it with 'group' first)");
    }
  }

  private static FaultCategory category(String key) {
    for (FaultCategory c : FaultCategory.values()) {
      if (c.key().equals(key)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown fault category '" + key + "' (network, process, disk, clock)");
  }

  private static void arity(String[] w, int n) {
    if (w.length != n) {
      throw new IllegalArgumentException("'" + w[0] + "' takes " + (n - 1) + " argument(s), got " + (w.length - 1));
    }
  }

  private static void atLeast(String[] w, int n) {
    if (w.length < n) {
      throw new IllegalArgumentException("'" + w[0] + "' takes at least " + (n - 1) + " argument(s), got " + (w.length - 1));
    }
  }
}
