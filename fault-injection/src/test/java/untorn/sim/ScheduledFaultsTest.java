package untorn.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.io.StorageException;
import untorn.core.types.NodeId;
import untorn.sim.base.Stat;
import untorn.sim.fault.ScheduleText;

/**
 * A hand-written schedule, as a regression case would be, drives every scheduled fault class that
 * a node sees through its ports: clock skew and jump, a full disk, rot (caught by a CRC after a
 * restart), a replaced disk, and a panic restarted by the supervisor in the liveness phase too.
 */
class ScheduledFaultsTest {
  private static final NodeId P = NodeId.of("p");
  private static final long MS = 1_000_000;

  /** Notes what it observes: its record's CRC at start, its wall clock, whether its disk takes growth. */
  static class Probe implements Node {
    final List<String> notes;
    NodeContext ctx;
    FileHandle log;

    Probe(List<String> notes) {
      this.notes = notes;
    }

    @Override
    public void start(NodeContext context) {
      ctx = context;
      FileSystem fs = ctx.fileSystem();
      try {
        if (fs.exists("data")) {
          byte[] b = new byte[12];
          fs.open("data").readFully(0, b, 0, 12);
          notes.add(Crc32c.of(b, 0, 8) == Bytes.getI32(b, 8) ? "crc ok" : "crc bad");
        } else {
          byte[] b = new byte[12];
          Bytes.putI64(b, 0, 42);
          Bytes.putI32(b, 8, Crc32c.of(b, 0, 8));
          FileHandle h = fs.create("data");
          h.write(0, b);
          h.sync();
          fs.syncDirectory("");
          notes.add("fresh disk");
        }
        log = fs.exists("log") ? fs.open("log") : fs.create("log"); // never synced: rot cannot hit it
      } catch (StorageException e) {
        throw new java.io.UncheckedIOException(e);
      }
      ctx.timers().schedule(10, "tick");
    }

    @Override
    public void onMessage(NodeId from, byte[] message) {}

    @Override
    public void onTimer(long timerId, Object tag) {
      notes.add("clock " + (ctx.clock().nowMillis() - SimClock.EPOCH_NANOS / 1_000_000));
      try {
        log.write(log.sizeBytes(), new byte[512]);
        notes.add("appended");
      } catch (StorageException e) {
        notes.add(e.kind() == StorageException.Kind.DISK_FULL ? "full" : "error " + e.kind());
      }
      ctx.timers().schedule(10, "tick");
    }
  }

  @Test
  void everyScheduledFaultIsSeenByTheNode() {
    String schedule = String.join("\n", "untorn-schedule 1",
        "set proc.panic-restart.ms 5",
        "set disk.sync.ms 0",
        "set disk.io.ms 0",
        "at 45ms skew p 5000ms 0ppm",
        "at 75ms jump p -10000ms",
        "at 95ms disk-full p",
        "at 125ms disk-ok p",
        "at 200ms rot p",
        "at 205ms crash p",
        "at 215ms restart p",
        "at 300ms replace-disk p",
        "at 315ms restart p", "");
    List<String> notes = new ArrayList<>();
    Simulation sim = Simulation.builder(5).schedule(ScheduleText.parse(schedule)).build();
    sim.addNode(P, id -> new Probe(notes));
    sim.runUntil(400 * MS);
    assertThat(notes).startsWith("fresh disk", "clock 10", "appended", "clock 20", "appended", "clock 30", "appended",
        "clock 40", "appended", "clock 5050", "appended", "clock 5060", "appended", "clock 5070", "appended",
        "clock -4920", "appended", "clock -4910", "appended", "clock -4900", "full", "clock -4890", "full",
        "clock -4880", "full", "clock -4870", "appended");
    assertThat(notes).containsSubsequence("crc bad", "fresh disk");
    assertThat(notes.stream().filter(n -> n.equals("fresh disk")).count()).isEqualTo(2);
    assertThat(sim.stats().get(Stat.ROT)).isEqualTo(1);
    assertThat(sim.stats().get(Stat.DISK_REPLACEMENTS)).isEqualTo(1);
    assertThat(sim.stats().get(Stat.DISK_FULL)).isEqualTo(3);
  }

  @Test
  void aNodeThatPanicsAfterTheHealIsStillRestarted() {
    List<String> notes = new ArrayList<>();
    int[] starts = new int[1];
    Simulation sim = Simulation.builder(5).build();
    sim.addNode(P, id -> new Probe(notes) {
      @Override
      public void onTimer(long timerId, Object tag) {
        if (++starts[0] == 1) {
          throw new java.io.UncheckedIOException(new StorageException(StorageException.Kind.CORRUPT, "data", "bad page"));
        }
        super.onTimer(timerId, tag);
      }
    });
    sim.heal();
    sim.runUntil(500 * MS);
    assertThat(sim.stats().get(Stat.PANICS)).isEqualTo(1);
    assertThat(sim.isUp(P)).isTrue();
    assertThat(notes).contains("crc ok");
  }
}
