package untorn.sim.fault;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import untorn.core.types.NodeId;

/**
 * FaultPlan is everything about faults except their times: the intensities, named node groups,
 * which group each {@link FaultCategory} may hit (all nodes when unset) and the budget. Immutable;
 * build it with the {@code with} methods.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.of(FaultProfile.torture())
 *     .withGroup("sk", sk1, sk2, sk3)
 *     .withTarget(FaultCategory.PROCESS, "sk")
 *     .withTarget(FaultCategory.DISK, "sk")
 *     .withBudget("sk", BudgetRule.Kind.DOWN, 1);
 * }</pre>
 */
public record FaultPlan(
    FaultProfile profile, Map<String, List<NodeId>> groups, Map<FaultCategory, String> targets, List<BudgetRule> budget) {

  public FaultPlan {
    LinkedHashMap<String, List<NodeId>> g = new LinkedHashMap<>();
    groups.forEach((name, nodes) -> {
      checkGroupName(name);
      if (nodes.isEmpty()) {
        throw new IllegalArgumentException("group " + name + " is empty");
      }
      g.put(name, List.copyOf(new TreeSet<>(nodes)));
    });
    groups = java.util.Collections.unmodifiableMap(g);
    targets = java.util.Collections.unmodifiableMap(new EnumMap<>(targets.isEmpty() ? new EnumMap<>(FaultCategory.class) : targets));
    budget = List.copyOf(budget);
    for (String group : targets.values()) {
      requireGroup(groups, group);
    }
    for (BudgetRule rule : budget) {
      requireGroup(groups, rule.group());
    }
  }

  public static FaultPlan of(FaultProfile profile) {
    return new FaultPlan(profile, Map.of(), Map.of(), List.of());
  }

  private static void checkGroupName(String name) {
    if (!name.matches("[A-Za-z][A-Za-z0-9_.-]{0,63}")) {
      throw new IllegalArgumentException("bad group name '" + name + "'");
    }
  }

  private static void requireGroup(Map<String, List<NodeId>> groups, String group) {
    if (!groups.containsKey(group)) {
      throw new IllegalArgumentException("unknown group '" + group + "'");
    }
  }

  public FaultPlan withProfile(FaultProfile p) {
    return new FaultPlan(p, groups, targets, budget);
  }

  public FaultPlan withGroup(String name, NodeId... nodes) {
    return withGroup(name, List.of(nodes));
  }

  public FaultPlan withGroup(String name, List<NodeId> nodes) {
    Map<String, List<NodeId>> g = new LinkedHashMap<>(groups);
    g.put(name, nodes);
    return new FaultPlan(profile, g, targets, budget);
  }

  /** Restricts a category of faults to the nodes of a group. */
  public FaultPlan withTarget(FaultCategory category, String group) {
    Map<FaultCategory, String> t = new EnumMap<>(FaultCategory.class);
    t.putAll(targets);
    t.put(category, group);
    return new FaultPlan(profile, groups, t, budget);
  }

  public FaultPlan withBudget(String group, BudgetRule.Kind kind, int max) {
    List<BudgetRule> b = new ArrayList<>(budget);
    b.add(new BudgetRule(group, kind, max));
    return new FaultPlan(profile, groups, targets, b);
  }

  /** The nodes a category may hit: its target group, or {@code all} when none is set. */
  public List<NodeId> targets(FaultCategory category, List<NodeId> all) {
    String group = targets.get(category);
    return group == null ? all : groups.get(group);
  }
}
