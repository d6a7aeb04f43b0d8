package untorn.safekeeper.proto;

/** PeerMessage is exchanged between the acceptors of one timeline for peer recovery. */
public sealed interface PeerMessage extends Message permits PeerRecoveryRequest, PeerRecoveryResponse {}
