package untorn.bench.safekeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import untorn.core.io.MemoryFileSystem;
import untorn.core.io.StorageException;
import untorn.core.trace.TraceSink;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalLayout;
import untorn.core.wal.WalRecord;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.acceptor.AcceptorConfig;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.MessageCodec;
import untorn.safekeeper.proto.MessageDecodeException;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.proto.VoteRequest;

/**
 * The acceptor's append path, one append request of about {@link #BATCH_BYTES} of whole WAL
 * records (small records, as OLTP writes them) per operation: the message codec (encode plus the
 * defensive decode), the pure acceptor step (which checks every record with the WAL reader), the
 * whole step on in-memory storage through the timeline host (no real fsync), and raw CRC32C over
 * the same bytes as the yardstick. Real fsync cost is the disk's, not measured here.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AcceptorBenchmark {
  public static final int BATCH_BYTES = Limits.APPEND_BYTES_TARGET;
  /** Batches one host run appends before it starts over on a fresh disk. */
  static final int HOST_BATCHES = 64;

  static final TenantTimeline TT = TenantTimeline.of(1, 1);
  static final NodeId SK = NodeId.of("sk1");
  static final NodeId P = NodeId.of("p1");

  private List<AppendRequest> batches;
  private byte[] encoded;
  private Acceptor acceptor;
  private Acceptor.Memento atStart;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    SplittableRandom random = new SplittableRandom(7);
    WalEncoder encoder = WalEncoder.newStream();
    batches = new ArrayList<>();
    for (int b = 0; b < HOST_BATCHES; b++) {
      Lsn begin = encoder.position();
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      while (out.size() < BATCH_BYTES - 512) {
        byte[] payload = new byte[60 + random.nextInt(200)];
        random.nextBytes(payload);
        EncodedRecord r = encoder.encode(WalRecord.message(payload));
        out.write(r.bytes(), 0, r.bytes().length);
      }
      batches.add(new AppendRequest(TT, Term.of(1), begin, Lsn.ZERO, Lsn.ZERO, out.toByteArray()));
    }
    encoded = MessageCodec.encode(batches.get(0));
    acceptor = electedHost(new MemoryFileSystem()).acceptor();
    atStart = acceptor.snapshot();
  }

  /** A timeline host that voted for and adopted term 1, ready for appends at LSN 0. */
  static TimelineHost electedHost(MemoryFileSystem fs) throws StorageException {
    TimelineHost h = TimelineHost.create(SK, TT, fs, AcceptorConfig.defaults(WalLayout.DEFAULT, List.of()), Mutants.NONE,
        TraceSink.NONE);
    h.deliver(P, new VoteRequest(TT, Term.of(1)), (to, m) -> {});
    h.deliver(P, new ProposerElected(TT, Term.of(1), Lsn.ZERO, TermHistory.of(TermSwitch.of(1, 0, 0))), (to, m) -> {});
    return h;
  }

  public int batchBytes() {
    return batches.get(0).wal().length;
  }

  @Benchmark
  public byte[] encodeMessage() {
    return MessageCodec.encode(batches.get(0));
  }

  @Benchmark
  public Message decodeMessage() throws MessageDecodeException {
    return MessageCodec.decode(encoded);
  }

  /** The pure acceptor step: term and position checks, every record parsed and checksummed. */
  @Benchmark
  public Acceptor.Step acceptorStep() {
    acceptor.restore(atStart);
    return acceptor.handle(P, batches.get(0));
  }

  /** The whole append on in-memory storage: step, write, (no-op) fsync, flush report. */
  @Benchmark
  @org.openjdk.jmh.annotations.OperationsPerInvocation(HOST_BATCHES)
  public void hostAppend(Blackhole bh) throws StorageException {
    TimelineHost h = electedHost(new MemoryFileSystem());
    for (AppendRequest r : batches) {
      bh.consume(h.deliver(P, r, (to, m) -> bh.consume(m)));
    }
  }

  @Benchmark
  public int crc32cRaw() {
    CRC32C c = new CRC32C();
    c.update(batches.get(0).wal());
    return (int) c.getValue();
  }
}
