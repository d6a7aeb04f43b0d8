/**
 * The safekeeper protocol's messages and their wire format. Messages are records in sealed
 * families by direction (proposer to acceptor, acceptor to proposer, acceptor to acceptor, and the
 * pageserver's persisted-LSN feedback); each validates its fields in its compact constructor.
 * {@link untorn.safekeeper.proto.MessageCodec} frames them with a length, a version and a CRC32C
 * and decodes defensively: any byte string either decodes to a valid message or yields a typed
 * {@link untorn.safekeeper.proto.MessageDecodeException}. WAL travels as stream bytes of whole
 * records, exactly as the compute encoded them.
 */
package untorn.safekeeper.proto;
