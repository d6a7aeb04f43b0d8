package untorn.bench.wal;

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
import untorn.core.page.HeapRecords;
import untorn.core.page.Page;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalReader;
import untorn.core.wal.WalRecord;

/**
 * WAL encode and decode throughput against raw CRC32C over the same number of bytes. The record
 * mix is OLTP-like: small heap inserts and updates with commits, and one record in 50 carrying a
 * full-page image. Every operation processes one batch of about {@link #BATCH_BYTES} stream bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WalCodecBenchmark {
  public static final int BATCH_BYTES = 1 << 20;

  private List<WalRecord> records;
  private InMemoryWal encoded;
  private byte[] raw;

  @Setup(Level.Trial)
  public void setUp() {
    SplittableRandom random = new SplittableRandom(42);
    records = new ArrayList<>();
    Page image = Page.empty();
    WalEncoder sizer = WalEncoder.newStream();
    while (sizer.position().value() < BATCH_BYTES) {
      PageKey key = PageKey.of(1, random.nextInt(1000));
      byte[] tuple = new byte[60 + random.nextInt(140)];
      random.nextBytes(tuple);
      WalRecord r = switch (random.nextInt(4)) {
        case 0 -> HeapRecords.update(key, random.nextInt(50), tuple);
        case 1 -> new WalRecord(untorn.core.wal.WalOp.COMMIT, List.of(), new byte[16]);
        default -> HeapRecords.insert(key, random.nextInt(50), tuple);
      };
      if (random.nextInt(50) == 0) {
        r = HeapRecords.withImage(HeapRecords.insert(key, 0, tuple), image);
      }
      records.add(r);
      sizer.encode(r);
    }
    encoded = new InMemoryWal(Lsn.ZERO);
    WalEncoder encoder = WalEncoder.newStream();
    for (WalRecord r : records) {
      encoded.append(encoder.encode(r));
    }
    raw = encoded.bytes(Lsn.ZERO, encoded.end());
  }

  /** Bytes of WAL stream one operation encodes or decodes. */
  public int batchBytes() {
    return raw.length;
  }

  @Benchmark
  public void encode(Blackhole bh) {
    WalEncoder encoder = WalEncoder.newStream();
    for (WalRecord r : records) {
      EncodedRecord e = encoder.encode(r);
      bh.consume(e);
    }
  }

  @Benchmark
  public void decode(Blackhole bh) {
    WalReader reader = new WalReader(encoded, Lsn.ZERO);
    for (LoggedRecord r = reader.next(); r != null; r = reader.next()) {
      bh.consume(r);
    }
  }

  @Benchmark
  public long crc32cRaw() {
    CRC32C crc = new CRC32C();
    crc.update(raw, 0, raw.length);
    return crc.getValue();
  }
}
