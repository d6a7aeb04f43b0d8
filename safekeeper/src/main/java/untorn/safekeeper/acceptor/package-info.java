/**
 * The acceptor: one timeline's Paxos acceptor as a pure state machine. It takes messages and ticks
 * and returns ordered effects (persist the control state, write and fsync WAL, truncate, remove,
 * send, emit a trace event) with a typed outcome; the driver in {@code untorn.safekeeper.node}
 * executes them against {@code untorn.safekeeper.storage} and the transport. Persist-before-send
 * is a property of the effect order, which the mutants break on purpose.
 */
package untorn.safekeeper.acceptor;
