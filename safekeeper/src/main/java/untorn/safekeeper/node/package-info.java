/**
 * Drivers: the code that runs the pure protocol cores on a node's ports. {@link
 * untorn.safekeeper.node.TimelineHost} carries out an acceptor's effects on its timeline storage
 * in order (persist before send); {@link untorn.safekeeper.node.SafekeeperNode} is a safekeeper
 * process hosting many isolated timelines; {@link untorn.safekeeper.node.ProposerDriver} is the
 * walproposer a compute embeds, and {@link untorn.safekeeper.node.ProposerNode} the smallest compute
 * that drives it. No sockets here: the runtime (real server or simulator) delivers bytes.
 */
package untorn.safekeeper.node;
