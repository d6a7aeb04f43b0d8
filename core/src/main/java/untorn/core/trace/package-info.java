/**
 * Implementation events for trace validation of the safekeeper protocol against its TLA+
 * specification ({@code spec/tla/}), in the style of "Validating Traces of Distributed Programs
 * Against TLA+ Specifications" (Cirstea, Kuppe, Merz et al.).
 *
 * <p>The protocol code ({@code Acceptor}, {@code Proposer} and their drivers) calls a
 * {@link untorn.core.trace.TraceSink} at the points where the specification takes a step. Each
 * {@link untorn.core.trace.TraceEvent} is named after the spec action it stands for and carries
 * the values of the node's state that the action changes, as they are <em>after</em> the step.
 * A recorded trace is written as JSON lines ({@link untorn.core.trace.TraceCodec}); the {@code spec}
 * module turns it into a TLA+ trace module and asks TLC whether the specification admits a
 * behaviour that takes exactly these steps, in this order. Message contents are not logged: TLC
 * finds them, as it finds everything a trace leaves out.
 *
 * <p><b>Entries and LSNs.</b> The specification's WAL is a sequence of abstract entries, each
 * labelled with the term of the proposer that created it; its LSNs count entries. The
 * implementation's WAL is a byte stream and its LSNs are byte positions. One abstract entry is one
 * WAL record, introduced by a {@link untorn.core.trace.TraceEvent.Propose} event that gives the
 * record's byte range {@code [startLsn, endLsn)} and term. A byte LSN {@code L} in a WAL whose
 * term history is {@code H} stands for the number of records that end at or below {@code L}, where
 * the records below a history entry {@code (t, s)} up to the next switch are the ones proposed in
 * term {@code t}. So flush, commit and truncation LSNs need not fall on record ends (a byte range
 * that ends inside a record holds that record only partially, and it does not count yet), but the
 * start LSN of every term and every record must be the end of the record before it.
 *
 * <p><b>When to emit.</b> The rules every event's javadoc states come down to three:
 * <ol>
 *   <li>emit after the step's state change is complete, and for a durable change after it is
 *       durable (an acceptor's vote after the term is persisted, a flush acknowledgement after the
 *       fsync returned), and before any message the step sends can be received;
 *   <li>emit nothing for a message that is refused or ignored (wrong term, gap, duplicate): it
 *       changes no state, and the specification lets any message go undelivered;
 *   <li>in one run, events are totally ordered and that order is causal (the simulator runs one
 *       step at a time; a multi-threaded driver must serialize {@code emit} with its steps).
 * </ol>
 */
package untorn.core.trace;
