package untorn.sim.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import untorn.core.types.NodeId;

/**
 * BudgetTracker follows what a schedule has broken so far, event by event and with the runtime's
 * semantics (a crash of a down node does nothing; a crash armed at an I/O operation counts as down
 * at once), and says whether a plan's budget still holds. The generator asks it before adding an
 * event; {@link #violations(FaultSchedule)} checks a hand-written schedule.
 */
public final class BudgetTracker {
  private final FaultPlan plan;
  private final Set<NodeId> crashed = new TreeSet<>();
  private final Map<NodeId, Long> pausedUntilNanos = new HashMap<>();
  private final Set<List<NodeId>> blocked = new HashSet<>();
  private final Map<String, Integer> disksLost = new HashMap<>();

  public BudgetTracker(FaultPlan plan) {
    this.plan = plan;
  }

  private BudgetTracker(BudgetTracker other) {
    this.plan = other.plan;
    crashed.addAll(other.crashed);
    pausedUntilNanos.putAll(other.pausedUntilNanos);
    blocked.addAll(other.blocked);
    disksLost.putAll(other.disksLost);
  }

  /** Every budget violation of a schedule, as "at TIME after 'EVENT': RULE exceeded (COUNT)". */
  public static List<String> violations(FaultSchedule schedule) {
    BudgetTracker t = new BudgetTracker(schedule.plan());
    List<String> out = new ArrayList<>();
    for (FaultEvent e : schedule.events()) {
      t.apply(e);
      for (String v : t.violations(e.atNanos())) {
        out.add("at " + ScheduleText.duration(e.atNanos()) + " after '" + e.action() + "': " + v);
      }
    }
    return out;
  }

  /** True if applying {@code event} keeps every budget rule. */
  public boolean admits(FaultEvent event) {
    BudgetTracker copy = new BudgetTracker(this);
    copy.apply(event);
    return copy.violations(event.atNanos()).isEmpty();
  }

  public boolean isCrashed(NodeId node) {
    return crashed.contains(node);
  }

  public boolean isDown(NodeId node, long atNanos) {
    return crashed.contains(node) || pausedUntilNanos.getOrDefault(node, 0L) > atNanos;
  }

  public boolean isPartitioned() {
    return !blocked.isEmpty();
  }

  /** Applies an event's effect on what is broken. */
  public void apply(FaultEvent event) {
    if (event instanceof FaultEvent.Crash c) {
      crashed.add(c.node());
    } else if (event instanceof FaultEvent.Restart r) {
      crashed.remove(r.node());
    } else if (event instanceof FaultEvent.Pause p) {
      if (!crashed.contains(p.node())) {
        pausedUntilNanos.merge(p.node(), p.atNanos() + p.durationNanos(), Math::max);
      }
    } else if (event instanceof FaultEvent.ReplaceDisk d) {
      crashed.add(d.node());
      plan.groups().forEach((name, nodes) -> {
        if (nodes.contains(d.node())) {
          disksLost.merge(name, 1, Integer::sum);
        }
      });
    } else if (event instanceof FaultEvent.Partition p) {
      blocked.clear();
      for (NodeId[] link : p.spec().blockedLinks()) {
        blocked.add(List.of(link[0], link[1]));
      }
    } else if (event instanceof FaultEvent.Heal) {
      blocked.clear();
    } else if (!(event instanceof FaultEvent.Reset || event instanceof FaultEvent.ClockSkew
        || event instanceof FaultEvent.ClockJump || event instanceof FaultEvent.Rot || event instanceof FaultEvent.DiskFull)) {
      throw new AssertionError(event);
    }
  }

  /** Budget rules broken at {@code atNanos}, in the plan's order. */
  public List<String> violations(long atNanos) {
    List<String> out = new ArrayList<>();
    for (BudgetRule rule : plan.budget()) {
      List<NodeId> group = plan.groups().get(rule.group());
      int count;
      if (rule.kind() == BudgetRule.Kind.DOWN) {
        count = (int) group.stream().filter(n -> isDown(n, atNanos)).count();
      } else if (rule.kind() == BudgetRule.Kind.UNAVAILABLE) {
        count = (int) group.stream().filter(n -> isDown(n, atNanos) || isCutOff(n, group)).count();
      } else if (rule.kind() == BudgetRule.Kind.DISK_LOST) {
        count = disksLost.getOrDefault(rule.group(), 0);
      } else {
        throw new AssertionError(rule.kind());
      }
      if (count > rule.max()) {
        out.add("budget '" + rule + "' exceeded (" + count + ")");
      }
    }
    return out;
  }

  private boolean isCutOff(NodeId node, List<NodeId> group) {
    int reachable = 0;
    for (NodeId m : group) {
      if (m.equals(node) || (!blocked.contains(List.of(node, m)) && !blocked.contains(List.of(m, node)))) {
        reachable++;
      }
    }
    return reachable < group.size() / 2 + 1;
  }
}
