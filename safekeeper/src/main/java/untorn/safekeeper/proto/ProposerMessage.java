package untorn.safekeeper.proto;

/** ProposerMessage is a message from a proposer (walproposer) to an acceptor. */
public sealed interface ProposerMessage extends Message
    permits Greeting, VoteRequest, ProposerElected, AppendRequest, WalReadRequest {}
