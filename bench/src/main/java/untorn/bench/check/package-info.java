/**
 * Benchmarks of the history checkers: generated histories of 1k, 10k and 100k events, directories
 * of real histories, and an etcd-like directory shaped like Porcupine's 102 Jepsen etcd histories
 * (the speed anchor of issue 12). Each measurement reports histories per second, events per
 * second and the slowest single history; {@code untorn bench check} prints them.
 */
package untorn.bench.check;
