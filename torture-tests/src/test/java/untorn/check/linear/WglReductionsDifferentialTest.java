package untorn.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.Set;
import org.junit.jupiter.api.Test;
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
 * The WGL search's reductions (subsumption in {@link ConfigCache}, indeterminate twins,
 * {@link Relevance}) against a brute-force oracle on many seeded histories: 2 to 6 processes, up
 * to 18 operations, 1 to 4 values, initial value nil or 0, and a per-history share of crashed
 * operations (some never completed) up to 60%. An unsound reduction changes a verdict on roughly
 * one history in a thousand of these, which is why there are so many: the jqwik property next to
 * this test (3 processes, about 6 operations) lets a reversed subsumption, a cache key that
 * ignores the used crashed operations, or an inverted twin rule pass; this one refutes each of
 * them. Seeded and deterministic: a failure names its seed, which regenerates the history.
 */
class WglReductionsDifferentialTest {
  static final Keyword READ = Keyword.of("read");
  static final Keyword WRITE = Keyword.of("write");
  static final Keyword CAS = Keyword.of("cas");
  static final int HISTORIES = 20_000;

  @Test
  void reductionsAgreeWithBruteForceOnManySeededHistories() throws Exception {
    List<String> disagreements = new ArrayList<>();
    int linearizable = 0;
    for (long seed = 1; seed <= HISTORIES; seed++) {
      SplittableRandom random = new SplittableRandom(seed);
      Object initial = random.nextBoolean() ? null : (Object) 0L;
      History h = history(random);
      boolean oracle = bruteForce(h.operations(), initial);
      linearizable += oracle ? 1 : 0;
      Judgement j = new LinearizabilityChecker(LinearizabilityChecker.Kind.CAS_REGISTER, initial,
          () -> Budget.steps(50_000_000)).judge(h);
      if (j.verdict() != (oracle ? Verdict.VALID : Verdict.INVALID) && disagreements.size() < 3) {
        disagreements.add("seed " + seed + ", initial " + initial + ": oracle " + oracle + ", checker " + j.verdict()
            + "\n" + HistoryWriter.toEdn(h));
      }
    }
    assertThat(disagreements).isEmpty();
    // Both verdicts are common, so neither an always-valid nor an always-invalid checker passes.
    assertThat(linearizable).isBetween(HISTORIES / 5, HISTORIES * 4 / 5);
  }

  /** history draws a random cas-register history; a crashed client comes back as a new process. */
  static History history(SplittableRandom random) {
    int processes = 2 + random.nextInt(5);
    int operations = 3 + random.nextInt(16);
    int values = 1 + random.nextInt(4);
    double crashShare = random.nextDouble() * 0.6;
    List<Op> ops = new ArrayList<>();
    Object[][] pending = new Object[processes][];
    long[] process = new long[processes];
    for (int i = 0; i < processes; i++) {
      process[i] = i;
    }
    int invoked = 0;
    int open = 0;
    while (invoked < operations || open > 0) {
      int p = random.nextInt(processes);
      if (pending[p] == null) {
        if (invoked == operations) {
          continue;
        }
        int k = random.nextInt(10);
        Keyword f = k < 4 ? READ : k < 7 ? WRITE : CAS;
        Object v = f == READ ? null : f == WRITE ? (Object) (long) random.nextInt(values)
            : List.of((long) random.nextInt(values), (long) random.nextInt(values));
        pending[p] = new Object[] {f, v};
        ops.add(new Op(ops.size(), process[p], OpType.INVOKE, f, v, -1, 0));
        invoked++;
        open++;
        continue;
      }
      Object[] inv = pending[p];
      pending[p] = null;
      open--;
      double x = random.nextDouble();
      if (x < crashShare * 0.3) {
        process[p] += processes * 1000L; // never completes
        continue;
      }
      OpType type = x < crashShare ? OpType.INFO : x < crashShare + 0.1 ? OpType.FAIL : OpType.OK;
      Object v = inv[1];
      if (type == OpType.OK && inv[0] == READ) {
        int r = random.nextInt(values + 1);
        v = r == values ? null : (Object) (long) r;
      }
      ops.add(new Op(ops.size(), process[p], type, inv[0], v, -1, 0));
      if (type == OpType.INFO) {
        process[p] += processes * 1000L;
      }
    }
    return new History("seeded", ops);
  }

  /**
   * bruteForce decides linearizability by the definition: some order of the operations that did
   * not fail, in which every completed operation comes after every completed one that returned
   * before its invocation, that replays every completed operation under Knossos's cas-register,
   * crashed ones being free to appear anywhere after their invocation or not at all. Memoized on
   * (set of operations placed, register value); shares no code with the checker.
   */
  static boolean bruteForce(List<Operation> all, Object initial) {
    List<Operation> ops = new ArrayList<>();
    for (Operation o : all) {
      if (o.outcome() != Operation.Outcome.FAIL) {
        ops.add(o);
      }
    }
    long completed = 0;
    long[] after = new long[ops.size()];
    for (int i = 0; i < ops.size(); i++) {
      if (ops.get(i).outcome() == Operation.Outcome.OK) {
        completed |= 1L << i;
      }
      for (int j = 0; j < ops.size(); j++) {
        Operation p = ops.get(j);
        if (p.outcome() == Operation.Outcome.OK && p.completePos() < ops.get(i).invokePos()) {
          after[i] |= 1L << j;
        }
      }
    }
    return place(ops, 0L, initial, completed, after, new HashSet<>());
  }

  private static boolean place(List<Operation> ops, long placed, Object value, long completed, long[] after,
      Set<List<Object>> failed) {
    if ((placed & completed) == completed) {
      return true;
    }
    if (!failed.add(Arrays.asList(placed, value))) {
      return false;
    }
    for (int i = 0; i < ops.size(); i++) {
      if ((placed >> i & 1) != 0 || (after[i] & ~placed) != 0) {
        continue;
      }
      Operation o = ops.get(i);
      boolean known = o.outcome() == Operation.Outcome.OK;
      Object next = value;
      boolean applies = true;
      if (o.f() == READ) {
        applies = !known || o.value() == null || Objects.equals(o.value(), value);
      } else if (o.f() == WRITE) {
        next = o.value();
      } else {
        List<?> cas = (List<?>) o.value();
        applies = Objects.equals(cas.get(0), value);
        next = cas.get(1);
      }
      if (applies && place(ops, placed | 1L << i, next, completed, after, failed)) {
        return true;
      }
    }
    return false;
  }
}
