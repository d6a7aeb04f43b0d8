/**
 * The simulator's foundation, shared by its runtime ({@code untorn.sim}), disk ({@code
 * untorn.sim.disk}), network ({@code untorn.sim.net}) and fault schedules ({@code
 * untorn.sim.fault}): the seeded random streams every choice is drawn from ({@link
 * untorn.sim.base.SimRandom}), the run's counters ({@link untorn.sim.base.Stat}, {@link
 * untorn.sim.base.Counters}), the module's bounds ({@link untorn.sim.base.SimLimits}) and the
 * signal that kills a simulated process in the middle of a handler ({@link
 * untorn.sim.base.SimulatedCrash}) and the two kinds of crash ({@link untorn.sim.base.CrashKind}:
 * a power loss or the death of the process alone).
 *
 * <p>Nothing here knows about nodes or events; it is the leaf every other package depends on, so
 * the packages above it never depend on each other in a cycle.
 */
package untorn.sim.base;
