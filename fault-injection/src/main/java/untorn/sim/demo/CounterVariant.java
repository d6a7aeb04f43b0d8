package untorn.sim.demo;

/**
 * CounterVariant is how the toy replicated counter persists and commits: the safe way, or with
 * one classic durability or quorum bug that the simulator must catch.
 */
public enum CounterVariant {
  /**
   * Write in place, fsync, then acknowledge; a failed fsync stops the process; a restart fsyncs
   * the value it read before acting on it. Correct.
   */
  SAFE("write, fsync, then ack; a restart fsyncs what it read"),
  /** Acknowledge, then write and fsync: a crash between the ack and the fsync loses an acked value. */
  ACK_BEFORE_SYNC("ack, then write and fsync"),
  /** Write and acknowledge without ever syncing. */
  NO_SYNC("write and ack, never fsync"),
  /** Retry a failed fsync and acknowledge when the retry "succeeds" (fsyncgate). */
  RETRY_FAILED_FSYNC("on a failed fsync, retry it and ack"),
  /** Write a temporary file, fsync it, rename it over the old one, but never fsync the directory. */
  RENAME_WITHOUT_DIRECTORY_SYNC("write+fsync a temp file, rename it, no directory fsync"),
  /**
   * A restart acts on the value it reads without fsyncing it: after a process kill the page cache
   * can show a value that was never made durable; acknowledging it (a client's resend) promises
   * what a later power loss takes back. Only a kill followed by a power loss shows it.
   */
  RESTART_WITHOUT_SYNC("a restart acks the value it reads without fsyncing it"),
  /** The client counts a value committed after one acknowledgement instead of a majority. */
  COMMIT_ON_MINORITY("client commits on one ack");

  private final String description;

  CounterVariant(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
