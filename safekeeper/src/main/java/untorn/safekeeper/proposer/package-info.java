/**
 * The proposer (walproposer) a compute embeds, as a pure state machine: greeting, term choice,
 * votes, donor choice ({@link untorn.safekeeper.proposer.Donor}), term history, per-acceptor
 * divergence points, recovery of missing WAL from the donor, streaming with bounded in-flight
 * bytes per acceptor, and the commit LSN by the quorum rule with the figure-8 restriction
 * ({@link untorn.safekeeper.proposer.QuorumCommit}). One object is one attempt to lead; a defeated
 * proposer is replaced by a new one with a higher term.
 */
package untorn.safekeeper.proposer;
