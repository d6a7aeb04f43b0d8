/**
 * Observability: {@link untorn.pageserver.metrics.PageserverMetrics} registers a timeline's
 * Micrometer meters (reconstruct cost and time, delta-chain lengths, hottest pages, images per
 * policy and shard, ingest lag, corrupt and rebuilt layers) and keeps exact {@link
 * untorn.pageserver.metrics.Histogram}s beside them, from which {@link
 * untorn.pageserver.metrics.PageserverSummary} prints the figures the torture and bench reports
 * quote.
 */
package untorn.pageserver.metrics;
