package untorn.safekeeper.node;

/**
 * SafekeeperHalt stops a safekeeper process: its storage failed in a way after which no answer
 * can be trusted. A failed fsync leaves the data's fate unknown (never retry and assume success);
 * an I/O error in the middle of a write leaves the range unknown. The only safe continuation is a
 * crash and a restart that rebuilds everything from disk, so this is an {@link Error}: nothing in
 * the node catches it, and the runtime (real or simulated) treats it as the process dying. The
 * process dies, not the machine: the page cache still shows what the failed fsync did not write,
 * marked clean, so the restart writes the WAL it cannot know durable again before it fsyncs and
 * reports it ({@code TimelineWal#recover}), as PostgreSQL's crash recovery after its fsync PANIC
 * rewrites the data pages it replays.
 */
public final class SafekeeperHalt extends Error {
  private static final long serialVersionUID = 1L;

  public SafekeeperHalt(String message, Throwable cause) {
    super(message, cause);
  }
}
