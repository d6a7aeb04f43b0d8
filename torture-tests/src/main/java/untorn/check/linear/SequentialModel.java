package untorn.check.linear;

import untorn.check.history.HistoryException;
import untorn.check.history.Operation;

/**
 * SequentialModel is a sequential specification a history is checked against. States are ints,
 * interned through the checker's {@link ValueTable}.
 */
public interface SequentialModel {
  String name();

  int initialState(ValueTable values);

  /**
   * compile turns one operation that may have taken effect into a step; it returns null when the
   * operation neither constrains nor changes the state (a read of nil, an indeterminate read),
   * which the search may then ignore. An operation the model does not know throws.
   */
  Step compile(Operation op, ValueTable values) throws HistoryException;

  String describeState(int state, ValueTable values);
}
