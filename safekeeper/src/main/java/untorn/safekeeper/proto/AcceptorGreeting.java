package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;

/** AcceptorGreeting answers a {@link Greeting} with the acceptor's current term and its nonce. */
public record AcceptorGreeting(TenantTimeline timeline, Term term, long nonce) implements AcceptorMessage {
  public AcceptorGreeting {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
  }
}
