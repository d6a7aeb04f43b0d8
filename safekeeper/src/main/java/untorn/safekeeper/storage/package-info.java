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
 */
package untorn.safekeeper.storage;
