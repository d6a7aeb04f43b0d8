package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.TenantTimeline;

/**
 * Greeting opens an election: the proposer asks an acceptor for its term (DESIGN §5 step 1).
 * {@code nonce} names the proposer incarnation; the answer echoes it, so that an answer to an
 * earlier incarnation's greeting (its connection is gone) is never counted.
 */
public record Greeting(TenantTimeline timeline, long nonce) implements ProposerMessage {
  public Greeting {
    Objects.requireNonNull(timeline, "timeline");
  }
}
