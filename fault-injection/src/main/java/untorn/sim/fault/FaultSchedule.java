package untorn.sim.fault;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import untorn.sim.base.SimLimits;

/**
 * FaultSchedule is a plan plus its fault events in time order (events at the same time keep their
 * order). With the run's seed it determines a simulation completely; {@link ScheduleText} saves and
 * loads it.
 */
public record FaultSchedule(FaultPlan plan, List<FaultEvent> events) {
  public FaultSchedule {
    if (events.size() > SimLimits.SCHEDULE_EVENTS_MAX) {
      throw new IllegalArgumentException("schedule has " + events.size() + " events, more than " + SimLimits.SCHEDULE_EVENTS_MAX);
    }
    List<FaultEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(FaultEvent::atNanos)); // stable
    events = List.copyOf(sorted);
  }

  /** A schedule without events (per-operation faults of the profile still happen). */
  public static FaultSchedule of(FaultPlan plan) {
    return new FaultSchedule(plan, List.of());
  }

  public FaultSchedule withEvents(List<FaultEvent> newEvents) {
    return new FaultSchedule(plan, newEvents);
  }

  public FaultSchedule withPlan(FaultPlan newPlan) {
    return new FaultSchedule(newPlan, events);
  }

  public FaultSchedule withProfile(FaultProfile profile) {
    return new FaultSchedule(plan.withProfile(profile), events);
  }

  /** The text form ({@link ScheduleText#format}). */
  @Override
  public String toString() {
    return ScheduleText.format(this);
  }
}
