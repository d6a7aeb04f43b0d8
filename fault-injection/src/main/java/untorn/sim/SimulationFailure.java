package untorn.sim;

import java.util.List;
import untorn.sim.base.Counters;
import untorn.sim.fault.FaultSchedule;

/**
 * SimulationFailure is a failed run: an invariant check threw, a node's handler threw something
 * other than a storage error, or the run broke a simulator bound. It carries what is needed to
 * replay and debug it: the seed, the schedule, the virtual time, the event number, the trace hash
 * so far, the last trace lines (when the run kept them) and the replay hint the suite gave.
 */
public final class SimulationFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final long seed;
  private final transient FaultSchedule schedule;
  private final long atNanos;
  private final long eventNumber;
  private final long traceHash;
  private final transient List<String> traceTail;
  private final transient Counters stats;

  SimulationFailure(String what, Throwable cause, long seed, FaultSchedule schedule, long atNanos, long eventNumber,
      long traceHash, List<String> traceTail, Counters stats, String replayHint) {
    super(message(what, seed, schedule, atNanos, eventNumber, traceHash, traceTail, replayHint), cause);
    this.what = what;
    this.seed = seed;
    this.schedule = schedule;
    this.atNanos = atNanos;
    this.eventNumber = eventNumber;
    this.traceHash = traceHash;
    this.traceTail = List.copyOf(traceTail);
    this.stats = stats;
  }

  private static String message(String what, long seed, FaultSchedule schedule, long atNanos, long eventNumber,
      long traceHash, List<String> traceTail, String replayHint) {
    StringBuilder sb = new StringBuilder();
    sb.append(what).append('\n');
    sb.append(String.format("  seed %d, virtual time %s, event #%d, trace hash %016x, schedule of %d fault events%n",
        seed, untorn.sim.fault.ScheduleText.duration(atNanos), eventNumber, traceHash, schedule.events().size()));
    sb.append("  replay: ").append(replayHint == null ? "rerun with seed " + seed + " and the same schedule" : replayHint).append('\n');
    if (!traceTail.isEmpty()) {
      sb.append("  last ").append(traceTail.size()).append(" trace lines:\n");
      for (String line : traceTail) {
        sb.append("    ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** What failed, in one line: {@code invariant 'X' violated: ...} or {@code r1: node threw ...}. */
  public String what() {
    return what;
  }

  /**
   * The failure without its details: the invariant's name, or the node and the exception class
   * it threw. A shrinker keeps only schedules that fail the same way.
   */
  public String kind() {
    if (what.startsWith("invariant '")) {
      return what.substring(0, what.indexOf('\'', "invariant '".length()) + 1);
    }
    return what.replaceAll(":.*", "") + (getCause() == null ? "" : " " + getCause().getClass().getName());
  }

  public long seed() {
    return seed;
  }

  public FaultSchedule schedule() {
    return schedule;
  }

  public long atNanos() {
    return atNanos;
  }

  public long eventNumber() {
    return eventNumber;
  }

  public long traceHash() {
    return traceHash;
  }

  public List<String> traceTail() {
    return traceTail;
  }

  public Counters stats() {
    return stats;
  }
}
