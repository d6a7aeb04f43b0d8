package untorn.spec.tlc;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Progress is one of TLC's periodic progress reports (message 2200): the depth reached, states
 * generated, distinct states found and states left on the queue. No violation was found among the
 * states counted so far, which is what an unfinished run can still tell.
 */
public record Progress(long depth, long statesGenerated, long distinctStates, long queued) {
  // The rates in parentheses hold commas too ("(1,204,311 s/min)"): skip to ", " lazily.
  private static final Pattern REPORT = Pattern.compile("Progress\\((\\d+)\\) at [^:]+:\\d+:\\d+: ([\\d,]+) states generated"
      + ".*?, ([\\d,]+) distinct states found.*?, ([\\d,]+) states left on queue");

  /** The last complete progress report in TLC's output (which may be cut off anywhere). */
  public static Optional<Progress> last(String output) {
    Matcher m = REPORT.matcher(output);
    Progress last = null;
    while (m.find()) {
      last = new Progress(Long.parseLong(m.group(1)), number(m.group(2)), number(m.group(3)), number(m.group(4)));
    }
    return Optional.ofNullable(last);
  }

  private static long number(String withCommas) {
    return Long.parseLong(withCommas.replace(",", ""));
  }

  @Override
  public String toString() {
    return String.format("depth %d, %,d distinct states, %,d generated, %,d left on queue", depth, distinctStates,
        statesGenerated, queued);
  }
}
