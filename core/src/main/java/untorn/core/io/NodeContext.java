package untorn.core.io;

import java.util.random.RandomGenerator;
import untorn.core.types.NodeId;

/**
 * NodeContext is what a node's runtime gives it: its name and its I/O ports. Everything a node
 * does to the outside world goes through these, which is what lets the simulator control it.
 */
public interface NodeContext {
  NodeId self();

  Clock clock();

  Transport transport();

  Timers timers();

  FileSystem fileSystem();

  /** The node's only source of randomness; seeded in simulation. */
  RandomGenerator random();
}
