package untorn.core.wal;

import untorn.core.io.StorageException;

/**
 * WalSource gives random access to the bytes of a WAL stream by stream position. It may hold a
 * window of the stream (from some start) and may grow as WAL arrives.
 */
public interface WalSource {
  /**
   * Copies up to {@code length} stream bytes starting at {@code position}; returns how many
   * were available (fewer only where the source's data ends).
   */
  int read(long position, byte[] destination, int offset, int length) throws StorageException;
}
