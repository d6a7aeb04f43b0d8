package untorn.safekeeper.proposer;

import java.util.Comparator;
import java.util.Map;
import untorn.core.Invariants;
import untorn.core.types.NodeId;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.proto.VoteResponse;

/**
 * Donor chooses whose WAL a newly elected proposer continues: the most advanced voter, by last log
 * term (the term that wrote its last record) and then flush LSN, ties broken by name so that every
 * run picks the same. By leader completeness, that voter's log holds every committed entry: any
 * commit quorum intersects the vote quorum, and the committed WAL is the prefix of the log of the
 * highest last log term among them.
 */
public final class Donor {
  private Donor() {}

  static final Comparator<Map.Entry<NodeId, VoteResponse>> MOST_ADVANCED_LAST = Comparator
      .<Map.Entry<NodeId, VoteResponse>, untorn.core.types.Term>comparing(e -> e.getValue().history().lastTerm())
      .thenComparing(e -> e.getValue().flushLsn())
      .thenComparing(Map.Entry::getKey, Comparator.reverseOrder());

  /** The donor among {@code votes} (granted votes; histories are cut to each voter's flush LSN). */
  public static NodeId choose(Map<NodeId, VoteResponse> votes, Mutants mutants) {
    Invariants.check(!votes.isEmpty(), "a donor needs voters");
    if (mutants.has(Mutant.DONOR_NOT_MOST_ADVANCED)) {
      return votes.entrySet().stream().min(MOST_ADVANCED_LAST).orElseThrow().getKey();
    }
    return votes.entrySet().stream().max(MOST_ADVANCED_LAST).orElseThrow().getKey();
  }
}
