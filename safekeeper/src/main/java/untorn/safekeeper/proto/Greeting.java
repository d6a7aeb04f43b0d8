package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.TenantTimeline;

/** Greeting opens an election: the proposer asks an acceptor for its term (DESIGN §5 step 1). */
public record Greeting(TenantTimeline timeline) implements ProposerMessage {
  public Greeting {
    Objects.requireNonNull(timeline, "timeline");
  }
}
