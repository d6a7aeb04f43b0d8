/**
 * A timeline and its runtime around the pure parts: {@link untorn.pageserver.timeline.Timeline}
 * (ingest into the open layer, GetPage with bounded waits, scheduling of background work), the
 * background work itself ({@code Flusher}, {@code ImageWorker}, and the serialized maintenance
 * pass: quarantine, {@code Rebuilder}, {@code Compactor}, {@code GarbageCollector}), durable
 * state ({@link untorn.pageserver.timeline.TimelineMetadata}, layer files through {@code
 * LayerStore}), loading after a restart ({@code TimelineLoader}) and the {@link
 * untorn.pageserver.timeline.Tenant} that owns timelines and branches. Everything runs on the
 * ports of {@link untorn.pageserver.timeline.PageserverEnv}: a {@code FileSystem}, a {@link
 * untorn.pageserver.timeline.BackgroundExecutor} (deterministic in tests and the simulator,
 * threads in production), a metrics registry and a clock; WAL for rebuilds comes through a
 * {@link untorn.pageserver.timeline.WalProvider}.
 */
package untorn.pageserver.timeline;
