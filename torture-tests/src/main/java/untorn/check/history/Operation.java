package untorn.check.history;

import untorn.check.edn.EdnWriter;

/**
 * Operation is an invocation paired with its completion, as the checkers see it.
 *
 * @param id dense number of the operation, in invocation order, from 0
 * @param process the process that ran it
 * @param f its function
 * @param value the completion's value if it completed {@code ok}, else the invocation's
 * @param outcome what is known of its effect
 * @param invoke the invocation event
 * @param completion the completion event, or null if it never completed
 * @param invokePos the invocation's position in the history
 * @param completePos the completion's position, or {@link #OPEN} if there was none
 */
public record Operation(int id, Object process, Object f, Object value, Outcome outcome, Op invoke,
    Op completion, int invokePos, int completePos) {

  /** Position of the completion of an operation that never completed. */
  public static final int OPEN = Integer.MAX_VALUE;

  /** Outcome is what the history says of an operation's effect. */
  public enum Outcome {
    /** It took effect, between its invocation and its completion. */
    OK,
    /** It did not take effect. */
    FAIL,
    /** It may or may not have taken effect, at any point after its invocation ({@code info} or no completion). */
    INDETERMINATE
  }

  /** describe prints the operation the way Jepsen users read it: {@code process 3 :read 2 (index 17)}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("process ");
    EdnWriter.append(sb, process);
    sb.append(' ');
    EdnWriter.append(sb, f);
    sb.append(' ');
    EdnWriter.append(sb, value);
    if (outcome == Outcome.INDETERMINATE) {
      sb.append(completion == null ? " (never completed" : " (info");
    } else {
      sb.append(outcome == Outcome.OK ? " (ok" : " (fail");
    }
    sb.append(", invoked at index ").append(invoke.index());
    if (completion != null) {
      sb.append(", completed at index ").append(completion.index());
    }
    if (invoke.line() > 0) {
      sb.append(", line ").append(invoke.line());
    }
    return sb.append(')').toString();
  }
}
