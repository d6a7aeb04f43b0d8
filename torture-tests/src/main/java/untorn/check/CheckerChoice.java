package untorn.check;

import untorn.check.history.History;

/** CheckerChoice picks the checker for each history (fixed by the command line, or detected). */
public interface CheckerChoice {
  /** The checker for {@code history}, and its name for the report. */
  Named forHistory(History history);

  /** Named is a checker with the name the report shows. */
  record Named(String name, HistoryChecker checker) {}
}
