/**
 * The simulated network between a simulation's nodes: one {@link untorn.sim.net.SimNetwork}
 * holding, for every ordered pair of nodes, a link with a connection epoch (a reset bumps it and
 * kills what is in flight), a FIFO horizon (messages arrive in send order unless the reorder fault
 * lets one overtake) and a blocked flag (partitions, which may be one-way). Per message it draws
 * the latency (uniform plus an occasional long tail), drop, duplicate, reorder and corruption
 * faults from its seeded stream; faults apply only on links that touch a node of the fault
 * targets, so a test's client or oracle can keep a clean network.
 */
package untorn.sim.net;
