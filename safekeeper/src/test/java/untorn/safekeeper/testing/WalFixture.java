package untorn.safekeeper.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import untorn.core.types.Lsn;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalRecord;

/**
 * WalFixture encodes seeded random WAL records as a compute would, continuing a stream at a given
 * position: mostly small records, sometimes ones that cross WAL pages.
 */
public final class WalFixture {
  private final WalEncoder encoder;
  private final Random random;

  public WalFixture(Lsn position, Lsn prevLsn, long seed) {
    this.encoder = new WalEncoder(position, prevLsn);
    this.random = new Random(seed);
  }

  public static WalFixture newStream(long seed) {
    return new WalFixture(Lsn.ZERO, Lsn.ZERO, seed);
  }

  public EncodedRecord next() {
    int size = random.nextInt(10) == 0 ? 8000 + random.nextInt(12000) : 1 + random.nextInt(300);
    byte[] payload = new byte[size];
    random.nextBytes(payload);
    return encoder.encode(WalRecord.message(payload));
  }

  public List<EncodedRecord> next(int n) {
    List<EncodedRecord> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** The stream bytes of consecutive records. */
  public static byte[] bytes(List<EncodedRecord> records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (EncodedRecord r : records) {
      out.write(r.bytes(), 0, r.bytes().length);
    }
    return out.toByteArray();
  }

  public Lsn position() {
    return encoder.position();
  }

  public Lsn prevLsn() {
    return encoder.prevLsn();
  }
}
