package untorn.safekeeper.node;

import java.util.List;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalRecord;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.proposer.ProposerConfig;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.MessageCodec;
import untorn.safekeeper.proto.MessageDecodeException;
import untorn.core.trace.TraceSink;

/**
 * ProposerNode is the smallest compute that exercises the consensus: a {@link Node} embedding a
 * {@link ProposerDriver} that, while it leads, writes a record of seeded random bytes every {@code
 * recordIntervalMillis}, starting at each new term's start LSN (it never continues WAL from an
 * earlier term of its own). The real compute, with tables and pages, embeds the same driver.
 */
public final class ProposerNode implements Node, ProposerDriver.Listener {
  private static final Object WRITE = "compute-write";

  private final ProposerDriver driver;
  private final long recordIntervalMillis;
  private final int payloadBytesMax;
  private NodeContext context;
  private WalEncoder encoder;
  private long recordsAppended;
  private Lsn commitLsn = Lsn.ZERO;
  private long undecodable;

  public ProposerNode(TenantTimeline timeline, List<NodeId> acceptors, ProposerConfig config, Mutants mutants,
      TraceSink sink, long tickMillis, long recordIntervalMillis, int payloadBytesMax) {
    this(timeline, acceptors, config, mutants, sink, tickMillis, recordIntervalMillis, payloadBytesMax, () -> true);
  }

  /** A compute that campaigns only while {@code mayCampaign} says so (see {@link ProposerDriver}). */
  public ProposerNode(TenantTimeline timeline, List<NodeId> acceptors, ProposerConfig config, Mutants mutants,
      TraceSink sink, long tickMillis, long recordIntervalMillis, int payloadBytesMax,
      java.util.function.BooleanSupplier mayCampaign) {
    if (recordIntervalMillis < 1 || payloadBytesMax < 1) {
      throw new IllegalArgumentException("bad compute config");
    }
    this.driver = new ProposerDriver(timeline, acceptors, config, mutants, sink, this, tickMillis, 10 * tickMillis,
        mayCampaign);
    this.recordIntervalMillis = recordIntervalMillis;
    this.payloadBytesMax = payloadBytesMax;
  }

  @Override
  public void start(NodeContext ctx) {
    this.context = ctx;
    driver.start(ctx);
    ctx.timers().schedule(recordIntervalMillis, WRITE);
  }

  @Override
  public void onMessage(NodeId from, byte[] bytes) {
    try {
      Message m = MessageCodec.decode(bytes);
      driver.onMessage(from, m);
    } catch (MessageDecodeException e) {
      undecodable++;
    }
  }

  @Override
  public void onTimer(long timerId, Object tag) {
    if (tag == WRITE) {
      writeRecord();
      context.timers().schedule(recordIntervalMillis, WRITE);
    } else {
      driver.onTimer(tag);
    }
  }

  private void writeRecord() {
    if (encoder == null) {
      return;
    }
    byte[] payload = new byte[1 + context.random().nextInt(payloadBytesMax)];
    context.random().nextBytes(payload);
    EncodedRecord r = encoder.encode(WalRecord.message(payload));
    if (!driver.canAppend(r.bytes().length)) {
      // Back-pressure: rebuild the encoder where it was, and try again at the next interval.
      encoder = new WalEncoder(r.writeStart(), r.logged().prevLsn());
      return;
    }
    driver.append(r);
    recordsAppended++;
  }

  @Override
  public void onStreaming(Term term, Lsn termStartLsn, Lsn prevLsn) {
    encoder = new WalEncoder(termStartLsn, prevLsn);
  }

  @Override
  public void onCommit(Lsn lsn) {
    commitLsn = lsn;
  }

  @Override
  public void onDefeated(Term seenTerm, String reason) {
    encoder = null; // Whatever this term wrote and did not commit may be gone.
  }

  public ProposerDriver driver() {
    return driver;
  }

  public long recordsAppended() {
    return recordsAppended;
  }

  /** The commit LSN of the current attempt (ZERO after a defeat until the next commit). */
  public Lsn commitLsn() {
    return commitLsn;
  }

  public long undecodable() {
    return undecodable;
  }
}
