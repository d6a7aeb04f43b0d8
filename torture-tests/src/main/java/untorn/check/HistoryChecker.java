package untorn.check;

import untorn.check.history.History;
import untorn.check.history.HistoryException;

/** HistoryChecker judges one history; it is pure apart from its budget's clock. */
public interface HistoryChecker {
  /** judge checks the history; a history the checker cannot interpret throws HistoryException. */
  Judgement judge(History history) throws HistoryException;
}
