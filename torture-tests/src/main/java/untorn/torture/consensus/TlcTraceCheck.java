package untorn.torture.consensus;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import untorn.core.trace.TraceEvent;
import untorn.core.types.NodeId;
import untorn.spec.trace.TraceValidation;
import untorn.spec.trace.TraceVerdict;

/**
 * TlcTraceCheck validates one consensus run's implementation trace against the TLA+ spec with TLC
 * (spec module, {@link TraceValidation}). A rejection, and equally a TLC run that decided nothing
 * (an error, a timeout), is reported as a violation: an unvalidated trace never passes.
 */
final class TlcTraceCheck {
  /** TLC's time for one seed's trace: whole traces take seconds (README), this is a generous bound. */
  static final Duration TIMEOUT = Duration.ofMinutes(10);

  private TlcTraceCheck() {}

  /** What TLC said of a run's trace: how many events it was given, and the problem, empty when it admitted them. */
  record Checked(int events, Optional<String> problem) {}

  /** The problem with the run's trace (its first {@code eventsMax} events; 0: all), or empty when TLC admitted it. */
  static Optional<String> check(ConsensusScenario scenario, int eventsMax) {
    return validate(scenario, eventsMax).problem();
  }

  /** Validates the run's trace (its first {@code eventsMax} events; 0: all). */
  static Checked validate(ConsensusScenario scenario, int eventsMax) {
    List<String> acceptors = scenario.shape().safekeeperIds().stream().map(NodeId::name).toList();
    List<TraceEvent> events = scenario.traceEvents().stream()
        .filter(e -> e.timelineOf().map(ConsensusScenario.TIMELINE::equals).orElse(true)).toList();
    if (eventsMax > 0 && events.size() > eventsMax) {
      events = events.subList(0, eventsMax);
    }
    try {
      TraceVerdict v = TraceValidation.validate(ConsensusScenario.TIMELINE.toString(), events, acceptors, TIMEOUT);
      return new Checked(events.size(), v.admitted() ? Optional.empty() : Optional.of(v.describe()));
    } catch (Exception e) {
      return new Checked(events.size(), Optional.of("no verdict from TLC: " + e));
    }
  }
}
