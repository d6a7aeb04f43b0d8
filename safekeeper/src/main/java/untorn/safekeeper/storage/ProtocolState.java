package untorn.safekeeper.storage;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;

/**
 * ProtocolState is the part of an acceptor's control file that the protocol owns: the term it
 * promised, its term history, its commit LSN, the pageserver's persisted LSN and the proposer's
 * peer horizon. The WAL store owns the rest ({@link ControlState}).
 */
public record ProtocolState(Term term, TermHistory history, Lsn commitLsn, Lsn persistedLsn, Lsn peerHorizonLsn) {
  public static final ProtocolState INITIAL = new ProtocolState(Term.ZERO, TermHistory.EMPTY, Lsn.ZERO, Lsn.ZERO, Lsn.ZERO);

  public ProtocolState {
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(history, "history");
    Objects.requireNonNull(commitLsn, "commitLsn");
    Objects.requireNonNull(persistedLsn, "persistedLsn");
    Objects.requireNonNull(peerHorizonLsn, "peerHorizonLsn");
    if (history.lastTerm().isAfter(term)) {
      throw new IllegalArgumentException("history term " + history.lastTerm() + " above the promised term " + term);
    }
  }

  public ProtocolState withTerm(Term t) {
    return new ProtocolState(t, history, commitLsn, persistedLsn, peerHorizonLsn);
  }

  public ProtocolState withHistory(TermHistory h) {
    return new ProtocolState(term, h, commitLsn, persistedLsn, peerHorizonLsn);
  }

  public ProtocolState withCommit(Lsn commit, Lsn persisted, Lsn peerHorizon) {
    return new ProtocolState(term, history, commit, persisted, peerHorizon);
  }
}
