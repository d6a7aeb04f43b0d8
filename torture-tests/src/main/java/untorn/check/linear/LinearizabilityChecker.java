package untorn.check.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import untorn.check.Budget;
import untorn.check.HistoryChecker;
import untorn.check.Judgement;
import untorn.check.Limits;
import untorn.check.Verdict;
import untorn.check.edn.EdnWriter;
import untorn.check.history.History;
import untorn.check.history.HistoryException;
import untorn.check.history.Operation;

/**
 * LinearizabilityChecker decides whether a history is linearizable for a register, a
 * compare-and-set register, or a map of independent compare-and-set registers ({@code kv}, whose
 * values are {@code [key value]} pairs as {@code jepsen.independent} writes them), with Knossos's
 * semantics: {@code :fail} operations never happened, indeterminate ones ({@code :info} or never
 * completed) may have happened at any point after their invocation or not at all, and an
 * {@code :ok} read of {@code nil} matches any state.
 *
 * <p>A {@code kv} history is split per key and each key checked alone: linearizability is
 * compositional (Herlihy and Wing), so the history is linearizable iff every key's sub-history is.
 * All keys share the history's budget. On failure, the explanation is that of the failing key
 * with the fewest operations.
 */
public final class LinearizabilityChecker implements HistoryChecker {
  /** Kind names the sequential model, as {@code --linearizable} spells it. */
  public enum Kind {
    REGISTER("register"),
    CAS_REGISTER("cas-register"),
    KV("kv");

    private final String cliName;

    Kind(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    public static Kind fromCliName(String name) {
      for (Kind k : values()) {
        if (k.cliName.equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown model '" + name + "': expected register, cas-register or kv");
    }
  }

  public static final String NONLINEARIZABLE = "nonlinearizable";
  public static final String BUDGET_EXHAUSTED = "budget-exhausted";

  private final Kind kind;
  private final Object initial;
  private final Supplier<Budget> budgets;

  /**
   * @param initial the register's initial value (EDN nil is null)
   * @param budgets makes the budget of each history checked
   */
  public LinearizabilityChecker(Kind kind, Object initial, Supplier<Budget> budgets) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.initial = initial;
    this.budgets = Objects.requireNonNull(budgets, "budgets");
  }

  private SequentialModel model() {
    return kind == Kind.REGISTER ? RegisterModel.register(initial) : RegisterModel.casRegister(initial);
  }

  @Override
  public Judgement judge(History history) throws HistoryException {
    Map<Object, List<Operation>> parts = kind == Kind.KV ? KeySplit.byKey(history.operations())
        : Map.of("", history.operations());
    Budget budget = budgets.get();
    List<KeyOutcome> failed = new ArrayList<>();
    KeyOutcome unknown = null;
    for (Map.Entry<Object, List<Operation>> part : parts.entrySet()) {
      KeyOutcome o = checkKey(part.getKey(), part.getValue(), budget);
      if (o.result.verdict() == Verdict.INVALID) {
        failed.add(o);
      } else if (o.result.verdict() == Verdict.UNKNOWN) {
        unknown = o;
        break; // the budget is shared: every key after this one would be unknown too
      }
    }
    if (!failed.isEmpty()) {
      int keys = parts.size();
      return Judgement.lazy(Verdict.INVALID, List.of(NONLINEARIZABLE), () -> explainFailure(failed, keys));
    }
    if (unknown != null) {
      return new Judgement(Verdict.UNKNOWN, List.of(BUDGET_EXHAUSTED), explainUnknown(unknown, budget));
    }
    return Judgement.valid();
  }

  /** KeyOutcome is one key's search and what is needed to explain it. */
  private record KeyOutcome(Object key, List<Operation> ops, Step[] steps, ValueTable values, WglSearch.Result result,
      boolean allStates) {}

  /**
   * explained returns the outcome to explain: for a failure, the result of a second search without
   * the irrelevance pruning, which meets every state the model can be in at the failing operation
   * (the pruned search leaves out states only crashed writes nobody observes lead to). If that
   * search runs out of its own budget, the first one's states are shown, marked incomplete.
   */
  private KeyOutcome explained(KeyOutcome o) {
    int[] calls = new int[o.ops.size()];
    int[] returns = new int[o.ops.size()];
    positions(o.ops, calls, returns);
    WglSearch.Result full = new WglSearch(o.steps, calls, returns, false)
        .run(model().initialState(o.values), Budget.steps(Limits.EXPLAIN_STEPS_MAX));
    if (full.verdict() != Verdict.INVALID) {
      return new KeyOutcome(o.key, o.ops, o.steps, o.values, o.result, false);
    }
    return new KeyOutcome(o.key, o.ops, o.steps, o.values, full, true);
  }

  private static void positions(List<Operation> ops, int[] calls, int[] returns) {
    for (int i = 0; i < ops.size(); i++) {
      calls[i] = ops.get(i).invokePos();
      returns[i] = ops.get(i).outcome() == Operation.Outcome.OK ? ops.get(i).completePos() : Operation.OPEN;
    }
  }

  private KeyOutcome checkKey(Object key, List<Operation> ops, Budget budget) throws HistoryException {
    SequentialModel model = model();
    ValueTable values = new ValueTable();
    int initialState = model.initialState(values);
    List<Operation> kept = new ArrayList<>(ops.size());
    List<Step> steps = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      if (op.outcome() == Operation.Outcome.FAIL) {
        continue;
      }
      Step s = model.compile(op, values);
      if (s != null) {
        kept.add(op);
        steps.add(s);
      }
    }
    int[] calls = new int[kept.size()];
    int[] returns = new int[kept.size()];
    positions(kept, calls, returns);
    Step[] compiled = steps.toArray(new Step[0]);
    WglSearch search = new WglSearch(compiled, calls, returns);
    return new KeyOutcome(key, kept, compiled, values, search.run(initialState, budget), true);
  }

  private String explainFailure(List<KeyOutcome> failed, int keys) {
    KeyOutcome smallest = failed.get(0);
    for (KeyOutcome o : failed) {
      if (o.ops.size() < smallest.ops.size()) {
        smallest = o;
      }
    }
    StringBuilder sb = new StringBuilder();
    if (kind == Kind.KV) {
      List<Object> keysFailed = new ArrayList<>();
      failed.forEach(o -> keysFailed.add(o.key));
      sb.append(failed.size()).append(" of ").append(keys).append(" keys are not linearizable: ")
          .append(EdnWriter.toEdn(keysFailed)).append(". Key ").append(EdnWriter.toEdn(smallest.key))
          .append(" has the fewest operations (").append(smallest.ops.size()).append("):\n");
    }
    sb.append(explainKey(explained(smallest)));
    return sb.toString();
  }

  private String explainKey(KeyOutcome o) {
    SequentialModel model = model();
    WglSearch.Result r = o.result;
    Operation bad = o.ops.get(r.failingOp());
    Step step = o.steps[r.failingOp()];
    StringBuilder sb = new StringBuilder();
    sb.append("cannot linearize ").append(bad.describe()).append('\n');
    sb.append("  the ").append(model.name()).append(" could be in ").append(r.stuckConfigs())
        .append(r.stuckConfigs() == 1 ? " configuration" : " configurations").append(" there, with ")
        .append(r.stuckStates().length).append(r.stuckStates().length == 1 ? " state" : " distinct states")
        .append(r.stuckStates().length == Limits.EXPLAIN_STATES_MAX || !o.allStates ? " or more" : "")
        .append(", and the operation fails from each:\n");
    for (int s : r.stuckStates()) {
      sb.append("    ").append(step.whyNot(s, o.values)).append('\n');
    }
    sb.append("  longest linearizable prefix: ").append(r.prefixLength()).append(" operations");
    if (r.prefix().length > 0) {
      sb.append(r.prefix().length < r.prefixLength() ? ", the last " + r.prefix().length : "")
          .append(", in linearization order:\n");
      for (int op : r.prefix()) {
        sb.append("    ").append(o.ops.get(op).describe()).append('\n');
      }
    } else {
      sb.append('\n');
    }
    return sb.toString();
  }

  private String explainUnknown(KeyOutcome o, Budget budget) {
    String where = kind == Kind.KV ? " while checking key " + EdnWriter.toEdn(o.key) : "";
    String furthest = o.result.failingOp() < 0 ? ""
        : "; furthest unpassed completion: " + o.ops.get(o.result.failingOp()).describe();
    return budget.exhaustion() + where + " (" + o.result.configs() + " configurations explored" + furthest + ")";
  }
}
