package untorn.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import untorn.core.Limits;
import untorn.core.types.Lsn;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalLayout;
import untorn.core.wal.WalReader;
import untorn.core.wal.WalRecord;
import untorn.core.wal.WalWriter;
import untorn.sim.base.Counters;
import untorn.sim.base.SimLimits;
import untorn.sim.base.SimRandom;

/**
 * core's WAL on the simulated disk: after a crash that tears whatever was not synced, recovery
 * reads back every synced record and then a prefix of the others, never a record that was not
 * written, and stops at the torn tail with a reason. This is the contract the safekeeper's WAL
 * storage relies on, checked through the same FileSystem port it uses.
 */
class WalOnSimDiskProperties {
  @Property(tries = 150)
  void recoveryKeepsEverySyncedRecordAndNothingInvented(@ForAll long seed,
      @ForAll @Size(min = 1, max = 60) List<@IntRange(min = 0, max = 3000) Integer> payloadSizes,
      @ForAll @IntRange(min = 0, max = 60) int syncAfter) throws Exception {
    SimDisk disk = new SimDisk("d", new SimRandom(seed), new Counters(),
        new DiskFaultRates(0, 0, 0, 0, 0, 0.5, 0.5, 0, 0), SimLimits.DISK_CAPACITY_BYTES_DEFAULT);
    WalLayout layout = new WalLayout(Limits.WAL_SEGMENT_SIZE_BYTES_MIN); // small segments: many boundaries
    SegmentedWal wal = new SegmentedWal(disk.attach(), "wal", layout);
    WalWriter writer = WalWriter.create(wal);
    List<byte[]> written = new ArrayList<>();
    int synced = 0;
    for (int i = 0; i < payloadSizes.size(); i++) {
      byte[] payload = new byte[payloadSizes.get(i)];
      Arrays.fill(payload, (byte) (i + 1));
      writer.append(WalRecord.message(payload));
      written.add(payload);
      if (i == syncAfter) {
        writer.sync();
        synced = i + 1;
      } else if (i % 7 == 3) {
        writer.flush(); // written to the files, not synced
      }
    }
    writer.flush();
    disk.crash();

    WalReader.Scan scan = WalReader.readAll(new SegmentedWal(disk.attach(), "wal", layout), Lsn.ZERO);
    List<LoggedRecord> recovered = scan.records();
    Statistics.collect(scan.end().reason(), recovered.size() > synced ? "kept unsynced records" : "kept synced only");
    assertThat(recovered.size()).as("every synced record survives (%s)", scan.end()).isGreaterThanOrEqualTo(synced);
    assertThat(recovered.size()).isLessThanOrEqualTo(written.size());
    for (int i = 0; i < recovered.size(); i++) {
      assertThat(recovered.get(i).record().mainData()).as("record %d", i).isEqualTo(written.get(i));
    }
  }
}
