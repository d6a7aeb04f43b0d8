package untorn.torture.consensus;

import java.util.Optional;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.check.AcceptorView;
import untorn.safekeeper.node.SafekeeperNode;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.storage.ControlFile;
import untorn.safekeeper.storage.ControlFileStore;
import untorn.safekeeper.storage.ControlState;
import untorn.safekeeper.storage.TimelineStorage;
import untorn.sim.Simulation;
import untorn.sim.disk.SimDisk;

/**
 * SimAcceptorView shows the checker one safekeeper's timeline in a simulation: the acceptor of its
 * current incarnation, and its WAL as the process sees it, read with the simulated disk's
 * inspection methods (no I/O charged, no fault drawn, so checking never changes the run).
 */
record SimAcceptorView(Simulation sim, NodeId id, TenantTimeline timeline, WalLayout layout, String walDirectory,
    ControlCache control) implements AcceptorView {
  SimAcceptorView(Simulation sim, NodeId id, TenantTimeline timeline, WalLayout layout) {
    this(sim, id, timeline, layout, FileSystem.join(TimelineStorage.directoryOf(timeline), "wal"), new ControlCache());
  }

  /**
   * The control file last read from the disk, and the process's own control state at that time:
   * the disk is read again only once the process wrote a new state or restarted (reading it after
   * every event would cost a tenth of the run). A durable view that changes without a write (a
   * later directory fsync makes a rename durable) is seen at the next write.
   */
  static final class ControlCache {
    Object processState;
    ControlState decoded;
  }

  @Override
  public Acceptor acceptor() {
    SafekeeperNode node = sim.node(id, SafekeeperNode.class);
    TimelineHost host = node == null ? null : node.timeline(timeline);
    return host == null ? null : host.acceptor();
  }

  @Override
  public String lostCommittedWal() {
    SafekeeperNode node = sim.node(id, SafekeeperNode.class);
    TimelineHost host = node == null ? null : node.timeline(timeline);
    return host != null && host.lostCommittedWal() ? host.brokenReason() : null;
  }

  /** The control file as a power loss now would leave it (its durable name and bytes), decoded. */
  @Override
  public ControlState durableControl() {
    SafekeeperNode node = sim.node(id, SafekeeperNode.class);
    TimelineHost host = node == null ? null : node.timeline(timeline);
    Object processState = host == null || host.storage() == null ? null : host.storage().durableControl();
    if (processState != null && processState == control.processState) {
      return control.decoded;
    }
    control.processState = processState;
    control.decoded = readControl();
    return control.decoded;
  }

  private ControlState readControl() {
    String path = FileSystem.join(TimelineStorage.directoryOf(timeline), ControlFileStore.FILE);
    Optional<byte[]> bytes = sim.disk(id).durableContent(path);
    if (bytes.isEmpty()) {
      return null;
    }
    try {
      return ControlFile.decode(path, bytes.get());
    } catch (StorageException e) {
      return null; // A restart refuses it (the timeline is broken): nothing to check.
    }
  }

  @Override
  public byte[] wal(Lsn from, Lsn to) {
    SimDisk disk = sim.disk(id);
    byte[] out = new byte[Math.toIntExact(to.minus(from))];
    int done = 0;
    String dir = walDirectory;
    while (done < out.length) {
      long pos = from.value() + done;
      long segment = layout.segmentNumber(pos);
      Optional<byte[]> file = disk.volatileContent(FileSystem.join(dir, SegmentedWal.segmentFileName(layout.segmentStart(segment))));
      int in = layout.offsetInSegment(pos);
      if (file.isEmpty() || file.get().length <= in) {
        return java.util.Arrays.copyOf(out, done);
      }
      int n = Math.min(out.length - done, file.get().length - in);
      System.arraycopy(file.get(), in, out, done, n);
      done += n;
      if (in + n < layout.segmentSizeBytes() && done < out.length) {
        return java.util.Arrays.copyOf(out, done); // the segment file ends early
      }
    }
    return out;
  }
}
