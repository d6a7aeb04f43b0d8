package untorn.check.history;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import untorn.core.Invariants;

/**
 * HistoryRecorder is how clients record a history as they run: {@link #invoke} before calling the
 * system, then one of {@link #ok}, {@link #fail} or {@link #info} when the call returns. Simulated
 * clients pass virtual time; real threads may share one recorder (its methods are synchronized,
 * so the recorded order is consistent with real time: an invocation recorded after a completion
 * really started after it ended).
 *
 * <p>Recording is cheap: one small object per event, no formatting. A client that invokes twice
 * without completing, or completes what it never invoked, is a bug in the client and fails an
 * invariant.
 */
public final class HistoryRecorder {
  private final LongSupplier nanos;
  private final List<Op> ops = new ArrayList<>();
  private final Map<Object, Op> pending = new HashMap<>();

  /** @param nanos the clock the {@code :time} of events is taken from (virtual time in simulation) */
  public HistoryRecorder(LongSupplier nanos) {
    this.nanos = nanos;
  }

  public synchronized void invoke(Object process, Object f, Object value) {
    Op op = new Op(ops.size(), process, OpType.INVOKE, f, value, nanos.getAsLong(), 0);
    Op open = pending.put(process, op);
    Invariants.check(open == null, "process %s invoked %s while %s is pending", process, op, open);
    ops.add(op);
  }

  public synchronized void ok(Object process, Object value) {
    complete(process, OpType.OK, value);
  }

  public synchronized void fail(Object process, Object value) {
    complete(process, OpType.FAIL, value);
  }

  /** info records that the outcome is unknown (a timeout, a crash): the op may or may not have happened. */
  public synchronized void info(Object process, Object value) {
    complete(process, OpType.INFO, value);
  }

  /** Recording a nemesis event (a fault) alongside the clients' operations, as Jepsen does. */
  public synchronized void nemesis(Object f, Object value) {
    ops.add(new Op(ops.size(), Op.NEMESIS, OpType.INFO, f, value, nanos.getAsLong(), 0));
  }

  private void complete(Object process, OpType type, Object value) {
    Op inv = pending.remove(process);
    Invariants.check(inv != null, "process %s completes (%s) with nothing pending", process, type);
    ops.add(new Op(ops.size(), process, type, inv.f(), value, nanos.getAsLong(), 0));
  }

  public synchronized int size() {
    return ops.size();
  }

  /** history returns what was recorded so far; invocations still pending stay open (indeterminate). */
  public synchronized History history(String source) {
    return new History(source, ops);
  }
}
