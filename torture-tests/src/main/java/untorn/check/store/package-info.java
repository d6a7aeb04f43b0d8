/**
 * Real concurrent stores, their deliberately broken twins, and the clients that record histories
 * from them: the checkers' test subjects and negative controls.
 *
 * <p>{@link untorn.check.store.AtomicRegisterStore} is a linearizable register;
 * {@link untorn.check.store.StaleReadRegisterStore} serves reads from a per-session cache and so
 * returns stale values. {@link untorn.check.store.MvccListStore} is a multi-version list-append
 * store whose commit rule decides its isolation: serializable optimistic concurrency control
 * (strict serializable), snapshot isolation (first committer wins, so write skew happens),
 * and two broken rules, lost appends (commits overwrite each other) and stale snapshots (reads
 * from a lagging version: serializable, not strict). All are thread-safe and are exercised both by
 * real threads and, deterministically, by {@link untorn.check.store.RegisterWorkload} and
 * {@link untorn.check.store.ListAppendWorkload}'s simulated clients: a seeded scheduler
 * interleaves the invocation, effect and completion of every client's operations in virtual time,
 * crashes some of them (an {@code :info} completion, the effect applied or not), and records the
 * history. The same seed gives the same history.
 */
package untorn.check.store;
