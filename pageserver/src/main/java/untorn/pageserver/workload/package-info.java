/**
 * Synthetic WAL for tests and benchmarks: {@link untorn.pageserver.workload.SyntheticWal}
 * generates valid heap-page histories (inits, inserts, updates, deletes, multi-page records,
 * commits, with or without full-page writes, with a tunable hot set) from a seed, keeping a model
 * of every page so each record redoes cleanly.
 */
package untorn.pageserver.workload;
