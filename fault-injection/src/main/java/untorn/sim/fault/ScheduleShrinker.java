package untorn.sim.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import untorn.sim.base.CrashKind;

/**
 * ScheduleShrinker minimizes a failing schedule so that a suite can print a short one with its
 * replay command: first the events, by {@link DeltaDebugging}; then each process kill left is tried
 * as a power loss, the default crash (a failure that keeps its kill needs the page cache to
 * survive the crash); then each fault knob still on is tried at zero (a failure that needs no
 * dropped message should not show one). Any subset of a
 * schedule's events is a valid schedule (see {@link FaultEvent}), so every candidate runs.
 *
 * <p>The predicate runs the simulation with the candidate schedule and the same seed and says
 * whether it still fails; it should check for the same failure (the same invariant), not any.
 */
public final class ScheduleShrinker {
  private ScheduleShrinker() {}

  /** The shrunk schedule and the number of simulations it took. */
  public record Result(FaultSchedule schedule, int runs) {}

  public static Result shrink(FaultSchedule failing, Predicate<FaultSchedule> stillFails, int maxRuns) {
    DeltaDebugging.Result<FaultEvent> events =
        DeltaDebugging.minimize(failing.events(), e -> stillFails.test(failing.withEvents(e)), maxRuns);
    FaultSchedule current = failing.withEvents(events.minimal());
    int runs = events.tests();
    for (int i = 0; i < current.events().size() && runs < maxRuns; i++) {
      if (current.events().get(i) instanceof FaultEvent.Crash c && c.kind() == CrashKind.PROCESS_KILL) {
        List<FaultEvent> simpler = new ArrayList<>(current.events());
        simpler.set(i, c.withKind(CrashKind.POWER_LOSS));
        FaultSchedule candidate = current.withEvents(simpler);
        runs++;
        if (stillFails.test(candidate)) {
          current = candidate;
        }
      }
    }
    for (Knob knob : Knob.values()) {
      if (runs >= maxRuns) {
        break;
      }
      if (knob.isFault() && current.plan().profile().get(knob) != 0) {
        FaultSchedule candidate = current.withProfile(current.plan().profile().with(knob, 0));
        runs++;
        if (stillFails.test(candidate)) {
          current = candidate;
        }
      }
    }
    return new Result(current, runs);
  }

  /**
   * A shrunk schedule's essentials, for printing: its fault knobs that are on, then its events, in
   * the text format ({@code set ...} and {@code at ...} lines).
   */
  public static String essentials(FaultSchedule schedule) {
    StringBuilder sb = new StringBuilder();
    schedule.plan().profile().values().forEach((knob, value) -> {
      if (knob.isFault() && value != 0) {
        sb.append("set ").append(knob.key()).append(' ').append(value).append('\n');
      }
    });
    List<FaultEvent> events = schedule.events();
    for (FaultEvent e : events) {
      sb.append("at ").append(ScheduleText.duration(e.atNanos())).append(' ').append(e.action()).append('\n');
    }
    return sb.toString();
  }
}
