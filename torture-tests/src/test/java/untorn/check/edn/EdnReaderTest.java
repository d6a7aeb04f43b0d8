package untorn.check.edn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import untorn.check.Limits;

class EdnReaderTest {
  static Object read(String s) throws EdnException {
    return EdnReader.readOne(s);
  }

  @Test
  void scalars() throws Exception {
    assertThat(read("nil")).isNull();
    assertThat(read("true")).isEqualTo(true);
    assertThat(read("false")).isEqualTo(false);
    assertThat(read("42")).isEqualTo(42L);
    assertThat(read("-7")).isEqualTo(-7L);
    assertThat(read("+7")).isEqualTo(7L);
    assertThat(read("0")).isEqualTo(0L);
    assertThat(read("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
    assertThat(read("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(read("12N")).as("1N equals 1, as in Clojure").isEqualTo(12L);
    assertThat(read("0x1F")).isEqualTo(31L);
    assertThat(read("017")).isEqualTo(15L);
    assertThat(read("2r101")).isEqualTo(5L);
    assertThat(read("1.5")).isEqualTo(1.5);
    assertThat(read("-1e3")).isEqualTo(-1000.0);
    assertThat(read("1.")).isEqualTo(1.0);
    assertThat(read("1.25M")).isEqualTo(new BigDecimal("1.25"));
    assertThat(read("##Inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat((Double) read("##NaN")).isNaN();
    assertThat(read("\"a\\tb\\\"c\\u0041\\101\"")).isEqualTo("a\tb\"cAA");
    assertThat(read("\\a")).isEqualTo('a');
    assertThat(read("\\newline")).isEqualTo('\n');
    assertThat(read("\\u00e9")).isEqualTo('é');
    assertThat(read("\\(")).isEqualTo('(');
    assertThat(read(":read")).isSameAs(Keyword.of("read"));
    assertThat(read(":jepsen.history/op")).isSameAs(Keyword.of("jepsen.history/op"));
    assertThat(read("foo.bar/baz")).isEqualTo(new Symbol("foo.bar/baz"));
    assertThat(read("/")).isEqualTo(new Symbol("/"));
    assertThat(read("-")).isEqualTo(new Symbol("-"));
  }

  @Test
  void collectionsCommentsAndDiscards() throws Exception {
    assertThat(read("[1 2 [3]]")).isEqualTo(List.of(1L, 2L, List.of(3L)));
    assertThat(read("(1, 2)")).as("a list equals a vector, as in Clojure").isEqualTo(List.of(1L, 2L));
    assertThat(read("[nil nil]")).isEqualTo(Arrays.asList(null, null));
    Map<Object, Object> m = new LinkedHashMap<>();
    m.put(Keyword.of("b"), 2L);
    m.put(Keyword.of("a"), null);
    assertThat(read("{:b 2, :a nil}")).isEqualTo(m);
    assertThat(read("#{1 2}")).isEqualTo(Set.of(1L, 2L));
    assertThat(read("; a comment\n[1 ; inside\n 2] ; after")).isEqualTo(List.of(1L, 2L));
    assertThat(read("[1 #_ 2 3 #_[4 5]]")).isEqualTo(List.of(1L, 3L));
    assertThat(read("#inst \"2024-01-02T03:04:05Z\""))
        .isEqualTo(new Tagged(new Symbol("inst"), "2024-01-02T03:04:05Z"));
    assertThat(read("#jepsen.history.Op{:type :ok}"))
        .isEqualTo(new Tagged(new Symbol("jepsen.history.Op"), Map.of(Keyword.of("type"), Keyword.of("ok"))));
  }

  @Test
  void malformedInputIsATypedErrorWithItsLine() {
    assertError("[1 2", 1, "input ended inside a collection");
    assertError("[1\n2\n}", 3, "unmatched delimiter '}'");
    assertError("{:a 1 :b}", 1, "odd number of forms");
    assertError("{:a 1\n :a 2}", 2, "duplicate key :a");
    assertError("#{1 1}", 1, "duplicate element 1");
    assertError("\"abc", 1, "is not closed");
    assertError("\n\n  12x3", 3, "invalid number '12x3'");
    assertError("1.5f", 1, "invalid number");
    assertError("08", 1, "invalid number");
    assertError("1/2", 1, "invalid number");
    assertError("::auto", 1, "auto-resolved keywords are not EDN");
    assertError(":", 1, "a keyword needs a name");
    assertError("^:meta x", 1, "metadata");
    assertError("#?(:clj 1)", 1, "not an EDN dispatch");
    assertError("\"\\q\"", 1, "unsupported escape");
    assertError("\\bogus", 1, "unsupported character");
    assertError("##Foo", 1, "unknown symbolic value");
    assertError("1 2", 1, "more than one form");
    assertError("", 1, "unexpected end of input");
  }

  @Test
  void nestingDeeperThanTheLimitIsRejectedNotAStackOverflow() {
    String deep = "[".repeat(Limits.EDN_DEPTH_MAX + 1) + "]".repeat(Limits.EDN_DEPTH_MAX + 1);
    assertThatThrownBy(() -> read(deep)).isInstanceOf(EdnException.class).hasMessageContaining("nested deeper");
    String ok = "[".repeat(Limits.EDN_DEPTH_MAX) + "]".repeat(Limits.EDN_DEPTH_MAX);
    assertThat(catchingNothing(ok)).isTrue();
  }

  @Test
  void readerWalksAStreamOfForms() throws Exception {
    EdnReader r = new EdnReader("{:a 1}\n; comment\n\n{:b 2}\n");
    assertThat(r.read()).isEqualTo(Map.of(Keyword.of("a"), 1L));
    assertThat(r.formLine()).isEqualTo(1);
    assertThat(r.read()).isEqualTo(Map.of(Keyword.of("b"), 2L));
    assertThat(r.formLine()).isEqualTo(4);
    assertThat(r.skipToForm()).isFalse();
  }

  private static boolean catchingNothing(String s) {
    try {
      read(s);
      return true;
    } catch (EdnException e) {
      return false;
    }
  }

  private static void assertError(String input, int line, String message) {
    assertThatThrownBy(() -> read(input)).as(input).isInstanceOf(EdnException.class)
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(((EdnException) e).line()).as("line of the error in %s", input).isEqualTo(line));
  }
}
