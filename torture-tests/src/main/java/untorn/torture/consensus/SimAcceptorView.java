package untorn.torture.consensus;

import java.util.Optional;
import untorn.core.io.FileSystem;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.check.AcceptorView;
import untorn.safekeeper.node.SafekeeperNode;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.storage.TimelineStorage;
import untorn.sim.Simulation;
import untorn.sim.disk.SimDisk;

/**
 * SimAcceptorView shows the checker one safekeeper's timeline in a simulation: the acceptor of its
 * current incarnation, and its WAL as the process sees it, read with the simulated disk's
 * inspection methods (no I/O charged, no fault drawn, so checking never changes the run).
 */
record SimAcceptorView(Simulation sim, NodeId id, TenantTimeline timeline, WalLayout layout, String walDirectory)
    implements AcceptorView {
  SimAcceptorView(Simulation sim, NodeId id, TenantTimeline timeline, WalLayout layout) {
    this(sim, id, timeline, layout, FileSystem.join(TimelineStorage.directoryOf(timeline), "wal"));
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
