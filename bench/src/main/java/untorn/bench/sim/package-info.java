/**
 * JMH benchmarks of the deterministic simulator ({@code untorn.sim}): simulated events per second
 * of wall time, for a three-node ping-pong without faults and with every fault class on. The
 * figure bounds how many seeds a torture suite can run in CI minutes.
 */
package untorn.bench.sim;
