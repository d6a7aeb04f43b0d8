package untorn.sim.fault;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * FaultProfile is the value of every {@link Knob}: the intensities of a run. Immutable; the
 * {@code with} methods return changed copies.
 */
public final class FaultProfile {
  private final EnumMap<Knob, Double> values;

  private FaultProfile(EnumMap<Knob, Double> values) {
    this.values = values;
  }

  /** The intensities the torture suites start from: every common fault class on, moderately. */
  public static FaultProfile torture() {
    EnumMap<Knob, Double> v = new EnumMap<>(Knob.class);
    for (Knob k : Knob.values()) {
      v.put(k, k.tortureValue());
    }
    return new FaultProfile(v);
  }

  /** No faults at all; latencies as in {@link #torture()}. */
  public static FaultProfile none() {
    return torture().quiet();
  }

  public double get(Knob knob) {
    return values.get(knob);
  }

  /** A millisecond knob in nanoseconds. */
  public long nanos(Knob knob) {
    return Math.round(values.get(knob) * 1_000_000);
  }

  public FaultProfile with(Knob knob, double value) {
    EnumMap<Knob, Double> v = new EnumMap<>(values);
    v.put(knob, knob.validate(value));
    return new FaultProfile(v);
  }

  /** Every fault knob set to zero; latencies kept. */
  public FaultProfile quiet() {
    EnumMap<Knob, Double> v = new EnumMap<>(values);
    for (Knob k : Knob.values()) {
      if (k.isFault()) {
        v.put(k, 0.0);
      }
    }
    return new FaultProfile(v);
  }

  /** Every fault knob of one category set to zero. */
  public FaultProfile without(FaultCategory category) {
    EnumMap<Knob, Double> v = new EnumMap<>(values);
    for (Knob k : Knob.values()) {
      if (k.isFault() && k.category() == category) {
        v.put(k, 0.0);
      }
    }
    return new FaultProfile(v);
  }

  /** Knob values, in declaration order. */
  public Map<Knob, Double> values() {
    return java.util.Collections.unmodifiableMap(values);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FaultProfile p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<Knob, Double> e : values.entrySet()) {
      sb.append(sb.length() == 0 ? "" : " ").append(e.getKey().key()).append('=').append(e.getValue());
    }
    return sb.toString();
  }
}
