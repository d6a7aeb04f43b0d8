package untorn.sim.fault;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import untorn.core.types.NodeId;

/**
 * PartitionSpec is the shape of a network partition, as Jepsen's nemeses draw them. Nodes not
 * named keep every link.
 *
 * <ul>
 *   <li>{@code SPLIT}: two or more sides; no message crosses between sides (symmetric). A
 *       majority/minority split is a two-sided split.
 *   <li>{@code BRIDGE}: three sides A | B | C; A and C cannot talk, B talks to both (the
 *       "bridge" that makes two overlapping majorities).
 *   <li>{@code ONEWAY}: two sides A | B; messages from A to B are lost, B to A arrive.
 * </ul>
 */
public record PartitionSpec(Shape shape, List<List<NodeId>> sides) {
  /** The shape of a partition. */
  public enum Shape {
    SPLIT,
    BRIDGE,
    ONEWAY
  }

  public PartitionSpec {
    sides = List.copyOf(sides.stream().map(List::copyOf).toList());
    Set<NodeId> seen = new HashSet<>();
    for (List<NodeId> side : sides) {
      if (side.isEmpty()) {
        throw new IllegalArgumentException("a partition side is empty: " + sides);
      }
      for (NodeId n : side) {
        if (!seen.add(n)) {
          throw new IllegalArgumentException("node " + n + " is on two sides: " + sides);
        }
      }
    }
    int want = shape == Shape.BRIDGE ? 3 : 2;
    if (shape == Shape.SPLIT ? sides.size() < 2 : sides.size() != want) {
      throw new IllegalArgumentException(shape + " partition needs " + (shape == Shape.SPLIT ? "at least 2" : want) + " sides: " + sides);
    }
  }

  public static PartitionSpec split(List<NodeId> a, List<NodeId> b) {
    return new PartitionSpec(Shape.SPLIT, List.of(a, b));
  }

  /** Every directed (from, to) pair whose messages this partition blocks. */
  public List<NodeId[]> blockedLinks() {
    List<NodeId[]> out = new ArrayList<>();
    if (shape == Shape.ONEWAY) {
      cut(sides.get(0), sides.get(1), out);
    } else if (shape == Shape.BRIDGE) {
      cut(sides.get(0), sides.get(2), out);
      cut(sides.get(2), sides.get(0), out);
    } else {
      for (int i = 0; i < sides.size(); i++) {
        for (int j = 0; j < sides.size(); j++) {
          if (i != j) {
            cut(sides.get(i), sides.get(j), out);
          }
        }
      }
    }
    return out;
  }

  private static void cut(List<NodeId> from, List<NodeId> to, List<NodeId[]> out) {
    for (NodeId a : from) {
      for (NodeId b : to) {
        out.add(new NodeId[] {a, b});
      }
    }
  }

  /** Nodes the partition names. */
  public Set<NodeId> nodes() {
    Set<NodeId> all = new HashSet<>();
    sides.forEach(all::addAll);
    return all;
  }

  /** The text form used in schedules: {@code split a b | c d}, {@code oneway a > b}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(shape.name().toLowerCase(java.util.Locale.ROOT));
    String separator = shape == Shape.ONEWAY ? " >" : " |";
    for (int i = 0; i < sides.size(); i++) {
      if (i > 0) {
        sb.append(separator);
      }
      for (NodeId n : sides.get(i)) {
        sb.append(' ').append(n.name());
      }
    }
    return sb.toString();
  }
}
