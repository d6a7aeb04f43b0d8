package untorn.torture;

import java.util.Objects;
import java.util.Optional;

/**
 * TortureOptions are the knobs common to every suite: a mutant (a deliberately broken variant of
 * the system, to prove the checks catch it) and whether to record a detailed trace (replay does).
 */
public record TortureOptions(Optional<String> mutant, boolean verbose) {
  public TortureOptions {
    Objects.requireNonNull(mutant);
  }

  public static TortureOptions defaults() {
    return new TortureOptions(Optional.empty(), false);
  }
}
