package untorn.sim;

import untorn.core.io.Node;
import untorn.core.types.NodeId;

/**
 * NodeFactory builds a node object for a new incarnation. The simulator calls it at the first
 * start and again at every restart; the object it returns must hold nothing from earlier
 * incarnations (no shared mutable state): everything it knows comes from its disk, in
 * {@link Node#start}.
 */
@FunctionalInterface
public interface NodeFactory {
  Node create(NodeId id);
}
