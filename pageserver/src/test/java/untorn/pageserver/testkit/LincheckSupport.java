package untorn.pageserver.testkit;

import org.jetbrains.kotlinx.lincheck.strategy.managed.ManagedStrategyGuaranteeKt;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import untorn.core.types.Lsn;
import untorn.pageserver.value.KeyRange;

/**
 * LincheckSupport holds the model-checking options the pageserver's Lincheck tests share.
 *
 * <p>Lincheck 2.39 instruments classes lazily and, on the first static call into a class, reads
 * its static fields through {@code Unsafe.staticFieldBase}, which the JDK refuses for records
 * ({@code Lsn.ZERO}). Treating the methods of such value records as atomic skips that step; they
 * are pure functions, so no interleaving inside them matters. Reading such a static field directly
 * ({@code Lsn.MAX}) from checked code triggers it too, so checked code and tests write {@code
 * Lsn.of(-1)}; and such records are kept out of the objects reachable from a test instance
 * (Lincheck walks those as well).
 *
 * <p>Budget (NOTES.md: default options cost minutes): 2 threads, 2 or 3 operations each, one
 * before and one after, 8 scenarios of 150 explored interleavings each (about 8 ms an interleaving
 * here, plus about 20 s of instrumentation once per JVM). Every broken twin is refuted within it;
 * raise {@code -Dpageserver.lincheck.iterations} and {@code .invocations} for a deeper run.
 */
public final class LincheckSupport {
  private LincheckSupport() {}

  /** Options for a broken twin: the first counterexample suffices, unminimized. */
  public static ModelCheckingOptions refutation(Class<?> sequentialSpec, int actorsPerThread) {
    return options(sequentialSpec, actorsPerThread).minimizeFailedScenario(false);
  }

  /** Options with {@code actorsPerThread} operations per thread (before and after: one each). */
  public static ModelCheckingOptions options(Class<?> sequentialSpec, int actorsPerThread) {
    return new ModelCheckingOptions()
        .iterations(Integer.getInteger("pageserver.lincheck.iterations", 8))
        .invocationsPerIteration(Integer.getInteger("pageserver.lincheck.invocations", 150))
        .threads(2)
        .actorsPerThread(Integer.getInteger("pageserver.lincheck.actors", actorsPerThread))
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(sequentialSpec)
        .addGuarantee(ManagedStrategyGuaranteeKt.forClasses(Lsn.class.getName(), KeyRange.class.getName()).allMethods().treatAsAtomic());
  }
}
