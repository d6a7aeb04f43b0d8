package untorn.safekeeper.storage;

import untorn.core.Invariants;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutants;

/**
 * TimelineStorage is an acceptor's durable state for one (tenant, timeline), in its own directory
 * {@code timelines/<tenant>/<timeline>/}: the control file and the WAL segments under {@code wal/}.
 * Timelines share nothing on disk, so damage to one cannot leak into another. Each method's name
 * and javadoc say what is durable when it returns. Not thread-safe.
 */
public final class TimelineStorage implements AutoCloseable {
  public static final String ROOT = "timelines";

  private final TenantTimeline timeline;
  private final ControlFileStore control;
  private final TimelineWal wal;
  private ControlState durable;

  /** A timeline opened from disk, with what its restart found. */
  public record Opened(TimelineStorage storage, ControlState control, TimelineWal.Recovered wal) {}

  private TimelineStorage(TenantTimeline timeline, ControlFileStore control, TimelineWal wal, ControlState durable) {
    this.timeline = timeline;
    this.control = control;
    this.wal = wal;
    this.durable = durable;
  }

  public static String directoryOf(TenantTimeline tt) {
    return ROOT + "/" + tt.tenant() + "/" + tt.timeline();
  }

  /** The timelines that have a directory under {@link #ROOT}, in order. */
  public static java.util.List<TenantTimeline> list(FileSystem fs) throws StorageException {
    java.util.List<TenantTimeline> out = new java.util.ArrayList<>();
    for (String tenant : fs.list(ROOT)) {
      for (String tl : fs.list(ROOT + "/" + tenant)) {
        try {
          out.add(new TenantTimeline(untorn.core.types.TenantId.parse(tenant), untorn.core.types.TimelineId.parse(tl)));
        } catch (NumberFormatException e) {
          // Not a timeline directory; ignored.
        }
      }
    }
    out.sort(null);
    return out;
  }

  /** Creates a new, empty timeline durably; ALREADY_EXISTS if it has a control file. */
  public static TimelineStorage create(FileSystem fs, TenantTimeline tt, WalLayout layout, Mutants mutants)
      throws StorageException {
    String dir = directoryOf(tt);
    fs.createDirectories(dir);
    ControlFileStore store = new ControlFileStore(fs, dir, mutants);
    if (store.exists()) {
      throw new StorageException(StorageException.Kind.ALREADY_EXISTS, store.path(), "timeline " + tt + " exists");
    }
    TimelineWal wal = new TimelineWal(fs, dir + "/wal", layout);
    ControlState initial = ControlState.initial(tt);
    // The control file goes last: its existence is what makes the timeline exist.
    store.persist(initial);
    return new TimelineStorage(tt, store, wal, initial);
  }

  /**
   * Opens a timeline from disk: loads and checks the control file (CORRUPT if it fails its
   * checksum: nothing is guessed), finds the end of valid WAL with the reader and durably cuts the
   * torn tail after it. CORRUPT too if the WAL ends below the commit LSN: WAL this acceptor
   * acknowledged as committed is gone, and serving on would break the quorum's promise. What it
   * returns is durable, even after a halt on a failed fsync: the control file through {@link
   * ControlFileStore#load}, the WAL above the durable commit LSN by being written again and
   * fsynced ({@link TimelineWal#recover}).
   */
  public static Opened open(FileSystem fs, TenantTimeline tt, WalLayout layout, Mutants mutants) throws StorageException {
    String dir = directoryOf(tt);
    ControlFileStore store = new ControlFileStore(fs, dir, mutants);
    ControlState state = store.load();
    if (!state.timeline().equals(tt)) {
      throw ControlFile.corrupt(store.path(), "control file names timeline " + state.timeline() + ", not " + tt);
    }
    TimelineWal wal = new TimelineWal(fs, dir + "/wal", layout);
    TimelineWal.Recovered rec =
        wal.recover(state.localStartLsn(), state.localStartPrevLsn(), state.protocol().commitLsn(), mutants);
    if (rec.flushLsn().isBefore(state.protocol().commitLsn())) {
      wal.close();
      throw new CommittedWalLostException(store.path(), rec.flushLsn(), state.protocol().commitLsn(), rec.end().toString());
    }
    return new Opened(new TimelineStorage(tt, store, wal, state), state, rec);
  }

  public TenantTimeline timeline() {
    return timeline;
  }

  public TimelineWal wal() {
    return wal;
  }

  /** The control state last made durable. */
  public ControlState durableControl() {
    return durable;
  }

  /** Makes {@code p} the durable protocol state (crash-atomically, with the current WAL start). */
  public void persistProtocolState(ProtocolState p) throws StorageException {
    ControlState next = durable.withProtocol(p);
    control.persist(next);
    durable = next;
  }

  /**
   * Durably removes WAL below {@code horizon}, a record end at or below the durable commit LSN: the
   * control file first moves the WAL start to it (with the prev-link found by scanning up to it),
   * then the segments wholly below its segment are deleted. In the other order a crash could leave
   * a control file pointing into deleted segments. The same control-file write records {@code
   * persisted} (the pageserver's persisted LSN) and {@code peerHorizon} (the proposer's peer
   * horizon), the values the removal relied on, where they are above the durable ones: a crash
   * never leaves a control file whose WAL start is above them. Returns the segments deleted.
   */
  public int removeWalBelow(Lsn horizon, Lsn persisted, Lsn peerHorizon) throws StorageException {
    Lsn start = durable.localStartLsn();
    ProtocolState p = durable.protocol();
    Invariants.check(!horizon.isAfter(p.commitLsn()), "WAL removal horizon %s above the durable commit LSN %s", horizon,
        p.commitLsn());
    Lsn keepFrom = wal.segmentStartOf(horizon);
    if (!keepFrom.isAfter(start)) {
      return 0;
    }
    Lsn prev = wal.prevLinkAt(start, durable.localStartPrevLsn(), horizon);
    ProtocolState recorded = p.withCommit(p.commitLsn(), Lsn.max(p.persistedLsn(), persisted),
        Lsn.max(p.peerHorizonLsn(), Lsn.min(peerHorizon, p.commitLsn())));
    ControlState next = new ControlState(timeline, recorded, horizon, prev);
    control.persist(next);
    durable = next;
    return wal.removeSegmentsEndingBy(keepFrom);
  }

  @Override
  public void close() throws StorageException {
    wal.close();
  }
}
