package untorn.sim.fault;

/** FaultCategory groups fault classes by what they hit; a plan names the nodes each may hit. */
public enum FaultCategory {
  /** Drops, duplicates, reordering, corruption, partitions, connection resets. */
  NETWORK,
  /** Crashes, restarts, pauses. */
  PROCESS,
  /** Failed fsyncs, I/O errors, lost and misdirected writes, rot, full and replaced disks. */
  DISK,
  /** Skews, drifts and jumps of a node's clock. */
  CLOCK;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
