package untorn.sim.base;

/**
 * Stat names one counter of a simulation run. Runs that rarely make progress prove little, so
 * suites print these to show how many faults of each class a run injected and what the protocol
 * did meanwhile. {@link #isFault} marks the counters that count injected faults.
 */
public enum Stat {
  EVENTS("events delivered", false),
  MESSAGES_SENT("messages sent", false),
  MESSAGES_DELIVERED("messages delivered", false),
  TIMERS_FIRED("timers fired", false),
  DISCONNECTS("disconnects delivered", false),
  ACTIONS("external actions", false),
  DEFERRED("events deferred (paused or busy node)", false),
  DROPPED_DOWN("messages to a down node", false),
  DROPPED_UNROUTABLE("messages to an unknown node", false),
  DISK_OPS("disk operations", false),
  DISK_SYNCS("successful syncs", false),

  DROPPED_FAULT("messages dropped", true),
  DROPPED_PARTITION("messages cut by a partition", true),
  DROPPED_RESET("messages lost to a connection reset", true),
  DUPLICATED("messages duplicated", true),
  REORDERED("messages reordered", true),
  CORRUPTED("messages corrupted", true),
  PARTITIONS("partitions", true),
  RESETS("connection resets", true),

  CRASHES("power losses between events", true),
  CRASHES_AT_IO("power losses inside a handler, at an I/O operation", true),
  PROCESS_KILLS("process kills between events (the page cache survives)", true),
  PROCESS_KILLS_AT_IO("process kills inside a handler, at an I/O operation", true),
  PANICS("nodes stopped by their own storage error", true),
  RESTARTS("restarts", false),
  PAUSES("pauses", true),

  FSYNC_FAILURES("failed fsyncs", true),
  READ_ERRORS("read errors", true),
  WRITE_ERRORS("write errors", true),
  LOST_WRITES("lost writes", true),
  MISDIRECTED_WRITES("misdirected writes", true),
  ROT("rotted sectors", true),
  DISK_FULL("writes refused by a full disk", true),
  DISK_REPLACEMENTS("disks replaced by empty ones", true),
  UNSYNCED_SECTORS_LOST("unsynced sectors lost at a crash", true),
  UNSYNCED_SECTORS_KEPT("unsynced sectors kept at a crash (torn writes)", true),
  METADATA_OPS_LOST("unsynced directory operations lost at a crash", true),
  UNSYNCED_SECTORS_SEEN_AFTER_KILL("unsynced sectors a process kill left visible to the next incarnation", true),
  METADATA_OPS_SEEN_AFTER_KILL("undurable directory operations a process kill left visible", true),

  CLOCK_SKEWS("clock skews", true),
  CLOCK_JUMPS("clock jumps", true);

  private final String description;
  private final boolean fault;

  Stat(String description, boolean fault) {
    this.description = description;
    this.fault = fault;
  }

  public String description() {
    return description;
  }

  /** True for counters of injected faults. */
  public boolean isFault() {
    return fault;
  }
}
