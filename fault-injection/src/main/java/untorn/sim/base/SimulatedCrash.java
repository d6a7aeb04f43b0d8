package untorn.sim.base;

/**
 * SimulatedCrash is thrown into a node's handler when the simulator kills the process in the
 * middle of it, at an I/O operation (or when the dead handler goes on using its ports). It is an
 * {@link Error} so that node code catching {@code Exception} or {@code StorageException} does not
 * swallow it; node code must never catch {@code Error} or {@code Throwable}. The simulator treats
 * the node as dead from the first throw, even if the handler swallows it and returns.
 */
public final class SimulatedCrash extends Error {
  private static final long serialVersionUID = 1L;

  public SimulatedCrash(String message) {
    super(message, null, false, false);
  }
}
