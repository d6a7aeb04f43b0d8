package untorn.pageserver.image;

import untorn.core.types.Lsn;
import untorn.core.types.PageKey;

/**
 * ImageTask asks a worker to materialize page {@code key} at {@code lsn} (its latest LSN when the
 * task was taken). {@code takenAtDelta} is the page's delta count then: deltas after it stay in
 * the chain once the image is installed.
 */
public record ImageTask(PageKey key, Lsn lsn, int shard, long takenAtDelta, long queuedAtDelta) {}
