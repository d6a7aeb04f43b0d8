package untorn.safekeeper;

import java.util.Arrays;
import java.util.Locale;

/**
 * Mutant names one deliberately broken variant of the safekeeper protocol: a negative control
 * that the torture suite and the tests must catch. Each mutant reintroduces a bug that real
 * consensus implementations shipped. They are off unless a {@link Mutants} set names them, and
 * each is one isolated branch in the code it breaks (search for its constant).
 */
public enum Mutant {
  /** The acceptor grants a vote without persisting the new term: after a crash it votes again. */
  VOTE_WITHOUT_PERSIST("vote-without-persist"),
  /** The acceptor adopts a new term history without cutting its divergent WAL tail. */
  NO_TRUNCATE("no-truncate"),
  /** The proposer advances the commit LSN once a minority (not a majority) has flushed. */
  COMMIT_ON_MINORITY("commit-on-minority"),
  /** The proposer takes the least advanced voter, not the most advanced, as its donor. */
  DONOR_NOT_MOST_ADVANCED("donor-not-most-advanced"),
  /** The acceptor accepts WAL from a proposer whose term is below the term it promised. */
  ACCEPT_STALE_TERM("accept-stale-term"),
  /** The acceptor acknowledges a flush without having fsynced the WAL. */
  ACK_BEFORE_FSYNC("ack-before-fsync"),
  /** The control file is renamed into place without an fsync of its directory. */
  SKIP_DIR_FSYNC("skip-dir-fsync"),
  /**
   * A restart acts on the WAL and control file it finds without making them durable first: after
   * a process kill the page cache shows writes and a rename that never were, and a later power
   * loss takes back the flush LSN or the term the restarted acceptor reported.
   */
  SKIP_RESTART_SYNC("skip-restart-sync"),
  /**
   * A restart fsyncs the WAL it finds but does not write it again first: after a halt on a failed
   * fsync (a process exit, so the page cache survives) the pages that fsync failed to write are
   * clean, the restart's fsync skips them, and a later power loss takes back WAL the restarted
   * acceptor reported as flushed (fsyncgate across a restart).
   */
  TRUST_PAGE_CACHE("trust-page-cache"),
  /**
   * The acceptor removes WAL up to its commit LSN and the peer horizon, ignoring what the pageserver
   * reported as persisted: WAL the pageserver has not ingested into its layer files yet is gone
   * from the acceptor's disk (from every acceptor's, once they all do it).
   */
  REMOVE_ABOVE_PERSISTED("remove-above-persisted"),
  /**
   * The proposer's peer horizon counts only the acceptors that joined its term: one that is down,
   * cut off or still voting does not hold it back, so its peers remove WAL it still needs to catch
   * up (WAL removal no longer waits for every acceptor).
   */
  HORIZON_WITHOUT_LAGGARDS("horizon-without-laggards");

  private final String cliName;

  Mutant(String cliName) {
    this.cliName = cliName;
  }

  /** The name used on the command line ({@code --mutant NAME}) and in the spec's mutants. */
  public String cliName() {
    return cliName;
  }

  /** The mutant named {@code name} (its CLI name, or its constant name in any case). */
  public static Mutant parse(String name) {
    for (Mutant m : values()) {
      if (m.cliName.equals(name) || m.name().equalsIgnoreCase(name.replace('-', '_'))) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown mutant '" + name + "'; known: "
        + Arrays.stream(values()).map(Mutant::cliName).toList().toString().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
