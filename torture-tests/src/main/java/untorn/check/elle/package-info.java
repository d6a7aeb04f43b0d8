/**
 * The Elle-style list-append isolation checker: Clojure code (resources
 * {@code untorn/check/elle/*.clj}) called through {@code clojure.java.api.Clojure}.
 *
 * <p>{@link untorn.check.elle.ElleChecker} validates the history's shape in Java (every op a
 * {@code :txn} of {@code [:append k v]} and {@code [:r k list]} micro-operations, with line numbers
 * in errors), pairs invocations with completions, converts the transactions to Clojure data and
 * calls {@code untorn.check.elle.list-append/check}. Clojure's runtime is loaded the first time
 * an Elle check runs, never for linearizability checks: it costs a few hundred milliseconds of
 * start-up a linearizability run has no use for. The algorithm and its soundness argument are
 * in the Clojure namespaces' docstrings.
 */
package untorn.check.elle;
