package untorn.check.linear;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Relevance says which indeterminate operations can still matter to a register search, so that
 * the others are neither tried nor told apart in the memo.
 *
 * <p>At a point of the search whose first unreturned operation is r, the states still needed are
 * the ones some completed operation returning at or after r may require (a read's value, a
 * compare-and-set's old value), closed under "an indeterminate compare-and-set from a to a
 * needed b makes a needed". An indeterminate write of a value not needed, or compare-and-set to
 * one, is irrelevant: in any successful continuation that uses it, the states it leads to are
 * not needed until the next write, so only other irrelevant indeterminate operations run before
 * that write, and dropping them all leaves a successful continuation. Needs only shrink as r
 * advances, so dropping is sound at every point.
 *
 * <p>States are tracked as bits of a long, so the analysis runs when every state id is below 64
 * (Jepsen's register tests use a handful of values); otherwise everything counts as relevant.
 */
final class Relevance {
  private final boolean enabled;
  private final long[] neededAfter; // per completed op: states needed from its return on
  private final int[] produces;

  private Relevance(boolean enabled, long[] neededAfter, int[] produces) {
    this.enabled = enabled;
    this.neededAfter = neededAfter;
    this.produces = produces;
  }

  /** none counts every operation as relevant. */
  static Relevance none() {
    return new Relevance(false, null, null);
  }

  /**
   * @param steps the operations' steps, in invocation order
   * @param definite which operations completed
   * @param byReturn the completed operations in order of their return positions
   */
  static Relevance analyze(Step[] steps, boolean[] definite, int[] byReturn) {
    int m = steps.length;
    int[] produces = new int[m];
    Set<Long> casKinds = new LinkedHashSet<>();
    for (int i = 0; i < m; i++) {
      if (!(steps[i] instanceof RegisterModel.RegisterStep)) {
        return none();
      }
      RegisterModel.RegisterStep s = (RegisterModel.RegisterStep) steps[i];
      if (s.requires() >= 64 || s.produces() >= 64) {
        return none();
      }
      produces[i] = s.produces();
      if (!definite[i] && s.requires() != RegisterModel.RegisterStep.NONE && s.produces() != RegisterModel.RegisterStep.NONE) {
        casKinds.add(((long) s.requires() << 32) | s.produces());
      }
    }
    long[] cas = casKinds.stream().mapToLong(Long::longValue).toArray();
    long[] neededAfter = new long[m];
    long acc = 0;
    for (int k = byReturn.length - 1; k >= 0; k--) {
      int op = byReturn[k];
      int req = ((RegisterModel.RegisterStep) steps[op]).requires();
      if (req != RegisterModel.RegisterStep.NONE) {
        acc |= 1L << req;
      }
      acc = close(acc, cas);
      neededAfter[op] = acc;
    }
    return new Relevance(true, neededAfter, produces);
  }

  private static long close(long needed, long[] cas) {
    long before;
    do {
      before = needed;
      for (long c : cas) {
        if ((needed >>> (int) c & 1) != 0) {
          needed |= 1L << (int) (c >>> 32);
        }
      }
    } while (needed != before);
    return needed;
  }

  /** Whether indeterminate operation op can matter while completed operation firstUnreturned is the next to return. */
  boolean relevant(int op, int firstUnreturned) {
    if (!enabled) {
      return true;
    }
    int p = produces[op];
    return p == RegisterModel.RegisterStep.NONE || (neededAfter[firstUnreturned] >>> p & 1) != 0;
  }

  @Override
  public String toString() {
    return enabled ? "Relevance" + Arrays.toString(neededAfter) : "Relevance[off]";
  }
}
