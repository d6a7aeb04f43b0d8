/**
 * An acceptor's durable state, per timeline: a control file (term, term history, commit LSN,
 * persisted LSN, peer horizon, where the kept WAL starts) replaced crash-atomically by write-new,
 * fsync, rename, fsync-directory; and the WAL in segment files through {@code core}'s segmented WAL.
 * The flush LSN is never stored: a restart finds it as the end of valid WAL and durably cuts the
 * torn tail after it. Truncation is made crash-atomic by ordering, not by an intent record: the WAL
 * is durably cut before the new term history is durably adopted, so a crash in between leaves the
 * old history over a prefix of the old WAL, which is consistent; and since every restart cuts
 * everything after the end of valid WAL, a partly done cut (a segment deletion a crash undid)
 * cannot surface later as valid WAL under a new history.
 *
 * <p>A failed fsync halts the node, and a halt is a process exit: the page cache survives, with the
 * pages the fsync failed to write marked clean (Linux, fsyncgate), so they look like data and no
 * later fsync writes them. A restart therefore acts only on what it has made durable itself. The
 * control file: a renamed one was fsynced as a fresh temporary file before its rename (a failed
 * fsync stops before the rename; the restart deletes the temporary file), and the restart fsyncs
 * the directory before using it. The WAL: below the durable commit LSN it was covered by a
 * successful fsync before that commit LSN was persisted, and is never written again; above it, the
 * restart reads it, writes it again unchanged and fsyncs it before it reports its end as the
 * flush LSN ({@link untorn.safekeeper.storage.TimelineWal#recover}); if that fsync fails the node
 * halts again. Residual risks: a failed write-back of the sector that straddles the commit LSN
 * could, on real hardware, damage the committed bytes in it rather than leave old or new content;
 * the restart then finds the WAL ending below its commit LSN and refuses the timeline (detected,
 * not silent). And the rule trusts that the file system does not forget a failed metadata
 * operation the way it forgets failed data pages: journaling file systems abort the journal, so
 * the restart's directory fsync fails and the node halts again. PostgreSQL PANICs on a failed
 * fsync too (on WAL always, on data files since its 2019 releases) and relies on crash recovery,
 * which redoes and so dirties the data pages again; the WAL it reads back is, as far as we know,
 * not written again, a milder exposure there, since that WAL was never acknowledged to a client,
 * while a safekeeper's flush LSN counts toward a commit.
 */
package untorn.safekeeper.storage;
