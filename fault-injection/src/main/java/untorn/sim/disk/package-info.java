/**
 * The simulated disk: one {@link untorn.sim.disk.SimDisk} per node, implementing the {@code
 * FileSystem} port with exactly the durability contract its javadoc states, and the disk faults of
 * DESIGN §6.
 *
 * <p>Each file (an {@link untorn.sim.disk.Inode}) has two copies of its bytes: the volatile copy
 * (what reads see: the page cache) and the durable copy (what survives a crash), plus the set of
 * 512-byte sectors written since the last sync. A sync copies those sectors across. A crash keeps
 * the durable copy and, for each unsynced sector, keeps its new content only with the configured
 * probability: zero loses all unsynced data, anything between zero and one tears writes at sector
 * granularity. The namespace is modelled the same way: creates, renames and deletes go to a
 * pending log that {@code syncDirectory} commits (with every earlier operation, as a journal
 * does); a crash keeps a random prefix of the rest, or none. That crash is a power loss; a
 * process kill leaves both the unsynced bytes and the pending directory operations as they are:
 * the next incarnation sees them, a later power loss may still drop them, a sync by the new
 * incarnation makes them durable (see {@link untorn.sim.disk.SimDisk}). A failed fsync leaves
 * each unsynced sector's durable content old or new at random and marks it clean, so a later
 * "successful" sync does not save it (PostgreSQL's fsyncgate). Lost, misdirected and failed
 * writes, read errors, rot, a full disk and a replaced disk complete the faults; every draw comes
 * from the disk's own seeded stream, so a run replays bit for bit.
 *
 * <p>The disk can also kill its node in the middle of a handler: armed with a countdown and a
 * crash kind, the n-th I/O operation applies part of its effect (some sectors of a write, some
 * dirty sectors of a sync) and throws {@code SimulatedCrash}.
 */
package untorn.sim.disk;
