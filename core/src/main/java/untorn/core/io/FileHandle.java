package untorn.core.io;

import java.io.Closeable;

/**
 * FileHandle reads and writes one file at byte offsets. See {@link FileSystem} for what is
 * durable when.
 */
public interface FileHandle extends Closeable {
  String path();

  long sizeBytes() throws StorageException;

  /**
   * Reads up to {@code length} bytes at {@code offsetBytes}; returns how many were read, fewer
   * only at the end of the file (0 at or past it).
   */
  int read(long offsetBytes, byte[] destination, int destinationOffset, int length) throws StorageException;

  /** Writes bytes at an offset, growing the file (with zeros) if needed. Volatile until sync. */
  void write(long offsetBytes, byte[] source, int sourceOffset, int length) throws StorageException;

  /** Sets the file's size, cutting or zero-extending it. Volatile until sync. */
  void truncate(long sizeBytes) throws StorageException;

  /** Makes everything written to this file durable, or throws SYNC_FAILED. */
  void sync() throws StorageException;

  /** Reads exactly {@code length} bytes or throws CORRUPT naming what was short. */
  default void readFully(long offsetBytes, byte[] destination, int destinationOffset, int length)
      throws StorageException {
    int n = read(offsetBytes, destination, destinationOffset, length);
    if (n != length) {
      throw new StorageException(
          StorageException.Kind.CORRUPT, path(), "short read at " + offsetBytes + ": " + n + " of " + length + " bytes");
    }
  }

  default void write(long offsetBytes, byte[] source) throws StorageException {
    write(offsetBytes, source, 0, source.length);
  }

  @Override
  void close() throws StorageException;
}
