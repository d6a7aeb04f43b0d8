package untorn.check.linear;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import untorn.check.edn.EdnWriter;
import untorn.check.history.HistoryException;
import untorn.check.history.Op;
import untorn.check.history.Operation;

/**
 * KeySplit splits a {@code jepsen.independent} history, whose values are {@code [key value]}
 * pairs, into one sub-history per key with the bare values, keys in order of first appearance.
 * Each operation keeps its positions in the whole history, so real-time order is preserved.
 */
final class KeySplit {
  private KeySplit() {}

  static Map<Object, List<Operation>> byKey(List<Operation> ops) throws HistoryException {
    Map<Object, List<Operation>> parts = new LinkedHashMap<>();
    for (Operation op : ops) {
      if (op.outcome() == Operation.Outcome.FAIL) {
        continue; // it never happened, whatever its value
      }
      List<?> invoked = pair(op.invoke(), op.invoke().value());
      List<?> effective = invoked;
      if (op.outcome() == Operation.Outcome.OK) {
        effective = pair(op.completion(), op.completion().value());
        if (!Objects.equals(invoked.get(0), effective.get(0))) {
          throw HistoryException.at(op.completion(), "completion key " + EdnWriter.toEdn(effective.get(0))
              + " differs from its invocation's key " + EdnWriter.toEdn(invoked.get(0)));
        }
      }
      Operation sub = new Operation(op.id(), op.process(), op.f(), effective.get(1), op.outcome(), op.invoke(),
          op.completion(), op.invokePos(), op.completePos());
      parts.computeIfAbsent(invoked.get(0), k -> new ArrayList<>()).add(sub);
    }
    return parts;
  }

  private static List<?> pair(Op event, Object value) throws HistoryException {
    if (!(value instanceof List) || ((List<?>) value).size() != 2) {
      throw HistoryException.at(event, "a kv op's value must be [key value], found " + EdnWriter.toEdn(value));
    }
    return (List<?>) value;
  }
}
