package untorn.spec.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * SpecMutant names a deliberately broken variant of the specification (the {@code MUTANT}
 * constant of Safekeeper.tla switches exactly one guard or step). Each must be refuted by the
 * ordinary invariants; {@code refutedBy} is the property TLC's shortest counterexample breaks
 * on {@link #BOUNDS}, a model small enough to refute every mutant in seconds.
 */
public enum SpecMutant {
  VOTE_WITHOUT_PERSIST("vote-without-persist", "an acceptor grants a vote without persisting the term; after a crash it votes again",
      "ElectionSafety"),
  NO_TRUNCATE("no-truncate", "an acceptor adopts a new history without cutting its divergent WAL tail",
      "TermHistoryConsistency"),
  COMMIT_ON_MINORITY("commit-on-minority", "a proposer commits what a minority acknowledged",
      "CommittedNeverLost"),
  DONOR_NOT_MOST_ADVANCED("donor-not-most-advanced", "a proposer continues the least advanced voter's WAL",
      "LeaderCompleteness"),
  ACCEPT_STALE_TERM("accept-stale-term", "an acceptor takes and acknowledges WAL of its adopted term after promising a newer one",
      "LeaderCompleteness");

  /** The model the mutants are checked on in CI: 3 acceptors, 2 proposers, terms <= 2, 1 entry. */
  public static final Bounds BOUNDS = new Bounds(3, 2, 2, 1, 0);

  private final String cliName;
  private final String description;
  private final String refutedBy;

  SpecMutant(String cliName, String description, String refutedBy) {
    this.cliName = cliName;
    this.description = description;
    this.refutedBy = refutedBy;
  }

  /** The name on the command line and the value of the spec's MUTANT constant. */
  public String cliName() {
    return cliName;
  }

  public String description() {
    return description;
  }

  /** The invariant the shortest counterexample breaks. */
  public String refutedBy() {
    return refutedBy;
  }

  public static Optional<SpecMutant> parse(String name) {
    return Arrays.stream(values()).filter(m -> m.cliName.equals(name)).findFirst();
  }

  public static List<String> names() {
    return Arrays.stream(values()).map(SpecMutant::cliName).toList();
  }

  @Override
  public String toString() {
    return cliName;
  }
}
