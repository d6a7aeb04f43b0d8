package untorn.spec.tlc;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ResultParser reads a {@link TlcResult} from TLC's {@code -tool} output. It keys on message codes
 * and accepts a run only when it is complete: a success message, or a violation with its
 * counterexample, and in both cases the final state counts. Any error message (a parse error, a
 * failed evaluation, a TLC bug), a missing count or an unknown shape is a
 * {@link TlcOutputException}, never a pass.
 */
public final class ResultParser {
  private static final Pattern STATS =
      Pattern.compile("([\\d,]+) states? generated, ([\\d,]+) distinct states? found, ([\\d,]+) states? left on queue");
  private static final Pattern DEPTH = Pattern.compile("depth of the complete state graph search is ([\\d,]+)");
  private static final Pattern NAMED = Pattern.compile("(?:Invariant|Action property|property) (\\w+)");
  private static final Pattern HEADER = Pattern.compile("^(\\d+): <(.*?)(?: line \\d+, col .*)?>$");

  private ResultParser() {}

  /**
   * Parses a finished run. {@code properties} are the names the run checked (reported back, and
   * used to name a temporal violation, whose message names none).
   */
  public static TlcResult parse(ToolOutput out, List<String> properties, double elapsedSeconds)
      throws TlcOutputException {
    Optional<Violation> violation = violation(out, properties);
    for (ToolMessage m : out.messages()) {
      if (m.isError() && !isPartOfViolation(m.code())) {
        throw new TlcOutputException("TLC reported error " + m.code() + ": " + m.body());
      }
    }
    if (violation.isEmpty() && !out.has(MessageCodes.SUCCESS)) {
      throw new TlcOutputException("TLC reported neither success nor a violation (incomplete run?)");
    }
    long[] stats = stats(out);
    long depth = depth(out, violation.isPresent());
    return new TlcResult(stats[1], stats[0], depth, elapsedSeconds, properties, violation, out.plainLines());
  }

  private static boolean isPartOfViolation(int code) {
    return code == MessageCodes.INVARIANT_VIOLATED_BEHAVIOR || code == MessageCodes.INVARIANT_VIOLATED_INITIAL
        || code == MessageCodes.ACTION_PROPERTY_VIOLATED || code == MessageCodes.TEMPORAL_PROPERTY_VIOLATED
        || code == MessageCodes.DEADLOCK_REACHED || code == MessageCodes.BEHAVIOR_UP_TO_THIS_POINT
        || code == MessageCodes.COUNTER_EXAMPLE;
  }

  /** {generated, distinct}: the last statistics message, which TLC prints once it stopped. */
  private static long[] stats(ToolOutput out) throws TlcOutputException {
    List<ToolMessage> stats = out.withCode(MessageCodes.STATS);
    if (stats.isEmpty()) {
      throw new TlcOutputException("TLC printed no final state counts (message " + MessageCodes.STATS + ")");
    }
    Matcher m = STATS.matcher(stats.get(stats.size() - 1).body());
    if (!m.find()) {
      throw new TlcOutputException("unreadable state counts: " + stats.get(stats.size() - 1).body());
    }
    return new long[] {number(m.group(1)), number(m.group(2))};
  }

  private static long depth(ToolOutput out, boolean violated) throws TlcOutputException {
    List<ToolMessage> depth = out.withCode(MessageCodes.SEARCH_DEPTH);
    if (depth.isEmpty()) {
      if (violated) {
        return 0; // TLC stops at the violation; the counterexample's length is the depth that matters.
      }
      throw new TlcOutputException("TLC printed no search depth (message " + MessageCodes.SEARCH_DEPTH + ")");
    }
    Matcher m = DEPTH.matcher(depth.get(depth.size() - 1).body());
    if (!m.find()) {
      throw new TlcOutputException("unreadable search depth: " + depth.get(depth.size() - 1).body());
    }
    return number(m.group(1));
  }

  private static Optional<Violation> violation(ToolOutput out, List<String> properties) throws TlcOutputException {
    for (ToolMessage m : out.messages()) {
      Violation.Kind kind = kindOf(m.code());
      if (kind == null) {
        continue;
      }
      String name;
      if (kind == Violation.Kind.DEADLOCK) {
        name = "deadlock";
      } else if (kind == Violation.Kind.TEMPORAL_PROPERTY) {
        name = properties.stream().filter(p -> !p.isEmpty()).reduce((a, b) -> a + "|" + b).orElse("temporal property");
      } else {
        Matcher n = NAMED.matcher(m.body());
        if (!n.find()) {
          throw new TlcOutputException("violation message " + m.code() + " names no property: " + m.body());
        }
        name = n.group(1);
      }
      return Optional.of(new Violation(name, kind, trace(out)));
    }
    return Optional.empty();
  }

  private static Violation.Kind kindOf(int code) {
    if (code == MessageCodes.INVARIANT_VIOLATED_BEHAVIOR || code == MessageCodes.INVARIANT_VIOLATED_INITIAL) {
      return Violation.Kind.INVARIANT;
    } else if (code == MessageCodes.ACTION_PROPERTY_VIOLATED) {
      return Violation.Kind.ACTION_PROPERTY;
    } else if (code == MessageCodes.TEMPORAL_PROPERTY_VIOLATED) {
      return Violation.Kind.TEMPORAL_PROPERTY;
    } else if (code == MessageCodes.DEADLOCK_REACHED) {
      return Violation.Kind.DEADLOCK;
    }
    return null;
  }

  /** The counterexample: every state message, diffed against the one before it. */
  static List<TraceStep> trace(ToolOutput out) throws TlcOutputException {
    List<TraceStep> steps = new ArrayList<>();
    Map<String, TlaValue> previous = null;
    for (ToolMessage m : out.messages()) {
      if (m.code() == MessageCodes.STATE_PRINT3) {
        steps.add(new TraceStep(steps.size() + 1, "Stuttering", List.of()));
        continue;
      }
      if (m.code() == MessageCodes.BACK_TO_STATE) {
        steps.add(new TraceStep(steps.size() + 1, m.body().strip(), List.of()));
        continue;
      }
      if (m.code() != MessageCodes.STATE_PRINT2 && m.code() != MessageCodes.STATE_PRINT1) {
        continue;
      }
      List<String> lines = Arrays.asList(m.body().split("\n"));
      Matcher h = HEADER.matcher(lines.get(0).strip());
      if (!h.matches()) {
        throw new TlcOutputException("unreadable counterexample state header: " + lines.get(0));
      }
      Map<String, TlaValue> vars;
      try {
        vars = StateDiff.variables(lines.subList(1, lines.size()));
      } catch (IllegalArgumentException e) {
        throw new TlcOutputException("unreadable counterexample state " + h.group(1) + ": " + e.getMessage());
      }
      steps.add(new TraceStep(Integer.parseInt(h.group(1)), actionName(h.group(2)), StateDiff.changes(previous, vars)));
      previous = vars;
    }
    return steps;
  }

  private static String actionName(String header) {
    int paren = header.indexOf('(');
    return (paren > 0 ? header.substring(0, paren) : header).strip();
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }
}
