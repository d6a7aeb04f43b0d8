package untorn.spec.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import untorn.spec.model.SpecMutant;
import untorn.spec.tlc.TlcResult;
import untorn.spec.tlc.TraceStep;

/**
 * Every mutant of the spec is refuted by TLC through the ordinary invariants, with a counterexample
 * (each in 2-10 s on 2 cores: see the README), both with the spec's VIEW and over whole states: the
 * VIEW leaves out messages no action reads again, and a mutant must not be hidden by it.
 */
class MutantsTest {
  static Stream<Arguments> mutantsWithAndWithoutTheView() {
    return Arrays.stream(SpecMutant.values()).flatMap(m -> Stream.of(Arguments.of(m, true), Arguments.of(m, false)));
  }

  @ParameterizedTest(name = "{0}, view {1}")
  @MethodSource("mutantsWithAndWithoutTheView")
  void everyMutantYieldsACounterexampleOfItsInvariant(SpecMutant mutant, boolean view) throws Exception {
    ModelCheck.Request request = ModelCheck.Request.safety(SpecMutant.BOUNDS, Optional.of(mutant), 2);
    TlcResult r = ModelCheck.run(view ? request : request.withoutView()).result();
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
