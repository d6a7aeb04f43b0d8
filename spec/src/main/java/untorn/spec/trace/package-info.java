/**
 * Trace validation of implementation runs against the specification (Cirstea, Kuppe, Merz et al.):
 * a recorded trace ({@code untorn.core.trace}) is converted per timeline into the TLA+ module
 * {@code TraceLog} ({@link untorn.spec.trace.TraceModule}, byte LSNs turned into entry counts by
 * {@link untorn.spec.trace.LsnMap}), and TLC checks with SafekeeperTrace.tla whether some behaviour
 * of the spec takes exactly the logged steps with the logged values
 * ({@link untorn.spec.trace.TraceValidation}); a rejection names the first event no behaviour
 * matches.
 */
package untorn.spec.trace;
