package untorn.safekeeper.proposer;

import untorn.core.types.Lsn;
import untorn.core.types.Term;
import untorn.safekeeper.proto.VoteResponse;

/** PeerProgress is what a proposer knows about one acceptor in the current election and term. */
final class PeerProgress {
  /** The acceptor's term from its greeting; null until it answered. */
  Term greetedTerm;
  /** Its granted vote for our term, or null. */
  VoteResponse vote;
  /** Where its WAL diverges from ours (sent in its elected message); null before. */
  Lsn startStreamingAt;
  /** It answered in our term after adopting our history: its flush reports count. */
  boolean adopted;
  Lsn ackedFlushLsn = Lsn.ZERO;
  Lsn nextSendLsn = Lsn.ZERO;
  long lastSendTick;
  long lastProgressTick;
  long lastRequestTick;
  /** It said it no longer holds the timeline: none of its flush reports count in this term again. */
  boolean lost;
  /** Its WAL end is below what we hold: only peer recovery can bring it up. */
  boolean needsPeerRecovery;

  long inFlightBytes() {
    return nextSendLsn.isAfter(ackedFlushLsn) ? nextSendLsn.minus(ackedFlushLsn) : 0;
  }
}
