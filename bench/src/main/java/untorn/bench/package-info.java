/**
 * JMH benchmarks. Each benchmark that moves bytes processes a fixed batch per operation (see its
 * {@code BATCH_BYTES}), so throughput in MB/s is operations/s times the batch size; {@code untorn
 * bench} prints both. Results are figures for notes and READMEs, never assertions in tests.
 */
package untorn.bench;
