/**
 * The deterministic simulator's runtime: {@link untorn.sim.Simulation} runs {@code
 * untorn.core.io.Node}s on one thread in virtual time, implementing their ports ({@link
 * untorn.core.io.NodeContext}: clock, transport, timers, file system, random) over a simulated
 * network ({@code untorn.sim.net}) and one simulated disk per node ({@code untorn.sim.disk}), and
 * executes a fault schedule ({@code untorn.sim.fault}).
 *
 * <p>Determinism is the design's spine. There is one thread and no real time; events leave the
 * queue by (virtual time, insertion number); every random choice comes from a stream derived from
 * the seed by purpose ({@code untorn.sim.base.SimRandom}); nothing iterates a hash-ordered
 * collection of identity-hashed objects. So a seed and a schedule replay the run bit for bit, which
 * the 64-bit trace hash (folded over every delivered event) makes checkable, across JVMs too.
 *
 * <p>A node dies in three ways: a scheduled crash between events; a crash armed at its n-th I/O
 * operation, which fires inside a handler with that operation partly done (the place where
 * "crash between write and fsync" bugs live); or its own storage error escaping a handler (a
 * panic). A scheduled crash is a power loss or a process kill ({@code untorn.sim.base.CrashKind}):
 * after a power loss its disk keeps only what was durable (plus what the crash model lets
 * through), after a process kill the page cache survives and the next incarnation still sees
 * every unsynced write and undurable rename, which a later power loss can take back. A panic is a
 * process exit, so by default a process kill (a power loss if the simulation is built so). In
 * each case its connections reset, its timers die, and the next incarnation is a new object from
 * the factory that must rebuild itself from disk. Global invariants registered by the suites run
 * after every delivered event.
 */
package untorn.sim;
