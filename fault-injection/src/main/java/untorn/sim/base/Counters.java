package untorn.sim.base;

import java.util.EnumMap;
import java.util.Map;

/**
 * Counters holds one long per {@link Stat}. The simulator's components share one instance and
 * bump it on their hot paths (an array increment); suites read a {@link #copy} at the end of a run
 * and add copies across seeds.
 */
public final class Counters {
  private static final Stat[] STATS = Stat.values();

  private final long[] values = new long[STATS.length];

  public void increment(Stat stat) {
    values[stat.ordinal()]++;
  }

  public void add(Stat stat, long n) {
    values[stat.ordinal()] += n;
  }

  public long get(Stat stat) {
    return values[stat.ordinal()];
  }

  /** Adds every counter of {@code other} to this one. */
  public void addAll(Counters other) {
    for (int i = 0; i < values.length; i++) {
      values[i] += other.values[i];
    }
  }

  public Counters copy() {
    Counters c = new Counters();
    System.arraycopy(values, 0, c.values, 0, values.length);
    return c;
  }

  /** Sum of the counters of injected faults. */
  public long faults() {
    long sum = 0;
    for (Stat s : STATS) {
      if (s.isFault()) {
        sum += get(s);
      }
    }
    return sum;
  }

  /** The non-zero counters, in declaration order. */
  public Map<Stat, Long> nonZero() {
    Map<Stat, Long> out = new EnumMap<>(Stat.class);
    for (Stat s : STATS) {
      if (get(s) != 0) {
        out.put(s, get(s));
      }
    }
    return out;
  }

  /** One "name=value" per non-zero counter, for logs: {@code events=1234 crashes=3 ...}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Stat, Long> e : nonZero().entrySet()) {
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(e.getKey().name().toLowerCase(java.util.Locale.ROOT)).append('=').append(e.getValue());
    }
    return sb.toString();
  }

  /** A table of the non-zero counters with their descriptions, faults marked. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Stat, Long> e : nonZero().entrySet()) {
      sb.append(String.format("  %s %12d  %s%n", e.getKey().isFault() ? "fault" : "     ", e.getValue(), e.getKey().description()));
    }
    return sb.toString();
  }
}
