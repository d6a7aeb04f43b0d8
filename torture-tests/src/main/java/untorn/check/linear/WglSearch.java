package untorn.check.linear;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import untorn.check.Budget;
import untorn.check.Limits;
import untorn.check.Verdict;
import untorn.check.history.Operation;
import untorn.core.Invariants;

/**
 * WglSearch decides whether a set of operations, each with an invocation position and (if it
 * completed) a return position, has a linearization legal for a sequential model. It is the
 * Wing-Gong algorithm with Lowe's improvement: operations are lifted out of a doubly linked list
 * of call and return entries in history order; reaching the return entry of an operation not yet
 * linearized means backtracking; every (linearized set, state) configuration is explored once.
 *
 * <p>Indeterminate operations have a call entry and no return entry: they may be linearized at any
 * point after their call, and the search succeeds as soon as every operation that completed is
 * linearized (the indeterminate ones left over never took effect).
 *
 * <p>The canonical form of a linearized set S, used as the memo key: let r be the first return
 * entry left in the list (the earliest-returning operation not in S) and c the number of calls
 * before r. Every operation in S was invoked before r (the scan never passes a return entry), and
 * every completed operation that returned before r is in S, so S is exactly "the first c
 * operations minus the call entries still in the list before r": the key is (c, those ids), the
 * ids split into completed and indeterminate operations for {@link ConfigCache}'s subsumption.
 *
 * <p>Crashed operations are what makes linearizability checking explode (each may or may not have
 * happened, at any time). Four reductions keep it in hand, each sound and complete: a
 * configuration that used a subset of another's indeterminate operations subsumes it
 * ({@link ConfigCache}); indeterminate twins (equal steps) are used in invocation order only; an
 * indeterminate operation that can no longer matter is not tried ({@link Relevance}); and each
 * configuration tries completed operations before optional ones, so that subsuming
 * configurations tend to come first.
 */
final class WglSearch {
  /** The outcome of one search. */
  record Result(Verdict verdict, long steps, int configs, int failingOp, int[] stuckStates,
      int stuckConfigs, int[] prefix, int prefixLength) {}

  private final Step[] steps;
  private final int m;
  private final int head;
  private final int[] next;
  private final int[] prev;
  private final int[] pos;
  private final int[] callsBefore;
  private final boolean[] definite;
  private final boolean[] linearized;
  /** For an indeterminate operation, the last earlier indeterminate one with an equal step, or -1. */
  private final int[] previousTwin;
  private final int[] stackOps;
  private final int[] stackStates;
  private final int[] defBuf;
  /** The indeterminate operations linearized so far, sorted. */
  private final int[] used;
  private int usedLength;
  /** A second list threading only the completed operations' entries, for a cheap memo key. */
  private final int[] dnext;
  private final int[] dprev;
  private final ConfigCache cache = new ConfigCache();
  private final int[] usedBuf;
  private Relevance relevance;

  private int maxStuckPos = -1;
  private int failingOp = -1;
  private int[] stuckStates = new int[0];
  private int stuckConfigs;
  private int[] prefix = new int[0];
  private int prefixLength;

  /**
   * @param steps the operations' model steps, in invocation order
   * @param callPos the operations' invocation positions, strictly increasing
   * @param returnPos their completion positions, or {@code Operation.OPEN} for indeterminate ones
   */
  WglSearch(Step[] steps, int[] callPos, int[] returnPos) {
    this(steps, callPos, returnPos, true);
  }

  /**
   * @param pruneIrrelevant whether to skip indeterminate operations that can no longer matter:
   *     sound for the verdict, but the states met at a failure then leave out the ones only they
   *     lead to, so explanations search again without it
   */
  WglSearch(Step[] steps, int[] callPos, int[] returnPos, boolean pruneIrrelevant) {
    Invariants.check(steps.length == callPos.length && steps.length == returnPos.length, "parallel arrays");
    this.steps = steps;
    this.m = steps.length;
    this.head = 2 * m;
    this.next = new int[2 * m + 1];
    this.prev = new int[2 * m + 1];
    this.pos = new int[2 * m];
    this.callsBefore = new int[m];
    this.definite = new boolean[m];
    this.linearized = new boolean[m];
    this.previousTwin = new int[m];
    this.stackOps = new int[m];
    this.stackStates = new int[m];
    this.defBuf = new int[m];
    this.used = new int[m];
    this.usedBuf = new int[m];
    this.dnext = new int[2 * m + 1];
    this.dprev = new int[2 * m + 1];
    link(callPos, returnPos);
    findTwins();
    if (!pruneIrrelevant) {
      relevance = Relevance.none();
    }
  }

  /**
   * findTwins links each indeterminate operation to the previous one with an equal step. Twins
   * are interchangeable once both are invoked (neither has a return entry), so the search only
   * ever uses the earliest unused one of each kind: k crashed writes of one value cost k
   * configurations, not 2^k.
   */
  private void findTwins() {
    Map<Step, Integer> last = new HashMap<>();
    for (int i = 0; i < m; i++) {
      previousTwin[i] = -1;
      if (!definite[i]) {
        Integer prev = last.put(steps[i], i);
        previousTwin[i] = prev == null ? -1 : prev;
      }
    }
  }

  /** link builds the entry list: calls and returns merged by position, between two head links. */
  private void link(int[] callPos, int[] returnPos) {
    int definiteCount = 0;
    long[] returns = new long[m];
    for (int i = 0; i < m; i++) {
      Invariants.check(i == 0 || callPos[i] > callPos[i - 1], "operations must be in invocation order");
      pos[i] = callPos[i];
      if (returnPos[i] != Operation.OPEN) {
        Invariants.check(returnPos[i] > callPos[i], "op %d returns at %d before its call at %d", i, returnPos[i], callPos[i]);
        definite[i] = true;
        pos[m + i] = returnPos[i];
        returns[definiteCount++] = ((long) returnPos[i] << 32) | i;
      }
    }
    Arrays.sort(returns, 0, definiteCount);
    int[] byReturn = new int[definiteCount];
    for (int i = 0; i < definiteCount; i++) {
      byReturn[i] = (int) returns[i];
    }
    int last = head;
    int c = 0;
    int r = 0;
    while (c < m || r < definiteCount) {
      int e;
      if (r == definiteCount || (c < m && callPos[c] < (int) (returns[r] >>> 32))) {
        e = c++;
      } else {
        int op = (int) returns[r++];
        callsBefore[op] = c;
        e = m + op;
      }
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = head;
    prev[head] = last;
    int dlast = head;
    for (int e = next[head]; e != head; e = next[e]) {
      if (definite[e < m ? e : e - m]) {
        dnext[dlast] = e;
        dprev[e] = dlast;
        dlast = e;
      }
    }
    dnext[dlast] = head;
    dprev[head] = dlast;
    relevance = Relevance.analyze(steps, definite, byReturn);
  }

  /**
   * run searches for a linearization. Each configuration first tries the completed operations it
   * may linearize (walking only their list), then the indeterminate ones: paths that use no
   * optional operation come first, so the configurations that use some are mostly dominated by
   * the time they are reached.
   */
  Result run(int initialState, Budget budget) {
    int definiteLeft = 0;
    for (boolean d : definite) {
      definiteLeft += d ? 1 : 0;
    }
    int state = initialState;
    int sp = 0;
    int entry = dnext[head];
    boolean optional = false; // false: walking completed ops' calls; true: indeterminate ones'
    int frontier = -1; // in the optional walk: the first unreturned completed operation
    while (definiteLeft > 0) {
      if (!budget.spend(1)) {
        return result(Verdict.UNKNOWN, budget);
      }
      Invariants.check(entry != head, "scan passed every return entry with %d operations left", definiteLeft);
      if (!optional && entry >= m) {
        optional = true; // the completed ops' calls before the first return are all tried
        frontier = entry - m;
        entry = next[head];
        continue;
      }
      if (entry < m) {
        if (skip(entry, optional, frontier)) {
          entry = optional ? next[entry] : dnext[entry];
          continue;
        }
        int after = steps[entry].apply(state);
        if (after != Step.INCONSISTENT) {
          lift(entry);
          definiteLeft -= definite[entry] ? 1 : 0;
          if (definiteLeft == 0 || cacheAdd(after)) {
            stackOps[sp] = entry;
            stackStates[sp++] = state;
            state = after;
            entry = dnext[head];
            optional = false;
            continue;
          }
          unlift(entry);
          definiteLeft += definite[entry] ? 1 : 0;
        }
        entry = optional ? next[entry] : dnext[entry];
      } else {
        noteStuck(entry, state, sp);
        if (sp == 0) {
          return result(Verdict.INVALID, budget);
        }
        int op = stackOps[--sp];
        state = stackStates[sp];
        unlift(op);
        definiteLeft += definite[op] ? 1 : 0;
        optional = !definite[op];
        entry = optional ? next[op] : dnext[op];
        frontier = optional ? firstUnreturned() : -1;
      }
    }
    return result(Verdict.VALID, budget);
  }

  /**
   * skip says whether the call entry is not to be tried in this walk: in the optional walk, the
   * completed ops (tried already), an indeterminate op whose earlier twin is still unused, and one
   * that can no longer matter ({@link Relevance}).
   */
  private boolean skip(int op, boolean optional, int frontier) {
    if (!optional) {
      return false;
    }
    return definite[op] || (previousTwin[op] >= 0 && !linearized[previousTwin[op]])
        || !relevance.relevant(op, frontier);
  }

  /** The completed operation whose return entry comes first in the list. */
  private int firstUnreturned() {
    int e = dnext[head];
    while (e < m) {
      e = dnext[e];
    }
    Invariants.check(e != head, "no return entry left");
    return e - m;
  }

  /**
   * cacheAdd records the configuration just reached; false if it, or one that dominates it (see
   * {@link ConfigCache}), was explored before. Only completed operations' entries are walked.
   */
  private boolean cacheAdd(int state) {
    int defs = 0;
    int e = dnext[head];
    while (e < m) {
      defBuf[defs++] = e;
      e = dnext[e];
    }
    Invariants.check(e != head, "a return entry must remain while completed operations are left");
    int relevantUsed = 0;
    for (int i = 0; i < usedLength; i++) {
      if (relevance.relevant(used[i], e - m)) {
        usedBuf[relevantUsed++] = used[i];
      }
    }
    return cache.addIfUndominated(state, callsBefore[e - m], defBuf, defs, usedBuf, relevantUsed);
  }

  private void lift(int op) {
    linearized[op] = true;
    next[prev[op]] = next[op];
    prev[next[op]] = prev[op];
    if (definite[op]) {
      dnext[dprev[op]] = dnext[op];
      dprev[dnext[op]] = dprev[op];
      int r = m + op;
      next[prev[r]] = next[r];
      prev[next[r]] = prev[r];
      dnext[dprev[r]] = dnext[r];
      dprev[dnext[r]] = dprev[r];
    } else {
      int i = usedLength++;
      while (i > 0 && used[i - 1] > op) {
        used[i] = used[i - 1];
        i--;
      }
      used[i] = op;
    }
  }

  /** unlift reverses {@link #lift}; lifts are undone in reverse order, so the links are intact. */
  private void unlift(int op) {
    if (definite[op]) {
      int r = m + op;
      dprev[dnext[r]] = r;
      dnext[dprev[r]] = r;
      prev[next[r]] = r;
      next[prev[r]] = r;
      dprev[dnext[op]] = op;
      dnext[dprev[op]] = op;
    } else {
      int i = Arrays.binarySearch(used, 0, usedLength, op);
      Invariants.check(i >= 0, "unlifting unused operation %d", op);
      System.arraycopy(used, i + 1, used, i, usedLength - i - 1);
      usedLength--;
    }
    prev[next[op]] = op;
    next[prev[op]] = op;
    linearized[op] = false;
  }

  /**
   * noteStuck remembers the furthest return entry the search could not pass: its operation is the
   * one that cannot be linearized, and the states met there are the ones it fails from.
   */
  private void noteStuck(int returnEntry, int state, int sp) {
    int p = pos[returnEntry];
    if (p > maxStuckPos) {
      maxStuckPos = p;
      failingOp = returnEntry - m;
      stuckStates = new int[0];
      stuckConfigs = 0;
      int shown = Math.min(sp, Limits.EXPLAIN_PREFIX_OPS);
      prefix = Arrays.copyOfRange(stackOps, sp - shown, sp);
      prefixLength = sp;
    }
    if (p == maxStuckPos) {
      stuckConfigs++;
      boolean seen = false;
      for (int s : stuckStates) {
        seen |= s == state;
      }
      if (!seen && stuckStates.length < Limits.EXPLAIN_STATES_MAX) {
        stuckStates = Arrays.copyOf(stuckStates, stuckStates.length + 1);
        stuckStates[stuckStates.length - 1] = state;
      }
    }
  }

  private Result result(Verdict v, Budget budget) {
    return new Result(v, budget.stepsSpent(), cache.size(), failingOp, stuckStates, stuckConfigs, prefix, prefixLength);
  }
}
