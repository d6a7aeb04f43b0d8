package untorn.safekeeper.proposer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;

/**
 * QuorumCommit computes a proposer's commit LSN (DESIGN §5): the {@code quorum}-th highest flush
 * LSN among the acceptors that adopted the proposer's history, counting an acceptor only once its
 * flush LSN reached the term start. WAL of earlier terms thus commits only together with the
 * current term's start (Raft's figure 8): an old-term entry a majority happens to hold is not
 * committed by that alone, because a later proposer may legitimately cut it.
 */
public final class QuorumCommit {
  private QuorumCommit() {}

  /** The commit LSN and the acceptors whose flush LSNs reach it, or null if no quorum qualifies. */
  public record Result(Lsn commitLsn, List<NodeId> quorum) {}

  public static Result compute(Map<NodeId, Lsn> adoptedFlushLsns, Lsn termStartLsn, int quorum) {
    Invariants.check(quorum >= 1, "quorum %d", quorum);
    List<Map.Entry<NodeId, Lsn>> eligible = new ArrayList<>();
    for (Map.Entry<NodeId, Lsn> e : adoptedFlushLsns.entrySet()) {
      if (e.getValue().atLeast(termStartLsn)) {
        eligible.add(e);
      }
    }
    if (eligible.size() < quorum) {
      return null;
    }
    eligible.sort(Map.Entry.<NodeId, Lsn>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
    List<NodeId> members = new ArrayList<>(quorum);
    for (int i = 0; i < quorum; i++) {
      members.add(eligible.get(i).getKey());
    }
    return new Result(eligible.get(quorum - 1).getValue(), members);
  }
}
