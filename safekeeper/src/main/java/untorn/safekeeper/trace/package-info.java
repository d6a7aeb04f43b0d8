/**
 * Implementation events for trace validation: the protocol's steps named after the TLA+ spec's
 * actions (vote, elected, truncate, append with its flush acknowledgement, commit, restart), and
 * the sink the drivers hand them to. The protocol cores emit them as effects placed after the
 * storage effects that make them true, so an event is never emitted for state that a crash could
 * still undo.
 */
package untorn.safekeeper.trace;
