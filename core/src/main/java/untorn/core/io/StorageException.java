package untorn.core.io;

import java.io.IOException;

/**
 * StorageException is a failed storage operation, typed by {@link Kind} so callers can react
 * precisely (a full disk is not a failed fsync).
 */
public class StorageException extends IOException {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    NOT_FOUND,
    ALREADY_EXISTS,
    /** No space left: the write did not happen; nothing already stored is affected. */
    DISK_FULL,
    /** A read or write failed; for a write, the range's content is unknown. */
    IO_ERROR,
    /**
     * fsync failed. Every write since the last successful sync of this file now has unknown
     * content (it may be partly on disk, or the kernel may have dropped it). Never retry and
     * assume success (PostgreSQL's "fsyncgate"): treat it as a crash.
     */
    SYNC_FAILED,
    /** Stored bytes failed a checksum or a format check. */
    CORRUPT,
    CLOSED
  }

  private final Kind kind;
  private final String path;

  public StorageException(Kind kind, String path, String message) {
    super(kind + " " + path + ": " + message);
    this.kind = kind;
    this.path = path;
  }

  public StorageException(Kind kind, String path, String message, Throwable cause) {
    super(kind + " " + path + ": " + message, cause);
    this.kind = kind;
    this.path = path;
  }

  public Kind kind() {
    return kind;
  }

  public String path() {
    return path;
  }
}
