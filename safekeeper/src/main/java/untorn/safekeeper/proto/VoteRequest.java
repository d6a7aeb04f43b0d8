package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/** VoteRequest asks an acceptor to promise {@code term} (Paxos phase 1a). */
public record VoteRequest(TenantTimeline timeline, Term term) implements ProposerMessage {
  public VoteRequest {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    if (term.value() <= 0) {
      throw new IllegalArgumentException("a vote is requested for a term above 0, not " + term);
    }
  }
}
