package untorn.sim.base;

/**
 * CrashKind is what a crash takes with it. Both kinds kill the node's process (its handles, its
 * memory, its timers and connections); they differ in what happens to the operating system's
 * page cache, which holds every write and directory operation not yet made durable.
 */
public enum CrashKind {
  /**
   * The machine loses power (or the kernel panics): the page cache is gone. Unsynced data is lost
   * or torn at sector granularity, undurable directory operations are lost (or a prefix of them
   * survives). The default, and the only kind old schedules know.
   */
  POWER_LOSS("power"),
  /**
   * The process alone dies (kill -9, the OOM killer, a halt after a failed fsync): the page cache
   * survives, so the next incarnation still reads every write and sees every rename, durable or
   * not. Nothing becomes durable by the kill: a later power loss can still take it back, unless
   * the new incarnation syncs it first.
   */
  PROCESS_KILL("kill");

  private final String key;

  CrashKind(String key) {
    this.key = key;
  }

  /** The word schedule text uses for this kind ({@code power}, {@code kill}). */
  public String key() {
    return key;
  }

  /** The kind named {@code key}, or IllegalArgumentException naming the keys. */
  public static CrashKind byKey(String key) {
    for (CrashKind k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    throw new IllegalArgumentException("unknown crash kind '" + key + "' (power, kill)");
  }
}
