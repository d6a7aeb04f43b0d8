package untorn.safekeeper.proto;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;

/**
 * PersistedLsnUpdate is the pageserver telling an acceptor up to which LSN it has durably stored
 * the timeline's WAL in its layer files: WAL below it (and below what every acceptor has flushed)
 * may be removed from the acceptor's disk.
 */
public record PersistedLsnUpdate(TenantTimeline timeline, Lsn persistedLsn) implements Message {
  public PersistedLsnUpdate {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(persistedLsn, "persistedLsn");
  }
}
