/**
 * Linearizability checking with Knossos's semantics and the Wing-Gong-Lowe search.
 *
 * <p>{@link untorn.check.linear.LinearizabilityChecker} turns a history's operations into model
 * steps ({@code :fail} operations are dropped, indeterminate ones may take effect at any point
 * after their invocation or never, a read of {@code nil} constrains nothing), splits {@code kv}
 * histories per key (P-compositionality: a history is linearizable iff each key's sub-history
 * is) and runs {@link untorn.check.linear.WglSearch} on each. The search is Lowe's just-in-time
 * linearization with memoization of (linearized set, model state), as in Porcupine; its cache
 * stores each set in a compact canonical form (a prefix count plus the few pending operations
 * before the first unreturned one) instead of a bitset, so long histories stay cheap, and lets a
 * configuration that kept more indeterminate operations in reserve subsume one that used them
 * up, so crashed writes no longer cost 2^k configurations. States are
 * ints: models intern their values in a {@link untorn.check.linear.ValueTable}. A search that
 * exceeds its {@link untorn.check.Budget} answers unknown; a failed one names the operation that
 * cannot be linearized, the states the model could be in there, and the linearization that got
 * furthest.
 */
package untorn.check.linear;
