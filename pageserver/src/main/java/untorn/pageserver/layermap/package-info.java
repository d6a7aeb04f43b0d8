/**
 * The layer map: which layers a timeline has, published as immutable {@link
 * untorn.pageserver.layermap.LayerMap.Snapshot}s so readers never lock. Writers (ingest's freeze,
 * flush, image workers, compaction, GC, rebuild) serialize on one lock and publish a new snapshot
 * atomically: a reader sees a set of layers that existed at one instant. Readers pin the snapshot
 * they use; a removed layer's file is closed and deleted only once no pinned snapshot can reach
 * it (a grace period in the style of RCU), so GC never pulls a file from under a read.
 */
package untorn.pageserver.layermap;
