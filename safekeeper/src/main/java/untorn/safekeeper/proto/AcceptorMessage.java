package untorn.safekeeper.proto;

import untorn.core.types.Term;

/** AcceptorMessage is a reply from an acceptor to a proposer; each carries the acceptor's term. */
public sealed interface AcceptorMessage extends Message
    permits AcceptorGreeting, VoteResponse, AppendResponse, WalChunk, Reject {
  /** The acceptor's current term when it answered. */
  Term term();
}
