package untorn.sim.fault;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * DeltaDebugging is Zeller and Hildebrandt's ddmin: it shrinks a failing list to a 1-minimal one
 * (removing any single element makes the failure go away) by testing chunks and their complements
 * at growing granularity. Test outcomes are cached; at most {@code maxTests} tests run, after
 * which the smallest failing list found so far is returned.
 */
public final class DeltaDebugging {
  private DeltaDebugging() {}

  /** The result of a minimization: the list and how many tests ran. */
  public record Result<T>(List<T> minimal, int tests, boolean exhausted) {}

  /**
   * Minimizes {@code failing} under {@code fails}, which must hold for {@code failing} itself
   * (checked: a shrinker that starts from a passing input would "minimize" nonsense).
   */
  public static <T> Result<T> minimize(List<T> failing, Predicate<List<T>> fails, int maxTests) {
    Cache<T> cache = new Cache<>(fails, maxTests);
    if (!cache.test(failing)) {
      throw new IllegalArgumentException("the input does not fail: nothing to minimize");
    }
    List<T> current = List.copyOf(failing);
    if (cache.test(List.of())) {
      return new Result<>(List.of(), cache.tests, false);
    }
    int n = 2;
    while (current.size() >= 2 && !cache.exhausted()) {
      List<List<T>> chunks = split(current, n);
      List<T> next = null;
      for (List<T> chunk : chunks) {
        if (cache.test(chunk)) {
          next = chunk;
          n = 2;
          break;
        }
      }
      if (next == null && n > 2) {
        for (int i = 0; i < chunks.size() && next == null; i++) {
          List<T> complement = complement(chunks, i);
          if (cache.test(complement)) {
            next = complement;
            n = Math.max(n - 1, 2);
          }
        }
      }
      if (next != null) {
        current = next;
      } else if (n >= current.size()) {
        break;
      } else {
        n = Math.min(2 * n, current.size());
      }
    }
    return new Result<>(current, cache.tests, cache.exhausted());
  }

  private static <T> List<List<T>> split(List<T> list, int n) {
    List<List<T>> out = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < n; i++) {
      int end = start + (list.size() - start) / (n - i);
      out.add(List.copyOf(list.subList(start, end)));
      start = end;
    }
    return out;
  }

  private static <T> List<T> complement(List<List<T>> chunks, int skip) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      if (i != skip) {
        out.addAll(chunks.get(i));
      }
    }
    return List.copyOf(out);
  }

  /** Runs each distinct candidate at most once, up to the test budget. */
  private static final class Cache<T> {
    private final Predicate<List<T>> fails;
    private final int maxTests;
    private final Map<List<T>, Boolean> seen = new HashMap<>();
    int tests;

    Cache(Predicate<List<T>> fails, int maxTests) {
      this.fails = fails;
      this.maxTests = maxTests;
    }

    boolean exhausted() {
      return tests >= maxTests;
    }

    boolean test(List<T> candidate) {
      Boolean known = seen.get(candidate);
      if (known != null) {
        return known;
      }
      if (exhausted()) {
        return false;
      }
      tests++;
      boolean f = fails.test(candidate);
      seen.put(candidate, f);
      return f;
    }
  }
}
