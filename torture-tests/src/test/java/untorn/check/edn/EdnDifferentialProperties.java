package untorn.check.edn;

import static org.assertj.core.api.Assertions.assertThat;

import clojure.java.api.Clojure;
import clojure.lang.IFn;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Our EDN reader against {@code clojure.edn}, the reader Jepsen's files are written for: on random
 * nested values, (1) what Clojure prints ({@code pr-str}) our reader reads to the same value
 * Clojure reads; (2) what our writer prints, Clojure reads back to the value it came from.
 */
class EdnDifferentialProperties {
  static final IFn READ_STRING;
  static final IFn PR_STR;

  static {
    Clojure.var("clojure.core", "require").invoke(Clojure.read("clojure.edn"));
    READ_STRING = Clojure.var("clojure.edn", "read-string");
    PR_STR = Clojure.var("clojure.core", "pr-str");
  }

  @Provide
  Arbitrary<Object> values() {
    Arbitrary<Object> scalars = Arbitraries.oneOf(
        Arbitraries.longs().map(x -> (Object) x),
        Arbitraries.bigIntegers().between(BigInteger.ONE.shiftLeft(70).negate(), BigInteger.ONE.shiftLeft(70))
            .map(b -> EdnReader.Numbers.normalize(b)),
        Arbitraries.doubles().map(x -> (Object) x),
        Arbitraries.strings().ofMaxLength(8).map(x -> (Object) x),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6).map(x -> (Object) Keyword.of(x)),
        Arbitraries.of(Boolean.TRUE, Boolean.FALSE),
        Arbitraries.chars().map(c -> (Object) c),
        Arbitraries.just(null));
    return Arbitraries.recursive(() -> scalars, this::collections, 3);
  }

  private Arbitrary<Object> collections(Arbitrary<Object> inner) {
    return Arbitraries.oneOf(
        inner.list().ofMaxSize(4).map(l -> (Object) l),
        Arbitraries.maps(inner, inner).ofMaxSize(3).map(m -> (Object) new LinkedHashMap<>(m)),
        inner.set().ofMaxSize(3).map(s -> (Object) new LinkedHashSet<>(s)));
  }

  @Property(tries = 400)
  void clojurePrintedTextReadsTheSameInBothReaders(@ForAll("values") Object value) throws Exception {
    Object clj = toClojure(value);
    String text = (String) PR_STR.invoke(clj);
    Object ours = EdnReader.readOne(text);
    Object theirs = READ_STRING.invoke(text);
    assertThat(clojureEquals(toClojure(ours), theirs)).as("%s read as %s by us and %s by clojure.edn", text, ours, theirs).isTrue();
  }

  @Property(tries = 400)
  void ourPrintedTextReadsBackInClojure(@ForAll("values") Object value) {
    String text = EdnWriter.toEdn(value);
    Object theirs = READ_STRING.invoke(text);
    assertThat(clojureEquals(toClojure(value), theirs)).as("%s read as %s by clojure.edn", text, theirs).isTrue();
  }

  static boolean clojureEquals(Object a, Object b) {
    // NaN is never equal to itself; compare printed forms, which are exact for every value here.
    return clojure.lang.Util.equiv(a, b) || PR_STR.invoke(a).equals(PR_STR.invoke(b));
  }

  static Object toClojure(Object v) {
    if (v instanceof Keyword) {
      return clojure.lang.Keyword.intern(((Keyword) v).name());
    }
    if (v instanceof List) {
      List<Object> out = new ArrayList<>();
      for (Object o : (List<?>) v) {
        out.add(toClojure(o));
      }
      return clojure.lang.PersistentVector.create(out);
    }
    if (v instanceof Set) {
      List<Object> out = new ArrayList<>();
      for (Object o : (Set<?>) v) {
        out.add(toClojure(o));
      }
      return clojure.lang.PersistentHashSet.create(out);
    }
    if (v instanceof Map) {
      List<Object> kvs = new ArrayList<>();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        kvs.addAll(Arrays.asList(toClojure(e.getKey()), toClojure(e.getValue())));
      }
      return clojure.lang.PersistentHashMap.create(kvs.toArray());
    }
    return v;
  }
}
