/**
 * The history model shared by every checker: Jepsen's operations, read from and written as EDN,
 * recorded cheaply by clients in simulation or on real threads.
 *
 * <p>A {@link untorn.check.history.History} is the ordered list of events ({@link
 * untorn.check.history.Op}: an invocation or a completion, {@code ok}, {@code fail} or
 * {@code info}) exactly as recorded. {@link untorn.check.history.History#operations()} pairs each
 * invocation with its completion into an {@link untorn.check.history.Operation}, with Knossos's
 * reading of the outcome: an invocation never completed is indeterminate, exactly like
 * {@code info}; an {@code ok} operation's value is its completion's (a read's result), an
 * indeterminate one's its invocation's. The reader takes both shapes users' files come in (one op
 * map per line, or one EDN vector or list of maps) and names the line of any malformed op; the
 * writer emits Jepsen's {@code history.edn} shape.
 */
package untorn.check.history;
