/**
 * Fault schedules: what goes wrong, when, and how much may go wrong at once.
 *
 * <p>A {@link untorn.sim.fault.FaultSchedule} is a {@link untorn.sim.fault.FaultPlan} (the
 * per-class intensities as {@link untorn.sim.fault.Knob}s of a {@link
 * untorn.sim.fault.FaultProfile}, named node groups, which group each fault category may hit,
 * and the budget) plus a time-ordered list of {@link untorn.sim.fault.FaultEvent}s: crashes
 * (between events or armed at the n-th I/O operation of a handler; each a power loss or a process
 * kill, which spares the page cache), restarts, pauses, partitions of several shapes, heals,
 * connection resets, clock skews and jumps, rot, full disks and replaced disks. Per-operation
 * faults (a dropped message, a failed fsync) are not events: they are drawn during the run from
 * the profile's probabilities and the seed.
 *
 * <p>{@link untorn.sim.fault.ScheduleGenerator} draws a schedule from a seed (Poisson arrivals
 * per class) while a {@link untorn.sim.fault.BudgetTracker} keeps it inside the budget, so that
 * a safety failure under it is a real failure. {@link untorn.sim.fault.ScheduleText} saves and
 * loads schedules as text, for hand-written regression cases; {@link
 * untorn.sim.fault.ScheduleShrinker} minimizes a failing one by delta debugging. Nothing here
 * runs a simulation: the runtime in {@code untorn.sim} executes schedules.
 */
package untorn.sim.fault;
