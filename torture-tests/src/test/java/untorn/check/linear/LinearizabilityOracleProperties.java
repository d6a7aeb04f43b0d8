package untorn.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import untorn.check.Budget;
import untorn.check.Judgement;
import untorn.check.Verdict;
import untorn.check.edn.Keyword;
import untorn.check.history.History;
import untorn.check.history.HistoryWriter;
import untorn.check.history.Op;
import untorn.check.history.OpType;
import untorn.check.history.Operation;

/**
 * The WGL checker against a naive oracle written straight from the definition, on small random
 * histories with every outcome (ok, fail, info, never completed), nil reads and failed CAS. The
 * oracle shares no code with the checker: it enumerates, from each state, every operation that
 * no unlinearized completed operation precedes in real time, or drops an indeterminate one; and
 * it applies its own Knossos model to plain values. jqwik shrinks a disagreement to a minimal
 * history, printed as EDN.
 */
class LinearizabilityOracleProperties {
  static final Keyword READ = Keyword.of("read");
  static final Keyword WRITE = Keyword.of("write");
  static final Keyword CAS = Keyword.of("cas");

  @Provide
  Arbitrary<List<Integer>> choices() {
    return Arbitraries.integers().between(0, 99).list().ofMinSize(4).ofMaxSize(40);
  }

  @Property(tries = 1500)
  void casRegisterAgreesWithOracle(@ForAll("choices") List<Integer> choices) throws Exception {
    History h = Generator.history(choices, 3, 3, false);
    boolean oracle = Oracle.linearizable(h.operations(), false);
    Statistics.label("linearizable").collect(oracle);
    Statistics.label("has indeterminate op").collect(h.operations().stream().anyMatch(o -> o.outcome() == Operation.Outcome.INDETERMINATE));
    Judgement j = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, null, () -> Budget.steps(1_000_000)).judge(h);
    assertThat(j.verdict()).as("oracle says %s for\n%s%s", oracle, HistoryWriter.toEdn(h), j.explanation())
        .isEqualTo(oracle ? Verdict.VALID : Verdict.INVALID);
  }

  @Property(tries = 800)
  void kvSplitAgreesWithOracleOnWholeMap(@ForAll("choices") List<Integer> choices) throws Exception {
    History h = Generator.history(choices, 3, 2, true);
    boolean oracle = Oracle.linearizable(h.operations(), true);
    Statistics.label("linearizable").collect(oracle);
    Judgement j = new LinearizabilityChecker(LinearizabilityChecker.Kind.KV, null, () -> Budget.steps(1_000_000)).judge(h);
    assertThat(j.verdict()).as("oracle says %s for\n%s%s", oracle, HistoryWriter.toEdn(h), j.explanation())
        .isEqualTo(oracle ? Verdict.VALID : Verdict.INVALID);
  }

  /** Generator interprets a list of small numbers as a history, so that jqwik's shrinking of the list shrinks the history. */
  static final class Generator {
    private final List<Integer> choices;
    private int next;

    private Generator(List<Integer> choices) {
      this.choices = choices;
    }

    int pick(int bound) {
      return next < choices.size() ? choices.get(next++) % bound : 0;
    }

    static History history(List<Integer> choices, int processes, int values, boolean kv) {
      Generator g = new Generator(choices);
      List<Op> ops = new ArrayList<>();
      Object[] pending = new Object[processes]; // the pending invocation's [f value], or null
      int[] process = new int[processes];
      for (int i = 0; i < processes; i++) {
        process[i] = i;
      }
      while (g.next < choices.size()) {
        int p = g.pick(processes);
        if (pending[p] == null) {
          Keyword f = new Keyword[] {READ, READ, WRITE, CAS}[g.pick(4)];
          Object v = f == READ ? null : f == WRITE ? (Object) (long) g.pick(values)
              : List.of((long) g.pick(values), (long) g.pick(values));
          if (kv) {
            v = Arrays.asList((long) g.pick(2), v);
          }
          pending[p] = new Object[] {f, v};
          ops.add(new Op(ops.size(), process[p], OpType.INVOKE, f, v, -1, 0));
        } else {
          Object[] inv = (Object[]) pending[p];
          pending[p] = null;
          int outcome = g.pick(10);
          OpType type = outcome < 6 ? OpType.OK : outcome < 8 ? OpType.FAIL : OpType.INFO;
          Object v = inv[1];
          if (type == OpType.OK && inv[0] == READ) {
            int r = g.pick(values + 1);
            Object read = r == values ? null : (Object) (long) r;
            v = kv ? Arrays.asList(((List<?>) v).get(0), read) : read;
          }
          ops.add(new Op(ops.size(), process[p], type, inv[0], v, -1, 0));
          if (type == OpType.INFO) {
            process[p] += processes; // a crashed client comes back as a new process, as in Jepsen
          }
        }
      }
      return new History("generated", ops);
    }
  }

  /** Oracle decides linearizability by the definition, with its own model of Knossos's registers. */
  static final class Oracle {
    private final List<Operation> ops;
    private final boolean kv;
    private final Set<String> failed = new HashSet<>();

    private Oracle(List<Operation> ops, boolean kv) {
      this.ops = ops;
      this.kv = kv;
    }

    static boolean linearizable(List<Operation> all, boolean kv) {
      List<Operation> ops = new ArrayList<>();
      for (Operation o : all) {
        if (o.outcome() != Operation.Outcome.FAIL) {
          ops.add(o);
        }
      }
      return new Oracle(ops, kv).search(new boolean[ops.size()], new HashMap<>());
    }

    private boolean search(boolean[] done, Map<Object, Object> state) {
      String key = Arrays.toString(done) + state;
      if (failed.contains(key)) {
        return false;
      }
      boolean definiteLeft = false;
      for (int i = 0; i < ops.size(); i++) {
        definiteLeft |= !done[i] && ops.get(i).outcome() == Operation.Outcome.OK;
      }
      if (!definiteLeft) {
        return true;
      }
      for (int i = 0; i < ops.size(); i++) {
        if (done[i]) {
          continue;
        }
        Operation o = ops.get(i);
        if (o.outcome() == Operation.Outcome.INDETERMINATE && tryWith(done, i, state)) {
          return true; // it never took effect
        }
        if (minimal(done, o)) {
          Map<Object, Object> next = step(state, o);
          if (next != null && tryWith(done, i, next)) {
            return true;
          }
        }
      }
      failed.add(key);
      return false;
    }

    private boolean tryWith(boolean[] done, int i, Map<Object, Object> state) {
      boolean[] d = done.clone();
      d[i] = true;
      return search(d, state);
    }

    /** No completed, unlinearized operation returned before o was invoked. */
    private boolean minimal(boolean[] done, Operation o) {
      for (int j = 0; j < ops.size(); j++) {
        Operation p = ops.get(j);
        if (!done[j] && p.outcome() == Operation.Outcome.OK && p.completePos() < o.invokePos()) {
          return false;
        }
      }
      return true;
    }

    /** Knossos's cas-register (one per key for kv); null when the operation cannot happen. */
    private Map<Object, Object> step(Map<Object, Object> state, Operation o) {
      Object key = kv ? ((List<?>) o.value()).get(0) : "register";
      Object v = kv ? ((List<?>) o.value()).get(1) : o.value();
      Object current = state.get(key);
      Map<Object, Object> next = new HashMap<>(state);
      if (o.f() == READ) {
        boolean unconstrained = v == null || o.outcome() != Operation.Outcome.OK;
        return unconstrained || Objects.equals(current, v) ? state : null;
      }
      if (o.f() == WRITE) {
        next.put(key, v);
        return next;
      }
      List<?> cas = (List<?>) v;
      if (!Objects.equals(current, cas.get(0))) {
        return null;
      }
      next.put(key, cas.get(1));
      return next;
    }
  }
}
