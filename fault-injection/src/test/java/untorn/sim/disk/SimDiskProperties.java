package untorn.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.sim.base.Counters;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;

/**
 * The disk against a naive oracle: reads always see every write (the volatile model), and a crash
 * leaves, sector by sector, either the last synced content or the last written one, and nothing
 * else; with zero survival, exactly the synced content.
 */
class SimDiskProperties {
  private static final int SECTOR = SimLimits.SECTOR_BYTES;

  /** One operation on file "f": write, truncate, sync or crash. */
  record Op(int kind, int offset, int length, int value) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Op> op = Combinators.combine(
        Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 6000),
        Arbitraries.integers().between(0, 1500), Arbitraries.integers().between(1, 255)).as(Op::new);
    return op.list().ofMaxSize(40);
  }

  @Property(tries = 300)
  void crashesKeepSyncedOrWrittenSectorsOnly(@ForAll("ops") List<Op> ops, @ForAll long seed, @ForAll boolean tear)
      throws Exception {
    double survival = tear ? 0.5 : 0;
    SimDisk disk = new SimDisk("d", new SimRandom(seed), new Counters(), new DiskFaultRates(0, 0, 0, 0, 0, survival, 0, 0, 0),
        SimLimits.DISK_CAPACITY_BYTES_DEFAULT);
    FileSystem fs = disk.attach();
    FileHandle h = fs.create("f");
    fs.syncDirectory("");
    byte[] written = new byte[0];
    byte[] synced = new byte[0];
    for (Op op : ops) {
      if (op.kind() <= 4) {
        byte[] data = new byte[op.length()];
        Arrays.fill(data, (byte) op.value());
        h.write(op.offset(), data);
        int end = op.length() == 0 ? 0 : op.offset() + op.length(); // an empty pwrite does not extend
        written = Arrays.copyOf(written, Math.max(written.length, end));
        if (op.length() > 0) {
          System.arraycopy(data, 0, written, op.offset(), op.length());
        }
      } else if (op.kind() == 5) {
        h.truncate(op.offset());
        written = Arrays.copyOf(written, op.offset());
      } else if (op.kind() <= 7) {
        h.sync();
        synced = written.clone();
      } else {
        disk.crash();
        byte[] after = disk.volatileContent("f").orElseThrow();
        checkCrashResult(after, synced, written, tear);
        fs = disk.attach();
        h = fs.open("f");
        written = after;
        synced = after.clone();
      }
      assertThat(disk.volatileContent("f").orElseThrow()).isEqualTo(written);
      disk.checkConsistency();
    }
  }

  private static void checkCrashResult(byte[] after, byte[] synced, byte[] written, boolean tear) {
    if (!tear) {
      assertThat(after).isEqualTo(synced);
      return;
    }
    assertThat(after.length).isIn(synced.length, written.length);
    for (int start = 0; start < after.length; start += SECTOR) {
      int end = Math.min(start + SECTOR, after.length);
      byte[] got = Arrays.copyOfRange(after, start, end);
      boolean old = Arrays.equals(got, padded(synced, start, end));
      boolean fresh = Arrays.equals(got, padded(written, start, end));
      assertThat(old || fresh).as("sector at %d is the synced or the written one", start).isTrue();
    }
  }

  /** bytes [start, end) of b, zero past its end. */
  private static byte[] padded(byte[] b, int start, int end) {
    byte[] out = new byte[end - start];
    if (start < b.length) {
      System.arraycopy(b, start, out, 0, Math.min(end, b.length) - start);
    }
    return out;
  }
}
