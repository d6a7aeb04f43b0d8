package untorn.check.elle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import untorn.check.Budget;
import untorn.check.Judgement;
import untorn.check.Verdict;
import untorn.check.history.History;
import untorn.check.history.HistoryWriter;
import untorn.check.history.Op;
import untorn.check.history.OpType;
import untorn.check.history.Operation;
import untorn.check.store.ListAppendWorkload;
import untorn.check.store.MvccListStore;
import untorn.check.store.WorkloadConfig;

/**
 * The Elle-style checker against a brute-force oracle on small list-append histories. The oracle
 * decides (strict) serializability by the definition: some order of the committed transactions,
 * plus any subset of the indeterminate ones, replays every read exactly (respecting real time, for
 * strict serializability). Elle's inference is sound but not complete (it cannot place appends
 * nobody read), so the properties are: whatever Elle rejects, the oracle rejects; whatever the
 * oracle accepts, Elle accepts. Histories come from every store variant, half of them with one
 * read deliberately corrupted.
 */
class ElleOracleProperties {
  @Property(tries = 300)
  void elleIsSoundForSerializability(@ForAll long seed, @ForAll MvccListStore.Isolation isolation, @ForAll boolean corrupt)
      throws Exception {
    check(seed, isolation, corrupt, ElleChecker.Model.SERIALIZABLE, false);
  }

  @Property(tries = 300)
  void elleIsSoundForStrictSerializability(@ForAll long seed, @ForAll MvccListStore.Isolation isolation,
      @ForAll boolean corrupt) throws Exception {
    check(seed, isolation, corrupt, ElleChecker.Model.STRICT_SERIALIZABLE, true);
  }

  private static void check(long seed, MvccListStore.Isolation isolation, boolean corrupt, ElleChecker.Model model,
      boolean realtime) throws Exception {
    MvccListStore store = new MvccListStore(isolation, isolation == MvccListStore.Isolation.STALE_SNAPSHOT ? 2 : 0);
    History h = ListAppendWorkload.simulate(store, new WorkloadConfig(3, 7, 2, 0.15, false), 3, seed);
    if (corrupt) {
      h = corruptOneRead(h, new SplittableRandom(seed));
    }
    boolean oracle = new Oracle(h.operations(), realtime).serializable();
    Judgement j = new ElleChecker(model, () -> Budget.steps(10_000_000)).judge(h);
    Statistics.label("oracle").collect(oracle);
    Statistics.label("elle").collect(j.verdict());
    String context = "oracle " + oracle + ", " + model.cliName() + ", " + isolation + ", seed " + seed + ":\n"
        + HistoryWriter.toEdn(h) + j.explanation();
    assertThat(j.verdict()).as(context).isNotEqualTo(Verdict.UNKNOWN);
    if (j.verdict() == Verdict.INVALID) {
      assertThat(oracle).as("Elle found an anomaly the oracle says is not there: " + context).isFalse();
    }
    if (oracle) {
      assertThat(j.verdict()).as(context).isEqualTo(Verdict.VALID);
    }
  }

  /** Drops the last element of one non-empty read of an ok transaction, or adds one to an empty read. */
  static History corruptOneRead(History h, SplittableRandom random) {
    List<Op> ops = new ArrayList<>(h.ops());
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).type() == OpType.OK) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return h;
    }
    int i = candidates.get(random.nextInt(candidates.size()));
    Op op = ops.get(i);
    List<Object> mops = new ArrayList<>();
    boolean changed = false;
    for (Object o : (List<?>) op.value()) {
      List<?> mop = (List<?>) o;
      if (!changed && mop.get(0) == ListAppendWorkload.READ) {
        List<Object> read = new ArrayList<>((List<?>) mop.get(2));
        if (read.isEmpty()) {
          read.add(1L);
        } else {
          read.remove(read.size() - 1);
        }
        mops.add(Arrays.asList(mop.get(0), mop.get(1), List.copyOf(read)));
        changed = true;
      } else {
        mops.add(mop);
      }
    }
    ops.set(i, new Op(op.index(), op.process(), op.type(), op.f(), List.copyOf(mops), op.timeNanos(), op.line()));
    return new History(h.source() + " (corrupted)", ops);
  }

  /** Oracle searches every serial order of the transactions that may have committed. */
  static final class Oracle {
    private final List<Operation> txns = new ArrayList<>();
    private final boolean realtime;
    private final Set<String> failed = new HashSet<>();

    Oracle(List<Operation> ops, boolean realtime) {
      for (Operation o : ops) {
        if (o.outcome() != Operation.Outcome.FAIL) {
          txns.add(o);
        }
      }
      this.realtime = realtime;
    }

    boolean serializable() {
      return search(new boolean[txns.size()], new HashMap<>());
    }

    private boolean search(boolean[] done, Map<Object, List<Object>> state) {
      String key = Arrays.toString(done) + state;
      if (failed.contains(key)) {
        return false;
      }
      boolean okLeft = false;
      for (int i = 0; i < txns.size(); i++) {
        okLeft |= !done[i] && txns.get(i).outcome() == Operation.Outcome.OK;
      }
      if (!okLeft) {
        return true;
      }
      for (int i = 0; i < txns.size(); i++) {
        if (done[i] || (realtime && mustWait(done, txns.get(i)))) {
          continue;
        }
        boolean[] d = done.clone();
        d[i] = true;
        if (txns.get(i).outcome() == Operation.Outcome.INDETERMINATE && search(d, state)) {
          return true; // it never committed
        }
        Map<Object, List<Object>> next = apply(state, txns.get(i));
        if (next != null && search(d, next)) {
          return true;
        }
      }
      failed.add(key);
      return false;
    }

    /** A committed transaction that completed before t was invoked must come first. */
    private boolean mustWait(boolean[] done, Operation t) {
      for (int j = 0; j < txns.size(); j++) {
        Operation s = txns.get(j);
        if (!done[j] && s.outcome() == Operation.Outcome.OK && s.completePos() < t.invokePos()) {
          return true;
        }
      }
      return false;
    }

    /** Runs t's micro-ops; null if one of its (known) reads differs from what it would see. */
    private static Map<Object, List<Object>> apply(Map<Object, List<Object>> state, Operation t) {
      Map<Object, List<Object>> next = new HashMap<>(state);
      for (Object o : (List<?>) t.value()) {
        List<?> mop = (List<?>) o;
        List<Object> current = next.getOrDefault(mop.get(1), List.of());
        if (mop.get(0) == ListAppendWorkload.APPEND) {
          List<Object> l = new ArrayList<>(current);
          l.add(mop.get(2));
          next.put(mop.get(1), List.copyOf(l));
        } else if (t.outcome() == Operation.Outcome.OK) {
          Object read = mop.get(2) == null ? List.of() : mop.get(2);
          if (!current.equals(read)) {
            return null;
          }
        }
      }
      return next;
    }
  }
}
