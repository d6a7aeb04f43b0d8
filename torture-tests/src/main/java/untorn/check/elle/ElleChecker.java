package untorn.check.elle;

import clojure.java.api.Clojure;
import clojure.lang.ExceptionInfo;
import clojure.lang.IFn;
import clojure.lang.PersistentVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import untorn.check.Budget;
import untorn.check.HistoryChecker;
import untorn.check.Judgement;
import untorn.check.Verdict;
import untorn.check.edn.EdnWriter;
import untorn.check.edn.Keyword;
import untorn.check.history.History;
import untorn.check.history.HistoryException;
import untorn.check.history.Op;
import untorn.check.history.Operation;

/**
 * ElleChecker checks a list-append history for an isolation level, Elle-style, by calling the
 * Clojure checker {@code untorn.check.elle.list-append}. Operations are {@code :txn}s whose values
 * are vectors of {@code [:append key element]} and {@code [:r key list]}; elements appended to a
 * key must be unique. An {@code :ok} transaction's value is its completion's (with the lists read),
 * an indeterminate or failed one's its invocation's.
 */
public final class ElleChecker implements HistoryChecker {
  /** Model is a consistency model, as {@code --model} spells it. */
  public enum Model {
    READ_COMMITTED("read-committed"),
    SNAPSHOT_ISOLATION("snapshot-isolation"),
    SERIALIZABLE("serializable"),
    STRICT_SERIALIZABLE("strict-serializable"),
    STRONG_SESSION_SNAPSHOT_ISOLATION("strong-session-snapshot-isolation"),
    STRONG_SESSION_SERIALIZABLE("strong-session-serializable");

    private final String cliName;

    Model(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }

    public static Model fromCliName(String name) {
      for (Model m : values()) {
        if (m.cliName.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException("unknown model '" + name + "': expected read-committed, "
          + "snapshot-isolation, serializable, strict-serializable, strong-session-snapshot-isolation "
          + "or strong-session-serializable");
    }
  }

  static final Keyword TXN = Keyword.of("txn");
  static final Keyword APPEND = Keyword.of("append");
  static final Keyword READ = Keyword.of("r");

  private final Model model;
  private final Supplier<Budget> budgets;

  public ElleChecker(Model model, Supplier<Budget> budgets) {
    this.model = Objects.requireNonNull(model, "model");
    this.budgets = Objects.requireNonNull(budgets, "budgets");
  }

  @Override
  public Judgement judge(History history) throws HistoryException {
    PersistentVector txns = toTransactions(history.operations());
    Map<?, ?> r;
    try {
      r = (Map<?, ?>) ClojureRuntime.CHECK.invoke(model.cliName(), budgets.get(), txns);
    } catch (ExceptionInfo e) {
      if (e.getData() != null && Boolean.TRUE.equals(e.getData().valAt(ClojureData.keyword("unreadable")))) {
        throw new HistoryException(e.getMessage(), e);
      }
      throw e;
    }
    Object valid = r.get(ClojureData.keyword("valid?"));
    Verdict v = Boolean.TRUE.equals(valid) ? Verdict.VALID : Boolean.FALSE.equals(valid) ? Verdict.INVALID : Verdict.UNKNOWN;
    List<String> anomalies = new ArrayList<>();
    for (Object a : (List<?>) r.get(ClojureData.keyword("anomaly-types"))) {
      anomalies.add((String) a);
    }
    return new Judgement(v, anomalies, (String) r.get(ClojureData.keyword("explanation")));
  }

  /** toTransactions validates the operations' shape and converts them to the Clojure checker's input. */
  static PersistentVector toTransactions(List<Operation> ops) throws HistoryException {
    List<Object> out = new ArrayList<>(ops.size());
    for (Operation op : ops) {
      if (op.f() != TXN) {
        throw HistoryException.at(op.invoke(), "the list-append checker needs :f :txn ops, found :f "
            + EdnWriter.toEdn(op.f()));
      }
      checkMicroOps(op.outcome() == Operation.Outcome.OK ? op.completion() : op.invoke(), op.value(),
          op.outcome() == Operation.Outcome.OK);
      out.add(transaction(out.size(), op));
    }
    return PersistentVector.create(out);
  }

  private static Object transaction(int id, Operation op) {
    Keyword type = op.outcome() == Operation.Outcome.OK ? Keyword.of("ok")
        : op.outcome() == Operation.Outcome.FAIL ? Keyword.of("fail") : Keyword.of("info");
    Op done = op.completion();
    Object[] kvs = {
        ClojureData.keyword("id"), (long) id,
        ClojureData.keyword("type"), ClojureData.toClojure(type),
        ClojureData.keyword("process"), ClojureData.toClojure(op.process()),
        ClojureData.keyword("mops"), ClojureData.toClojure(op.value()),
        ClojureData.keyword("invoke"), (long) op.invokePos(),
        ClojureData.keyword("complete"), done == null ? null : (Object) (long) op.completePos(),
        ClojureData.keyword("index"), op.invoke().index(),
        ClojureData.keyword("complete-index"), done == null ? null : (Object) done.index(),
        ClojureData.keyword("line"), op.invoke().line() > 0 ? (Object) (long) op.invoke().line() : null,
    };
    return clojure.lang.PersistentHashMap.create(kvs);
  }

  private static void checkMicroOps(Op event, Object value, boolean completed) throws HistoryException {
    if (!(value instanceof List)) {
      throw HistoryException.at(event, "a :txn value must be a vector of micro-ops, found " + EdnWriter.toEdn(value));
    }
    for (Object m : (List<?>) value) {
      if (!(m instanceof List) || ((List<?>) m).size() != 3) {
        throw HistoryException.at(event, "a micro-op must be [:append k v] or [:r k list], found " + EdnWriter.toEdn(m));
      }
      List<?> mop = (List<?>) m;
      Object f = mop.get(0);
      if (f == READ) {
        if (mop.get(2) != null && !(mop.get(2) instanceof List)) {
          throw HistoryException.at(event, "a read must return a list (or nil), found " + EdnWriter.toEdn(m));
        }
      } else if (f != APPEND) {
        throw HistoryException.at(event, "unknown micro-op " + EdnWriter.toEdn(f) + " in " + EdnWriter.toEdn(m)
            + ": list-append knows :append and :r");
      }
    }
  }

  /** Runtime loads Clojure and the checker on first use, once per JVM. */
  private static final class ClojureRuntime {
    static final IFn CHECK;

    static {
      IFn require = Clojure.var("clojure.core", "require");
      require.invoke(Clojure.read("untorn.check.elle.list-append"));
      CHECK = Clojure.var("untorn.check.elle.list-append", "check");
    }

    private ClojureRuntime() {}
  }
}
