package untorn.core.wal;

import java.util.Objects;
import untorn.core.Invariants;
import untorn.core.types.Lsn;

/**
 * LoggedRecord is a record at its place in the WAL stream.
 *
 * <p>{@code startLsn} is the first byte of its header. {@code endLsn} is the aligned position
 * right after it, where the next record's bytes begin (before that record's page header, if it
 * starts on a new page). As in PostgreSQL, a page changed by the record gets {@code endLsn} as its
 * page LSN, and "the WAL up to LSN X" means every record whose {@code endLsn <= X}.
 */
public record LoggedRecord(Lsn startLsn, Lsn endLsn, Lsn prevLsn, int sizeBytes, WalRecord record) {
  public LoggedRecord {
    Objects.requireNonNull(startLsn);
    Objects.requireNonNull(endLsn);
    Objects.requireNonNull(prevLsn);
    Objects.requireNonNull(record);
    Invariants.check(endLsn.isAfter(startLsn), "record end %s must be after its start %s", endLsn, startLsn);
    Invariants.check(prevLsn.isBefore(startLsn) || prevLsn.equals(Lsn.ZERO),
        "prev-link %s must point before the record at %s", prevLsn, startLsn);
  }

  public WalOp op() {
    return record.op();
  }
}
