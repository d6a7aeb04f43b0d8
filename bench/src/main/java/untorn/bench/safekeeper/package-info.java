/**
 * Benchmarks of the safekeeper's append path: the message codec, the pure acceptor step and the
 * whole step on in-memory storage, against raw CRC32C over the same bytes.
 */
package untorn.bench.safekeeper;
