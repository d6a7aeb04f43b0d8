package untorn.core.io;

import java.util.List;

/**
 * FileSystem is a node's durable storage port, with POSIX durability semantics made explicit:
 *
 * <ul>
 *   <li>{@link FileHandle#write} changes only volatile state; a crash may lose it, or keep any
 *       subset of its 512-byte sectors (a torn write). {@link FileHandle#sync} makes the file's
 *       content durable when it returns normally.
 *   <li>{@link #create}, {@link #rename} and {@link #delete} change the directory; the change is
 *       durable only after {@link #syncDirectory} of the parent returns.
 *   <li>A failed sync leaves unknown content: see {@link StorageException.Kind#SYNC_FAILED}.
 * </ul>
 *
 * <p>Paths are relative, '/'-separated, without "." or ".." parts. The real implementation is
 * {@link NioFileSystem}; the simulator's disk implements the same port with faults.
 */
public interface FileSystem {
  /** Opens an existing file for reading and writing. */
  FileHandle open(String path) throws StorageException;

  /** Creates a new empty file; fails with ALREADY_EXISTS if there is one. */
  FileHandle create(String path) throws StorageException;

  boolean exists(String path) throws StorageException;

  /** Names (not paths) of the entries of a directory, sorted; empty if it does not exist. */
  List<String> list(String directory) throws StorageException;

  /** Atomically replaces {@code to} with {@code from}; durable after syncDirectory. */
  void rename(String from, String to) throws StorageException;

  /** Deletes a file; durable after syncDirectory. Deleting a missing file fails with NOT_FOUND. */
  void delete(String path) throws StorageException;

  /** Creates a directory and its missing parents, durably. */
  void createDirectories(String directory) throws StorageException;

  /** Makes the directory's entries (creates, renames, deletes) durable. */
  void syncDirectory(String directory) throws StorageException;

  /** The parent directory of a path ("" for a top-level name). */
  static String parentOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }

  /** Joins a directory and a name. */
  static String join(String directory, String name) {
    return directory.isEmpty() ? name : directory + "/" + name;
  }
}
