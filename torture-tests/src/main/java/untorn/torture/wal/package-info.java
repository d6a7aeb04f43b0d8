/**
 * The WAL torture suite: per seed, a random workload of page and message records is written
 * through {@code WalWriter} into small segment files, one random kind of damage is done to the
 * stored bytes, and the suite checks that the reader returns exactly the intact prefix with the
 * right stop reason, that recovery cuts the damaged tail and appends after it, and that redo of
 * the surviving page records is deterministic.
 */
package untorn.torture.wal;
