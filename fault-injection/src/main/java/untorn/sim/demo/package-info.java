/**
 * Small protocols that exercise the simulator, for its tests, its benchmark and {@code untorn
 * sim}: {@link untorn.sim.demo.PingPong} (three nodes bouncing messages, the benchmark's load) and
 * a replicated counter ({@link untorn.sim.demo.CounterReplica}, {@link
 * untorn.sim.demo.CounterClient}, {@link untorn.sim.demo.CounterScenario}) with deliberately
 * unsafe {@link untorn.sim.demo.CounterVariant}s — acknowledge before fsync, never fsync, retry a
 * failed fsync, rename without a directory fsync, commit on a minority — each of which the
 * simulator must catch while the safe variant passes. They are examples, not part of the system.
 */
package untorn.sim.demo;
