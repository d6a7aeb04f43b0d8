package untorn.pageserver;

/**
 * PageserverException is a request the pageserver cannot serve, typed by {@link Kind} so callers
 * (a compute, the torture checkers) can react precisely. It is never a silent wrong answer: when
 * data is missing, damaged or not yet ingested, this is what the caller gets.
 */
public class PageserverException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** GetPage at an LSN ingest has not reached (the non-waiting form). */
    NOT_YET_INGESTED,
    /** Waited the bounded time for ingest to reach the LSN; it did not. */
    WAIT_TIMEOUT,
    /** Too many requests already wait for ingest. */
    TOO_MANY_WAITERS,
    /** The LSN is below the timeline's garbage-collection cutoff: its versions may be gone. */
    BELOW_GC_CUTOFF,
    /** The page has no version at or below the LSN (it was never written). */
    NO_DATA,
    /** A layer file failed a checksum or format check; the data it held is fenced until rebuilt. */
    LAYER_CORRUPT,
    /** Redo of the page's chain failed: the chain and the page disagree. */
    REDO_FAILED,
    /** The committed WAL stream handed to ingest is damaged. */
    WAL_CORRUPT,
    /** WAL bytes did not continue the stream where ingest expected them. */
    WAL_GAP,
    /** Ingest is too far ahead of flushing; the sender must slow down. */
    BACKPRESSURE,
    /** WAL needed for a rebuild is no longer held by its provider. */
    WAL_UNAVAILABLE,
    UNKNOWN_TIMELINE,
    TIMELINE_EXISTS,
    /** A branch point outside the ancestor's readable, ingested range. */
    INVALID_BRANCH_POINT,
    /** The timeline's metadata file is damaged. */
    METADATA_CORRUPT,
    /** Storage failed after an fsync error: the timeline stopped and must be reloaded. */
    BROKEN,
    /** A storage operation failed (full disk, I/O error). */
    STORAGE
  }

  private final Kind kind;

  public PageserverException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public PageserverException(Kind kind, String message, Throwable cause) {
    super(kind + ": " + message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
