/**
 * Checkers of the protocol's global properties, shared by the unit harness (safekeeper tests)
 * and the consensus torture suite (torture-tests): {@link untorn.safekeeper.check.ConsensusChecker}
 * (election safety, log safety on real WAL bytes, leader completeness, monotonic commits, commits
 * only on a majority) and {@link untorn.safekeeper.check.TraceRules} (a local replay of the trace
 * events against what each event implies, and the persist-then-trace-then-send order of acceptor
 * steps). The protocol never calls them; they live here so that both harnesses use one copy.
 */
package untorn.safekeeper.check;
