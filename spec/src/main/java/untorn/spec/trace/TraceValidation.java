package untorn.spec.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import untorn.core.trace.TraceCodec;
import untorn.core.trace.TraceEvent;
import untorn.core.trace.TraceFormatException;
import untorn.core.types.TenantTimeline;
import untorn.spec.model.SpecFiles;
import untorn.spec.tlc.TlcOutputException;
import untorn.spec.tlc.TlcResult;
import untorn.spec.tlc.TlcRun;
import untorn.spec.tlc.TlcRunner;
import untorn.spec.tlc.TlcTimeoutException;

/**
 * TraceValidation asks TLC whether Safekeeper.tla admits a recorded implementation trace: it
 * converts each timeline's events ({@link TraceModule}), runs SafekeeperTrace.tla on them with one
 * worker, and reads the verdict from the highest count of matched steps the spec printed: all of
 * them, the trace is admitted; fewer, it is rejected at the next one. Anything else TLC says (an
 * error, a violation, no count) is an exception, never an admission.
 */
public final class TraceValidation {
  public static final Duration TIMEOUT_DEFAULT = Duration.ofMinutes(10);
  private static final Pattern MATCHED = Pattern.compile("\"untorn-trace-matched\", (\\d+)");

  private TraceValidation() {}

  /** Validates every timeline of a trace file. */
  public static List<TraceVerdict> validateFile(Path file, Optional<List<String>> acceptors, Duration timeout)
      throws IOException, TraceFormatException, TlcOutputException, TlcTimeoutException {
    List<TraceEvent> events;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      events = TraceCodec.read(in);
    }
    List<TraceVerdict> out = new ArrayList<>();
    for (Map.Entry<TenantTimeline, List<TraceEvent>> t : byTimeline(events).entrySet()) {
      out.add(validate(t.getKey().toString(), t.getValue(), acceptors.orElse(List.of()), timeout));
    }
    if (out.isEmpty()) {
      throw new TlcOutputException("the trace holds no timeline events: nothing to validate");
    }
    return out;
  }

  /** Each timeline's events, with every node crash (crashes hit all timelines of a node). */
  public static Map<TenantTimeline, List<TraceEvent>> byTimeline(List<TraceEvent> events) {
    Map<TenantTimeline, List<TraceEvent>> out = new LinkedHashMap<>();
    for (TraceEvent e : events) {
      e.timelineOf().ifPresent(t -> out.putIfAbsent(t, new ArrayList<>()));
    }
    for (TraceEvent e : events) {
      for (Map.Entry<TenantTimeline, List<TraceEvent>> t : out.entrySet()) {
        if (e.timelineOf().map(t.getKey()::equals).orElse(true)) {
          t.getValue().add(e);
        }
      }
    }
    return out;
  }

  /** Validates one timeline's events; {@code acceptors} is the cluster (empty: every acceptor named). */
  public static TraceVerdict validate(String name, List<TraceEvent> events, List<String> acceptors, Duration timeout)
      throws IOException, TlcOutputException, TlcTimeoutException {
    TraceModule module = TraceModule.of(events, acceptors);
    Path dir = Files.createTempDirectory("untorn-trace-");
    boolean keep = true;
    try {
      SpecFiles.copyTo(dir);
      Files.writeString(dir.resolve(TraceModule.MODULE + ".tla"), module.text(), StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("Check.cfg"), TraceModule.config(), StandardCharsets.UTF_8);
      TlcResult r = TlcRunner.run(new TlcRun(dir, "SafekeeperTrace.tla", "Check.cfg", 1, List.of(), timeout));
      TraceVerdict v = verdict(name, events, module, r);
      keep = false;
      return v;
    } catch (TlcOutputException e) {
      throw new TlcOutputException(e.getMessage() + " (TLC's files kept in " + dir + ")");
    } finally {
      if (!keep) {
        deleteTree(dir);
      }
    }
  }

  static TraceVerdict verdict(String name, List<TraceEvent> events, TraceModule module, TlcResult r)
      throws TlcOutputException {
    if (r.violation().isPresent()) {
      throw new TlcOutputException("trace validation checks no property, but TLC reported " + r.violation().get().property());
    }
    int matchedSteps = -1;
    for (String line : r.printed()) {
      Matcher m = MATCHED.matcher(line);
      if (m.find()) {
        matchedSteps = Math.max(matchedSteps, Integer.parseInt(m.group(1)));
      }
    }
    if (matchedSteps < 0 || matchedSteps > module.steps()) {
      throw new TlcOutputException("TLC reported no sensible progress: matched " + matchedSteps + " of "
          + module.steps() + " steps");
    }
    if (matchedSteps == module.steps()) {
      return new TraceVerdict(name, events.size(), module.steps(), true, events.size(), Optional.empty(),
          r.distinctStates(), r.elapsedSeconds());
    }
    int event = module.eventOfStep(matchedSteps);
    return new TraceVerdict(name, events.size(), module.steps(), false, event,
        Optional.of(TraceCodec.encode(events.get(event))), r.distinctStates(), r.elapsedSeconds());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
