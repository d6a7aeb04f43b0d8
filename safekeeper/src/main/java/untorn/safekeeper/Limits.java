package untorn.safekeeper;

import untorn.core.Invariants;
import untorn.core.io.Transport;
import untorn.core.wal.WalFormat;

/**
 * Limits holds every bound of the safekeeper protocol and its storage, with the relations between
 * them checked once when the class loads. A message or file that claims more than a bound here is
 * rejected as malformed before anything is allocated for it.
 */
public final class Limits {
  private Limits() {}

  /** Acceptors of one timeline (the Paxos group). 3 and 5 are the usual sizes. */
  public static final int ACCEPTORS_MAX = 9;

  /**
   * Entries of a term history. It grows by one entry per elected proposer; 65,536 elections of
   * one timeline is far beyond any real lifetime, and 24 bytes an entry keeps it at 1.5 MiB.
   */
  public static final int TERM_HISTORY_ENTRIES_MAX = 1 << 16;

  /** Encoded bytes of one term history entry: term, start LSN, prev-link at the start. */
  public static final int TERM_SWITCH_BYTES = 24;

  /**
   * The largest stream extent of one WAL record: the record itself, a page header on every page
   * it touches (one more than the pages its bytes fill), and alignment padding.
   */
  public static final int WAL_RECORD_EXTENT_BYTES_MAX = untorn.core.Limits.WAL_RECORD_BYTES_MAX
      + (untorn.core.Limits.WAL_RECORD_BYTES_MAX / (untorn.core.Limits.WAL_PAGE_SIZE_BYTES - WalFormat.PAGE_HEADER_BYTES) + 2)
          * WalFormat.PAGE_HEADER_BYTES
      + untorn.core.Limits.WAL_ALIGN_BYTES;

  /** WAL bytes a proposer aims to put in one append request (whole records, so may be less). */
  public static final int APPEND_BYTES_TARGET = 128 << 10;

  /** WAL bytes one message may carry: enough for the largest single record. */
  public static final int MESSAGE_WAL_BYTES_MAX = WAL_RECORD_EXTENT_BYTES_MAX;

  /** Free-text detail of a rejection, in bytes of UTF-8. */
  public static final int REJECT_DETAIL_BYTES_MAX = 1024;

  /** Fixed part of the largest message apart from its WAL bytes and term history. */
  public static final int MESSAGE_FIXED_BYTES_MAX = 256;

  /** Largest encoded message: fixed fields, a full term history and a full WAL payload. */
  public static final int MESSAGE_BYTES_MAX =
      MESSAGE_FIXED_BYTES_MAX + TERM_HISTORY_ENTRIES_MAX * TERM_SWITCH_BYTES + MESSAGE_WAL_BYTES_MAX;

  /** WAL bytes sent to one acceptor and not yet acknowledged (flow control). */
  public static final int PROPOSER_IN_FLIGHT_BYTES_MAX = 4 << 20;

  /** WAL bytes a proposer keeps for acceptors that have not flushed them yet. */
  public static final long PROPOSER_WINDOW_BYTES_MAX = 64L << 20;

  /**
   * How far behind the WAL end an acceptor may fall and still hold WAL in the proposer's window;
   * one further behind catches up from its peers. Below the window bound, so a silent acceptor
   * cannot fill the window and stop the compute.
   */
  public static final long PROPOSER_LAGGARD_BYTES_MAX = PROPOSER_WINDOW_BYTES_MAX / 2;

  /** WAL bytes one peer-recovery or donor-recovery reply carries (whole records, so may be less). */
  public static final int RECOVERY_CHUNK_BYTES = 256 << 10;

  /**
   * WAL bytes a restart reads and writes back at a time when it makes the WAL above its commit LSN
   * durable again (after a failed fsync the page cache may hold it without the disk).
   */
  public static final int RESTART_REWRITE_CHUNK_BYTES = 256 << 10;

  /** Timelines one safekeeper process hosts. */
  public static final int TIMELINES_PER_NODE_MAX = 4096;

  /** Size of a control file holding a full term history. */
  public static final int CONTROL_FILE_BYTES_MAX = 128 + TERM_HISTORY_ENTRIES_MAX * TERM_SWITCH_BYTES;

  static {
    Invariants.check(ACCEPTORS_MAX >= 1 && ACCEPTORS_MAX % 2 == 1, "the acceptor bound must be odd");
    Invariants.check(MESSAGE_BYTES_MAX <= Transport.MAX_MESSAGE_BYTES,
        "the largest message (%d bytes) must fit the transport's limit (%d)", MESSAGE_BYTES_MAX, Transport.MAX_MESSAGE_BYTES);
    Invariants.check(APPEND_BYTES_TARGET <= MESSAGE_WAL_BYTES_MAX, "the append target must fit a message");
    Invariants.check(RECOVERY_CHUNK_BYTES <= MESSAGE_WAL_BYTES_MAX, "a recovery chunk must fit a message");
    // A proposer must always be able to send at least the largest record to an acceptor.
    Invariants.check(PROPOSER_IN_FLIGHT_BYTES_MAX >= MESSAGE_WAL_BYTES_MAX, "in-flight bound below one record");
    Invariants.check(PROPOSER_WINDOW_BYTES_MAX >= 2L * PROPOSER_IN_FLIGHT_BYTES_MAX, "window smaller than in-flight data");
    // A laggard is let go before the window fills, and never for data merely in flight to it.
    Invariants.check(PROPOSER_LAGGARD_BYTES_MAX + WAL_RECORD_EXTENT_BYTES_MAX < PROPOSER_WINDOW_BYTES_MAX
        && PROPOSER_LAGGARD_BYTES_MAX >= 2L * PROPOSER_IN_FLIGHT_BYTES_MAX, "laggard bound");
    Invariants.check(CONTROL_FILE_BYTES_MAX >= 96 + TERM_HISTORY_ENTRIES_MAX * TERM_SWITCH_BYTES, "control file bound");
  }
}
