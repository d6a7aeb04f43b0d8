package untorn.check.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import untorn.check.edn.EdnWriter;

/**
 * History is an ordered list of events as recorded: the order is real time (an event earlier in
 * the list happened before a later one), which is all a checker needs of time.
 */
public final class History {
  private final String source;
  private final List<Op> ops;
  private List<Operation> operations;

  public History(String source, List<Op> ops) {
    this.source = Objects.requireNonNull(source, "source");
    this.ops = List.copyOf(ops);
  }

  /** Where the history came from: a file path, or a description of a recorder. */
  public String source() {
    return source;
  }

  public List<Op> ops() {
    return ops;
  }

  /** The number of events (invocations and completions), as Jepsen counts a history's length. */
  public int size() {
    return ops.size();
  }

  /**
   * operations pairs every client invocation with its completion (nemesis events are skipped),
   * in invocation order. It rejects completions without an invocation, a second invocation on a
   * process whose last one is still pending, and completions whose {@code :f} differs from their
   * invocation's.
   */
  public synchronized List<Operation> operations() throws HistoryException {
    if (operations == null) {
      operations = Collections.unmodifiableList(pair());
    }
    return operations;
  }

  private List<Operation> pair() throws HistoryException {
    Map<Object, Integer> pending = new HashMap<>();
    List<Op> invokes = new ArrayList<>();
    List<Integer> invokePositions = new ArrayList<>();
    List<Integer> completions = new ArrayList<>();
    for (int pos = 0; pos < ops.size(); pos++) {
      Op op = ops.get(pos);
      if (!op.isClient()) {
        continue;
      }
      if (op.type() == OpType.INVOKE) {
        Integer open = pending.put(op.process(), invokes.size());
        if (open != null) {
          throw HistoryException.at(op, "process " + EdnWriter.toEdn(op.process())
              + " invokes again while its invocation at " + where(invokes.get(open)) + " is still pending");
        }
        invokes.add(op);
        invokePositions.add(pos);
        completions.add(Operation.OPEN);
      } else {
        Integer id = pending.remove(op.process());
        if (id == null) {
          throw HistoryException.at(op, op.type().keyword() + " for process " + EdnWriter.toEdn(op.process())
              + " which has no pending invocation");
        }
        Op inv = invokes.get(id);
        if (!Objects.equals(inv.f(), op.f())) {
          throw HistoryException.at(op, "completion :f " + EdnWriter.toEdn(op.f())
              + " does not match its invocation's :f " + EdnWriter.toEdn(inv.f()) + " at " + where(inv));
        }
        completions.set(id, pos);
      }
    }
    List<Operation> out = new ArrayList<>(invokes.size());
    for (int id = 0; id < invokes.size(); id++) {
      out.add(operation(id, invokes.get(id), invokePositions.get(id), completions.get(id)));
    }
    return out;
  }

  private Operation operation(int id, Op inv, int invokePos, int completePos) {
    Op done = completePos == Operation.OPEN ? null : ops.get(completePos);
    Operation.Outcome outcome;
    Object value;
    if (done == null || done.type() == OpType.INFO) {
      outcome = Operation.Outcome.INDETERMINATE;
      value = inv.value();
    } else if (done.type() == OpType.OK) {
      outcome = Operation.Outcome.OK;
      value = done.value();
    } else {
      outcome = Operation.Outcome.FAIL;
      value = inv.value();
    }
    return new Operation(id, inv.process(), inv.f(), value, outcome, inv, done, invokePos, completePos);
  }

  private static String where(Op op) {
    return op.line() > 0 ? "line " + op.line() : "index " + op.index();
  }

  @Override
  public String toString() {
    return "History[" + source + ", " + ops.size() + " ops]";
  }
}
