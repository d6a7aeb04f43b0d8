/**
 * Layers hold versions for a key range and an LSN range. The open {@link
 * untorn.pageserver.layer.InMemoryLayer} takes ingest's deltas (one writer, many lock-free
 * readers); once frozen it is written by {@link untorn.pageserver.layer.LayerFileWriter} to an
 * immutable, checksummed file read through {@link untorn.pageserver.layer.PersistentLayer}.
 * Delta layers hold WAL-derived deltas (level 0 when flushed, level 1 after compaction); image
 * layers hold generated page images. A file that fails a check is never served: its region of the
 * key and LSN space is fenced by a {@link untorn.pageserver.layer.QuarantinedLayer} until it is
 * rebuilt from WAL.
 */
package untorn.pageserver.layer;
