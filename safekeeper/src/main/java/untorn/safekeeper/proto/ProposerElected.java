package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;

/**
 * ProposerElected tells a voter that the proposer of {@code term} won (DESIGN §5 step 3): its
 * history is its donor's plus its own term, and {@code startStreamingAt} is where it computed the
 * voter's WAL diverges (at or below the term start, unless the acceptor already holds WAL of this
 * term, relayed by a peer). The acceptor recomputes that point itself, truncates there, adopts the
 * history, and only then accepts the proposer's appends.
 */
public record ProposerElected(TenantTimeline timeline, Term term, Lsn startStreamingAt, TermHistory history)
    implements ProposerMessage {
  public ProposerElected {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(startStreamingAt, "startStreamingAt");
    Objects.requireNonNull(history, "history");
    if (history.isEmpty() || !history.lastTerm().equals(term)) {
      throw new IllegalArgumentException("an elected proposer's history must end with its term " + term + ": " + history);
    }
  }
}
