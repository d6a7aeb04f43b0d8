/**
 * Torture suites and their runner. A {@link untorn.torture.TortureSuite} runs one deterministic
 * scenario per seed (a simulated cluster under faults, a damaged WAL, ...) and reports what it
 * checked and any {@link untorn.torture.Violation}; {@link untorn.torture.TortureRunner} runs many
 * seeds, in parallel when asked, and aggregates a {@link untorn.torture.TortureSummary} in seed
 * order, so the summary of a run is the same whatever the parallelism. Every violation carries
 * the command that replays its seed.
 */
package untorn.torture;
