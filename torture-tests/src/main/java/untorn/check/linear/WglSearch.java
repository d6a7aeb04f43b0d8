package untorn.check.linear;

import java.util.Arrays;
import untorn.check.Budget;
import untorn.check.Limits;
import untorn.check.Verdict;
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
 * operations minus the call entries still in the list before r": the key is (c, those ids).
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
  private final int[] stackOps;
  private final int[] stackStates;
  private final int[] pendingBuf;
  private final ConfigCache cache = new ConfigCache();

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
    Invariants.check(steps.length == callPos.length && steps.length == returnPos.length, "parallel arrays");
    this.steps = steps;
    this.m = steps.length;
    this.head = 2 * m;
    this.next = new int[2 * m + 1];
    this.prev = new int[2 * m + 1];
    this.pos = new int[2 * m];
    this.callsBefore = new int[m];
    this.definite = new boolean[m];
    this.stackOps = new int[m];
    this.stackStates = new int[m];
    this.pendingBuf = new int[m];
    link(callPos, returnPos);
  }

  /** link builds the entry list: calls and returns merged by position, between two head links. */
  private void link(int[] callPos, int[] returnPos) {
    int definiteCount = 0;
    long[] returns = new long[m];
    for (int i = 0; i < m; i++) {
      Invariants.check(i == 0 || callPos[i] > callPos[i - 1], "operations must be in invocation order");
      pos[i] = callPos[i];
      if (returnPos[i] != untorn.check.history.Operation.OPEN) {
        Invariants.check(returnPos[i] > callPos[i], "op %d returns at %d before its call at %d", i, returnPos[i], callPos[i]);
        definite[i] = true;
        pos[m + i] = returnPos[i];
        returns[definiteCount++] = ((long) returnPos[i] << 32) | i;
      }
    }
    Arrays.sort(returns, 0, definiteCount);
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
  }

  Result run(int initialState, Budget budget) {
    int definiteLeft = 0;
    for (boolean d : definite) {
      definiteLeft += d ? 1 : 0;
    }
    int state = initialState;
    int sp = 0;
    int entry = next[head];
    while (definiteLeft > 0) {
      if (!budget.spend(1)) {
        return result(Verdict.UNKNOWN, budget);
      }
      Invariants.check(entry != head, "scan passed every return entry with %d operations left", definiteLeft);
      if (entry < m) {
        int after = steps[entry].apply(state);
        if (after != Step.INCONSISTENT) {
          lift(entry);
          definiteLeft -= definite[entry] ? 1 : 0;
          if (definiteLeft == 0 || cacheAdd(after)) {
            stackOps[sp] = entry;
            stackStates[sp++] = state;
            state = after;
            entry = next[head];
            continue;
          }
          unlift(entry);
          definiteLeft += definite[entry] ? 1 : 0;
        }
        entry = next[entry];
      } else {
        noteStuck(entry, state, sp);
        if (sp == 0) {
          return result(Verdict.INVALID, budget);
        }
        int op = stackOps[--sp];
        state = stackStates[sp];
        unlift(op);
        definiteLeft += definite[op] ? 1 : 0;
        entry = next[op];
      }
    }
    return result(Verdict.VALID, budget);
  }

  /** cacheAdd records the configuration just reached; false if it was explored before. */
  private boolean cacheAdd(int state) {
    int k = 0;
    int e = next[head];
    while (e < m) {
      pendingBuf[k++] = e;
      e = next[e];
    }
    Invariants.check(e != head, "a return entry must remain while completed operations are left");
    return cache.addIfAbsent(state, callsBefore[e - m], pendingBuf, k);
  }

  private void lift(int op) {
    next[prev[op]] = next[op];
    prev[next[op]] = prev[op];
    if (definite[op]) {
      int r = m + op;
      next[prev[r]] = next[r];
      prev[next[r]] = prev[r];
    }
  }

  /** unlift reverses {@link #lift}; lifts are undone in reverse order, so the links are intact. */
  private void unlift(int op) {
    if (definite[op]) {
      int r = m + op;
      prev[next[r]] = r;
      next[prev[r]] = r;
    }
    prev[next[op]] = op;
    next[prev[op]] = op;
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
