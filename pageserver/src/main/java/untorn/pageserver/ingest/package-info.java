/**
 * WAL ingest, pure: {@link untorn.pageserver.ingest.WalIngest} takes committed WAL as stream
 * bytes (in any chunking, as the safekeepers deliver it), decodes whole records with {@code
 * core}'s {@code WalReader} over a growing in-memory window, and turns each record's block
 * references into versions keyed by (page, record end LSN). It tracks {@code last_record_lsn}
 * and the prev-link, does no I/O and starts no thread: the timeline (or a simulator) feeds it and
 * applies what it returns.
 */
package untorn.pageserver.ingest;
