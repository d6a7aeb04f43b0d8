/**
 * EDN, the data notation Jepsen writes histories in: a reader, a printer and the value types they
 * share.
 *
 * <p>The reader is a real recursive-descent parser of the EDN grammar (as {@code clojure.edn}
 * reads it: comments, discards, tagged elements, sets, big numbers, characters), written in Java
 * so that checking linearizability never pays for Clojure's runtime start. It reports every
 * malformation with its line and column. Its answers are differentially tested against
 * {@code clojure.edn} itself. Values map to plain Java: {@code nil} to {@code null}, integers to
 * {@link java.lang.Long} (or {@link java.math.BigInteger} beyond 64 bits), vectors and lists to
 * unmodifiable {@link java.util.List}s, maps to insertion-ordered unmodifiable maps, keywords
 * and symbols to {@link untorn.check.edn.Keyword} and {@link untorn.check.edn.Symbol}. Equality
 * then follows Clojure's {@code =} for the values histories hold (a vector equals a list with the
 * same elements; {@code 1} and {@code 1.0} differ).
 */
package untorn.check.edn;
