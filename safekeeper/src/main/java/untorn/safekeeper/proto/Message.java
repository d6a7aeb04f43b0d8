package untorn.safekeeper.proto;

import untorn.core.types.TenantTimeline;

/**
 * Message is every message of the safekeeper protocol. Each is a record whose compact
 * constructor rejects impossible field values, and each has a binary form ({@link MessageCodec})
 * shared by the simulator and the real network. Every message names its (tenant, timeline): one
 * acceptor process serves many timelines, isolated from each other.
 */
public sealed interface Message permits ProposerMessage, AcceptorMessage, PeerMessage, PersistedLsnUpdate {
  TenantTimeline timeline();
}
