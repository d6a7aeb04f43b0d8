/**
 * The pageserver turns committed WAL into page versions and serves any page at any LSN.
 *
 * <p>Ingest ({@link untorn.pageserver.ingest}) decodes the WAL stream into versions keyed by
 * (page, LSN): a delta (the record's block) or an image. Versions go to an open in-memory layer
 * ({@link untorn.pageserver.layer}); once it passes a size it is frozen and flushed to an
 * immutable, checksummed delta layer file. The layer map ({@link untorn.pageserver.layermap})
 * publishes immutable snapshots of the set of layers, so readers never lock while ingest and
 * background work change it. {@code GetPage(key, lsn)} ({@link untorn.pageserver.reconstruct})
 * takes the newest image or chain-starting record at or below the LSN and replays the deltas above
 * it with {@code core}'s redo. Because compute runs with full-page writes off, the pageserver
 * materializes images itself ({@link untorn.pageserver.image}): the delta-threshold policy bounds
 * every page's chain. Compaction and garbage collection ({@link untorn.pageserver.maintenance})
 * keep the number of layers and versions in check; a {@link untorn.pageserver.timeline.Timeline}
 * ties everything together and runs background work through an executor port, so tests drive it
 * step by step and production runs it on threads.
 */
package untorn.pageserver;
