package untorn.safekeeper;

import java.util.EnumSet;
import java.util.Set;

/**
 * Mutants is the set of deliberately broken behaviours a run enables; {@link #NONE} (the default
 * everywhere) is the correct protocol. Immutable.
 */
public final class Mutants {
  public static final Mutants NONE = new Mutants(EnumSet.noneOf(Mutant.class));

  private final EnumSet<Mutant> enabled;

  private Mutants(EnumSet<Mutant> enabled) {
    this.enabled = enabled;
  }

  public static Mutants of(Mutant... mutants) {
    EnumSet<Mutant> set = EnumSet.noneOf(Mutant.class);
    set.addAll(java.util.List.of(mutants));
    return new Mutants(set);
  }

  public boolean has(Mutant m) {
    return enabled.contains(m);
  }

  public Set<Mutant> enabled() {
    return java.util.Collections.unmodifiableSet(enabled);
  }

  public boolean isNone() {
    return enabled.isEmpty();
  }

  @Override
  public String toString() {
    return enabled.isEmpty() ? "none" : enabled.toString();
  }
}
