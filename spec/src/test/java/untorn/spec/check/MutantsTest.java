package untorn.spec.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import untorn.spec.model.SpecMutant;
import untorn.spec.tlc.TlcResult;
import untorn.spec.tlc.TraceStep;

/**
 * Every mutant of the spec is refuted by TLC through the ordinary invariants, with a counterexample
 * (each in 4-16 s on 2 cores: see the README).
 */
class MutantsTest {
  @ParameterizedTest
  @EnumSource(SpecMutant.class)
  void everyMutantYieldsACounterexampleOfItsInvariant(SpecMutant mutant) throws Exception {
    TlcResult r = ModelCheck.run(ModelCheck.Request.safety(SpecMutant.BOUNDS, Optional.of(mutant), 2)).result();
    assertThat(r.violation()).as("mutant %s must be refuted", mutant).isPresent();
    assertThat(r.violation().get().property()).isEqualTo(mutant.refutedBy());
    assertThat(r.violation().get().trace()).hasSizeGreaterThan(2);
    assertThat(r.violation().get().trace()).allSatisfy(s -> assertThat(s.action()).isNotBlank());
    assertThat(r.violation().get().trace().subList(1, r.violation().get().trace().size()))
        .allSatisfy(s -> assertThat(s.changes()).isNotEmpty());
    assertThat(r.distinctStates()).isPositive();
    TraceStep last = r.violation().get().trace().get(r.violation().get().trace().size() - 1);
    assertThat(last.index()).isEqualTo(r.violation().get().trace().size());
  }
}
