/**
 * Image generation, pure: {@link untorn.pageserver.image.ImagePolicy} says when a page deserves
 * a materialized image (delta threshold, checkpoint-style passes, never) and {@link
 * untorn.pageserver.image.ImageScheduler} keeps the per-page bookkeeping (deltas since the last
 * image, latest LSN) and K bounded, de-duplicated FIFO queues, one per shard of the key space.
 * A page is queued at most once, so a hot page cannot crowd out others; a request refused by a
 * full queue is retried at the page's next delta. Workers (run by the timeline's executor) take
 * batches, materialize the images and report them back.
 */
package untorn.pageserver.image;
