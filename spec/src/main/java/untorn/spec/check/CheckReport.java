package untorn.spec.check;

import java.util.Objects;
import java.util.Optional;
import untorn.spec.model.Bounds;
import untorn.spec.model.ModelFiles;
import untorn.spec.model.SpecMutant;
import untorn.spec.tlc.TlcResult;

/** CheckReport: one model check, what it was asked and what TLC established. */
public record CheckReport(Bounds bounds, Optional<SpecMutant> mutant, ModelFiles.Kind kind, TlcResult result) {
  public CheckReport {
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(mutant, "mutant");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(result, "result");
  }
}
