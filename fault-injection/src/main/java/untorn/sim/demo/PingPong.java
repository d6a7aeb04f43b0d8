package untorn.sim.demo;

import java.util.List;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.FileHandle;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.io.StorageException;
import untorn.core.types.NodeId;

/**
 * PingPong is a node that keeps one ping in flight to each of its peers and answers theirs: a
 * dense message load for the simulator's benchmark and determinism tests. Only the pong of the
 * outstanding ping moves a peer's chain on (duplicates and stale pongs are ignored, so chains do
 * not multiply), and a retry timer resends an outstanding ping that got no pong for a tick.
 *
 * <p>With {@code syncEvery > 0} it also writes its pong count (with a CRC) to its disk and syncs
 * it every that many pongs, so disk faults and crashes at I/O have something to hit; its start
 * reads the count back, so a restart depends on the disk.
 *
 * <p>Message: type (1 byte, 1 = ping, 2 = pong), sequence (8 bytes), CRC32C (4 bytes).
 */
public final class PingPong implements Node {
  private static final int MESSAGE_BYTES = 13;
  private static final long RETRY_MILLIS = 5;
  private static final String FILE = "pongs";

  private final List<NodeId> peers;
  private final long[] outstanding;
  private final boolean[] progressed;
  private final int syncEvery;
  private NodeContext ctx;
  private FileHandle file;
  private long pongs;
  private long sequence;
  private long corruptMessages;

  public PingPong(List<NodeId> peers, int syncEvery) {
    this.peers = List.copyOf(peers);
    this.outstanding = new long[peers.size()];
    this.progressed = new boolean[peers.size()];
    this.syncEvery = syncEvery;
  }

  @Override
  public void start(NodeContext context) {
    this.ctx = context;
    if (syncEvery > 0) {
      openCount();
    }
    for (int i = 0; i < peers.size(); i++) {
      if (!peers.get(i).equals(ctx.self())) {
        outstanding[i] = ++sequence;
        send(peers.get(i), 1, outstanding[i]);
      }
    }
    ctx.timers().schedule(RETRY_MILLIS, "retry");
  }

  private void openCount() {
    try {
      if (ctx.fileSystem().exists(FILE)) {
        file = ctx.fileSystem().open(FILE);
        byte[] b = new byte[12];
        if (file.read(0, b, 0, 12) == 12 && Crc32c.of(b, 0, 8) == Bytes.getI32(b, 8)) {
          pongs = Bytes.getI64(b, 0);
        }
      } else {
        file = ctx.fileSystem().create(FILE);
        ctx.fileSystem().syncDirectory("");
      }
    } catch (StorageException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void onMessage(NodeId from, byte[] message) {
    if (message.length != MESSAGE_BYTES || Crc32c.of(message, 0, 9) != Bytes.getI32(message, 9)) {
      corruptMessages++;
      return;
    }
    long seq = Bytes.getI64(message, 1);
    if (message[0] == 1) {
      send(from, 2, seq);
      return;
    }
    int i = peers.indexOf(from);
    if (i < 0 || seq != outstanding[i]) {
      return; // a duplicate or a stale pong
    }
    pongs++;
    if (syncEvery > 0 && pongs % syncEvery == 0) {
      persist();
    }
    progressed[i] = true;
    outstanding[i] = ++sequence;
    send(from, 1, outstanding[i]);
  }

  private void persist() {
    byte[] b = new byte[12];
    Bytes.putI64(b, 0, pongs);
    Bytes.putI32(b, 8, Crc32c.of(b, 0, 8));
    try {
      file.write(0, b);
      file.sync();
    } catch (StorageException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void onTimer(long timerId, Object tag) {
    for (int i = 0; i < peers.size(); i++) {
      if (!peers.get(i).equals(ctx.self()) && !progressed[i]) {
        send(peers.get(i), 1, outstanding[i]); // lost somewhere: resend
      }
      progressed[i] = false;
    }
    ctx.timers().schedule(RETRY_MILLIS, "retry");
  }

  private void send(NodeId to, int type, long seq) {
    byte[] m = new byte[MESSAGE_BYTES];
    m[0] = (byte) type;
    Bytes.putI64(m, 1, seq);
    Bytes.putI32(m, 9, Crc32c.of(m, 0, 9));
    ctx.transport().send(to, m);
  }

  public long pongs() {
    return pongs;
  }

  public long corruptMessages() {
    return corruptMessages;
  }
}
