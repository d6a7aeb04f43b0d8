package untorn.sim.fault;

import java.util.Locale;
import untorn.core.Invariants;

/**
 * Knob is one intensity of a {@link FaultProfile}: a probability per operation, a rate of
 * scheduled faults per virtual second (per target node for process faults, per cluster for
 * network ones), or a duration in milliseconds. Keys are what schedule files and the command line
 * use ({@code net.drop.p}). {@link #isFault} knobs inject faults; the others shape latency.
 */
public enum Knob {
  NET_LATENCY_MIN_MS("net.latency.min.ms", Unit.MILLIS, false, 0.5),
  NET_LATENCY_MAX_MS("net.latency.max.ms", Unit.MILLIS, false, 2),
  NET_TAIL_P("net.tail.p", Unit.PROBABILITY, false, 0.01),
  NET_TAIL_MAX_MS("net.tail.max.ms", Unit.MILLIS, false, 50),
  NET_DROP_P("net.drop.p", Unit.PROBABILITY, true, 0.02),
  NET_DUPLICATE_P("net.duplicate.p", Unit.PROBABILITY, true, 0.01),
  NET_REORDER_P("net.reorder.p", Unit.PROBABILITY, true, 0.02),
  NET_CORRUPT_P("net.corrupt.p", Unit.PROBABILITY, true, 0),
  NET_PARTITION_PER_S("net.partition.per-s", Unit.RATE, true, 0.5),
  NET_PARTITION_MS("net.partition.ms", Unit.MILLIS, false, 300),
  NET_RESET_PER_S("net.reset.per-s", Unit.RATE, true, 0.5),

  PROC_CRASH_PER_S("proc.crash.per-s", Unit.RATE, true, 0.3),
  PROC_CRASH_IO_P("proc.crash.io.p", Unit.PROBABILITY, false, 0.5),
  /** The share of scheduled crashes that kill the process alone (the page cache survives). */
  PROC_KILL_P("proc.kill.p", Unit.PROBABILITY, true, 0.5),
  /**
   * The share of process kills followed, right after the restart, by a power loss of the same node
   * armed at one of its first I/O operations: what the restart found in the page cache and did not
   * sync is lost, and whatever the node said about it meanwhile is put to the test.
   */
  PROC_KILL_POWER_AFTER_P("proc.kill.power-after.p", Unit.PROBABILITY, true, 0.5),
  PROC_DOWN_MS("proc.down.ms", Unit.MILLIS, false, 200),
  PROC_PAUSE_PER_S("proc.pause.per-s", Unit.RATE, true, 0.2),
  PROC_PAUSE_MS("proc.pause.ms", Unit.MILLIS, false, 100),
  PROC_PANIC_RESTART_MS("proc.panic-restart.ms", Unit.MILLIS, false, 100),

  DISK_FSYNC_FAIL_P("disk.fsync-fail.p", Unit.PROBABILITY, true, 0.002),
  DISK_READ_ERROR_P("disk.read-error.p", Unit.PROBABILITY, true, 0.001),
  DISK_WRITE_ERROR_P("disk.write-error.p", Unit.PROBABILITY, true, 0.001),
  DISK_LOST_WRITE_P("disk.lost-write.p", Unit.PROBABILITY, true, 0),
  DISK_MISDIRECTED_WRITE_P("disk.misdirected-write.p", Unit.PROBABILITY, true, 0),
  DISK_UNSYNCED_SURVIVAL_P("disk.unsynced-survival.p", Unit.PROBABILITY, true, 0.5),
  DISK_METADATA_SURVIVAL_P("disk.metadata-survival.p", Unit.PROBABILITY, true, 0.5),
  DISK_IO_MS("disk.io.ms", Unit.MILLIS, false, 0.02),
  DISK_SYNC_MS("disk.sync.ms", Unit.MILLIS, false, 1),
  DISK_ROT_PER_S("disk.rot.per-s", Unit.RATE, true, 0),
  DISK_FULL_PER_S("disk.full.per-s", Unit.RATE, true, 0.05),
  DISK_FULL_MS("disk.full.ms", Unit.MILLIS, false, 200),
  DISK_REPLACE_PER_S("disk.replace.per-s", Unit.RATE, true, 0),

  CLOCK_SKEW_PER_S("clock.skew.per-s", Unit.RATE, true, 0.1),
  CLOCK_SKEW_MAX_MS("clock.skew.max.ms", Unit.MILLIS, false, 5000),
  CLOCK_DRIFT_MAX_PPM("clock.drift.max.ppm", Unit.PPM, false, 1000),
  CLOCK_JUMP_PER_S("clock.jump.per-s", Unit.RATE, true, 0.05),
  CLOCK_JUMP_MAX_MS("clock.jump.max.ms", Unit.MILLIS, false, 10_000);

  /** What a knob's number means. */
  public enum Unit {
    PROBABILITY,
    RATE,
    MILLIS,
    PPM
  }

  private final String key;
  private final Unit unit;
  private final boolean fault;
  private final double torture;

  Knob(String key, Unit unit, boolean fault, double torture) {
    this.key = key;
    this.unit = unit;
    this.fault = fault;
    this.torture = torture;
  }

  public String key() {
    return key;
  }

  public Unit unit() {
    return unit;
  }

  /** True if the knob injects faults (zero turns a fault class off). */
  public boolean isFault() {
    return fault;
  }

  /** The value of {@link FaultProfile#torture()}. */
  public double tortureValue() {
    return torture;
  }

  /** The category of fault or behaviour the knob shapes, from its key's prefix. */
  public FaultCategory category() {
    String prefix = key.substring(0, key.indexOf('.'));
    switch (prefix) {
      case "net":
        return FaultCategory.NETWORK;
      case "proc":
        return FaultCategory.PROCESS;
      case "disk":
        return FaultCategory.DISK;
      case "clock":
        return FaultCategory.CLOCK;
      default:
        throw new AssertionError(prefix);
    }
  }

  /** Checks a value fits the knob's unit; throws IllegalArgumentException naming the knob. */
  public double validate(double value) {
    boolean ok = Double.isFinite(value) && value >= 0 && (unit != Unit.PROBABILITY || value <= 1);
    if (unit == Unit.PPM) {
      ok &= value < untorn.sim.base.SimLimits.CLOCK_DRIFT_PPM_MAX;
    } else if (unit == Unit.MILLIS) {
      ok &= value <= untorn.sim.base.SimLimits.KNOB_MILLIS_MAX;
    }
    if (!ok) {
      throw new IllegalArgumentException("bad value for " + key + " (" + unit.name().toLowerCase(Locale.ROOT) + "): " + value);
    }
    return value;
  }

  /** The knob with this key, or IllegalArgumentException listing the keys. */
  public static Knob byKey(String key) {
    for (Knob k : values()) {
      if (k.key.equals(key)) {
        return k;
      }
    }
    StringBuilder keys = new StringBuilder();
    for (Knob k : values()) {
      keys.append(' ').append(k.key);
    }
    throw new IllegalArgumentException("unknown knob '" + key + "'; knobs:" + keys);
  }

  static {
    for (Knob k : values()) {
      Invariants.check(k.torture >= 0, "negative default for %s", k.key);
    }
  }
}
