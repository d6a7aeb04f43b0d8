/**
 * The consensus torture suite: the safekeeper protocol (acceptors on simulated disks, walproposers
 * in competing computes) in the deterministic simulator under every fault class of DESIGN §6
 * within a minority budget, with the protocol's safety properties checked on real state after
 * every event, liveness checked after the heal, and the whole trace replayed through the local
 * trace rules. {@code ./untorn torture --suite consensus} runs it; {@code ./untorn replay --suite
 * consensus --seed S} reruns one seed with its trace tail.
 *
 * <p>Off by default, and why: rotted sectors, lost writes and misdirected writes can silently
 * remove WAL an acceptor acknowledged. Such a forgetful acceptor, with one more acceptor down,
 * lets a quorum form that lacks a committed entry, in any Paxos variant; detecting it needs a
 * persisted bound on the acknowledged flush LSN (an acceptor below its bound must not vote until
 * repaired), which is not built yet. A replaced disk is on: the safekeeper then hosts no timeline
 * (it never re-creates one after its first start), so it cannot vote with an empty log.
 */
package untorn.torture.consensus;
