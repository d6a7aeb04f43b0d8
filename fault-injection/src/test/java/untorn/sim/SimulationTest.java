package untorn.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import untorn.core.io.FileHandle;
import untorn.core.io.NodeContext;
import untorn.core.io.StorageException;
import untorn.core.types.NodeId;
import untorn.sim.base.CrashKind;
import untorn.sim.base.SimulatedCrash;
import untorn.sim.base.Stat;
import untorn.sim.fault.FaultEvent;
import untorn.sim.fault.FaultPlan;
import untorn.sim.fault.FaultProfile;
import untorn.sim.fault.FaultSchedule;
import untorn.sim.fault.Knob;
import untorn.sim.fault.PartitionSpec;

/** The runtime's contract, one behaviour per test, with exact virtual times. */
class SimulationTest {
  private static final long MS = 1_000_000;
  private static final NodeId A = NodeId.of("a");
  private static final NodeId B = NodeId.of("b");
  private static final NodeId C = NodeId.of("c");

  private final List<String> log = new ArrayList<>();

  /** No faults, exactly 1 ms per message, no disk latency. */
  private static FaultProfile exact() {
    return FaultProfile.none().with(Knob.NET_LATENCY_MIN_MS, 1).with(Knob.NET_LATENCY_MAX_MS, 1)
        .with(Knob.NET_TAIL_P, 0).with(Knob.DISK_IO_MS, 0).with(Knob.DISK_SYNC_MS, 0);
  }

  private static Simulation sim(FaultProfile profile) {
    return Simulation.builder(42).schedule(FaultSchedule.of(FaultPlan.of(profile))).traceTail(50).build();
  }

  @Test
  void messagesArriveAfterTheirLatencyAndTimersAtTheirDelay() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> {
      s.send("b", "hello");
      s.ctx.timers().schedule(5, "five");
      long cancelled = s.ctx.timers().schedule(3, "three");
      s.ctx.timers().cancel(cancelled);
    }, (s, f, t) -> s.note("got " + t), (s, f, t) -> s.note("timer")));
    sim.addNode(B, id -> new ScriptedNode(log, (s, f, t) -> {}, (s, f, t) -> s.send(f.name(), "re:" + t), (s, f, t) -> {}));
    sim.runUntil(10 * MS);
    assertThat(log).contains("b <- a hello", "a <- b re:hello", "a timer five").doesNotContain("a timer three");
    assertThat(sim.stats().get(Stat.MESSAGES_DELIVERED)).isEqualTo(2);
    assertThat(sim.stats().get(Stat.TIMERS_FIRED)).isEqualTo(1);
    assertThat(sim.nowNanos()).isEqualTo(10 * MS);
    // The reply arrives at 2 ms and the timer at 5 ms of a's monotonic clock, from its start.
    long startMono = Long.parseLong(log.get(log.indexOf("a <- b re:hello") + 1).split("us")[0]) - 2000;
    assertThat(log).contains((startMono + 5000) + "us a timer");
  }

  @Test
  void clockSkewJumpAndDriftChangeOnlyTheNodesView() {
    Simulation sim = sim(exact());
    long[] fired = new long[1];
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> {}, (s, f, t) -> s.ctx.timers().schedule(100, "t"),
        (s, f, t) -> fired[0] = sim.nowNanos()));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    long before = sim.wallClockMillis(A);
    sim.skewClock(A, -5000 * MS, 100_000); // 5 s behind, 10% fast
    assertThat(sim.wallClockMillis(A)).isEqualTo(before - 5000);
    sim.jumpClock(A, -1000 * MS);
    assertThat(sim.wallClockMillis(A)).isEqualTo(before - 6000);
    assertThat(sim.wallClockMillis(B)).isEqualTo(before);
    sim.schedule(0, "poke a", () -> {
      NodeContext ctx = ((ScriptedNode) sim.node(A)).ctx;
      ctx.transport().send(A, new byte[] {'x'});
    });
    sim.runUntil(300 * MS);
    // A 100 ms timer on a clock running 10% fast takes 90.9 ms of true time; it was set at 2 ms.
    assertThat(fired[0]).isEqualTo(2 * MS + 90_909_090);
  }

  @Test
  void aDriftingClockReadsFastOrSlow() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.skewClock(A, 0, 100_000); // 10% fast
    long before = sim.wallClockMillis(A);
    sim.runUntil(101 * MS);
    assertThat(sim.wallClockMillis(A) - before).isEqualTo(110);
    sim.skewClock(A, 0, -100_000); // 10% slow from now on
    before = sim.wallClockMillis(A);
    sim.runUntil(201 * MS);
    assertThat(sim.wallClockMillis(A) - before).isEqualTo(90);
  }

  @Test
  void aRestartedNodeGetsNoMessageSentToItsPreviousIncarnation() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.schedule(0, "sends", () -> {
      sim.node(A, ScriptedNode.class).send("b", "to the old b");
      sim.node(B, ScriptedNode.class).send("b", "b to the old b");
    });
    sim.runEvents(1); // both in flight, arriving at 2 ms
    sim.crash(B);
    sim.restart(B); // the new incarnation is up before they arrive
    sim.runUntil(20 * MS);
    assertThat(log).noneMatch(l -> l.startsWith("b <- "));
  }

  @Test
  void aMessageWaitingForAPausedNodeDiesWithItsProcess() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.pause(B, 5 * MS); // until 6 ms
    sendLater(sim, 0, "to a paused b"); // reaches b's host at 2 ms and waits for the pause
    sim.schedule(2 * MS, "crash and restart b", () -> {
      sim.crash(B);
      sim.restart(B);
    });
    sim.runUntil(20 * MS);
    assertThat(sim.incarnation(B)).isEqualTo(2);
    assertThat(log).noneMatch(l -> l.startsWith("b <- "));
  }

  @Test
  void aNodeHandlesNothingElseWhileItsHandlerWaitsForTheDisk() {
    Simulation sim = sim(exact().with(Knob.DISK_SYNC_MS, 4)); // a sync takes 2 to 6 ms
    long[] syncDoneMono = new long[1];
    long[] handledMono = new long[1];
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> {
      s.ctx.fileSystem().create("f").sync();
      syncDoneMono[0] = s.ctx.clock().monotonicNanos();
    }, (s, f, t) -> handledMono[0] = s.ctx.clock().monotonicNanos(), (s, f, t) -> {}));
    sim.addNode(B, id -> new ScriptedNode(log, (s, f, t) -> s.send("a", "during the sync"), (s, f, t) -> {}, (s, f, t) -> {}));
    sim.runUntil(20 * MS); // the message arrives at 1 ms, in the middle of a's sync
    assertThat(log).contains("a <- b during the sync");
    assertThat(handledMono[0]).isGreaterThanOrEqualTo(syncDoneMono[0]);
    assertThat(sim.stats().get(Stat.DEFERRED)).isEqualTo(1);
  }

  @Test
  void invariantsRunAfterEveryDeliveredEvent() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.ctx.timers().schedule(1, "t"), (s, f, t) -> {},
        (s, f, t) -> s.ctx.timers().schedule(1, "t")));
    long[] checks = new long[1];
    sim.addInvariant("count", s -> checks[0]++);
    sim.runUntil(50 * MS);
    assertThat(sim.stats().get(Stat.EVENTS)).isGreaterThan(50);
    assertThat(checks[0]).isEqualTo(sim.stats().get(Stat.EVENTS));
  }

  @Test
  void aPausedNodeRunsNothingUntilItWakes() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.ctx.timers().schedule(2, "ping"), (s, f, t) -> {},
        (s, f, t) -> s.send("b", "ping")));
    sim.addNode(B, id -> new ScriptedNode(log, (s, f, t) -> {}, (s, f, t) -> log.add("b handled at " + sim.nowNanos()),
        (s, f, t) -> {}));
    sim.runUntil(MS);
    sim.pause(B, 50 * MS);
    sim.runUntil(100 * MS);
    assertThat(log).contains("b handled at " + 51 * MS);
    assertThat(sim.stats().get(Stat.DEFERRED)).isEqualTo(1);
  }

  /** Sends {@code text} from a to b as an event {@code delayNanos} from now. */
  private void sendLater(Simulation sim, long delayNanos, String text) {
    sim.schedule(delayNanos, "send " + text, () -> sim.node(A, ScriptedNode.class).send("b", text));
  }

  @Test
  void aPausedNodeStillGetsAFifoLinksMessagesInOrder() {
    Simulation sim = sim(exact()); // 1 ms latency, no reordering
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.pause(B, 9 * MS); // b wakes at 10 ms
    sendLater(sim, 7 * MS + MS / 2, "first"); // arrives at 9.5 ms: waits for b
    sendLater(sim, 8 * MS, "second"); // arrives at 10 ms, when b wakes
    sim.runUntil(20 * MS);
    assertThat(log).containsSubsequence("b <- a first", "b <- a second");
  }

  @Test
  void aLongerPauseStillKeepsAFifoLinkInOrder() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.pause(B, 4 * MS); // until 5 ms
    sendLater(sim, MS, "first"); // arrives at 3 ms: waits until 5 ms
    sim.schedule(2 * MS + MS / 2, "pause b more", () -> sim.pause(B, 6 * MS + MS / 2)); // at 3.5 ms: until 10 ms
    sendLater(sim, 2 * MS, "second"); // arrives at 4 ms: waits until 10 ms; "first" waits again at 5 ms
    sim.runUntil(20 * MS);
    assertThat(log).containsSubsequence("b <- a first", "b <- a second");
  }

  /** A node that counts starts in a durable file and sends "started N" to b. */
  private ScriptedNode counterNode() {
    return new ScriptedNode(log, (s, f, t) -> {
      var fs = s.ctx.fileSystem();
      FileHandle h = fs.exists("n") ? fs.open("n") : fs.create("n");
      byte[] b = new byte[1];
      h.read(0, b, 0, 1);
      b[0]++;
      h.write(0, b);
      h.sync();
      fs.syncDirectory("");
      s.send("b", "started " + b[0]);
      s.ctx.timers().schedule(1000, "late");
    }, (s, f, t) -> {}, (s, f, t) -> {});
  }

  @Test
  void aCrashedNodeIsRebuiltFromItsDiskByANewObject() {
    Simulation sim = sim(exact());
    List<Object> objects = new ArrayList<>();
    sim.addNode(A, id -> {
      ScriptedNode n = counterNode();
      objects.add(n);
      return n;
    });
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(10 * MS);
    sim.crash(A);
    assertThat(sim.isUp(A)).isFalse();
    assertThat(sim.node(A)).isNull();
    sim.runUntil(20 * MS);
    assertThat(log).contains("b disconnected a");
    sim.restart(A);
    sim.runUntil(2000 * MS);
    assertThat(objects).hasSize(2);
    assertThat(objects.get(0)).isNotSameAs(objects.get(1));
    assertThat(log).contains("b <- a started 1", "b <- a started 2");
    assertThat(log.stream().filter(l -> l.equals("a timer late")).count()).as("the first incarnation's timer died").isEqualTo(1);
    assertThat(sim.incarnation(A)).isEqualTo(2);
    assertThat(sim.stats().get(Stat.RESTARTS)).isEqualTo(1);
  }

  @Test
  void crashListenersHearOfACrashWhenItHappensWithTheDeadIncarnationStillReadable() {
    FaultSchedule schedule = FaultSchedule.of(FaultPlan.of(exact())).withEvents(List.of(
        new FaultEvent.Crash(3 * MS, A, 0, CrashKind.PROCESS_KILL), new FaultEvent.Restart(7 * MS, A)));
    Simulation sim = Simulation.builder(42).schedule(schedule).traceTail(50).build();
    List<Object> incarnations = new ArrayList<>();
    sim.addNode(A, id -> {
      ScriptedNode n = ScriptedNode.quiet(log);
      incarnations.add(n);
      return n;
    });
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    List<String> heard = new ArrayList<>();
    List<Object> dying = new ArrayList<>();
    sim.addCrashListener(id -> {
      heard.add(id + " at " + sim.nowNanos() / MS + " ms, incarnation " + sim.incarnation(id));
      dying.add(sim.node(id));
    });
    sim.runUntil(5 * MS);
    assertThat(heard).containsExactly("a at 3 ms, incarnation 1");
    assertThat(dying).containsExactly(incarnations.get(0));
    sim.runUntil(10 * MS);
    assertThat(incarnations).hasSize(2);
    assertThat(heard).as("a restart is no crash").hasSize(1);
    sim.crash(B);
    assertThat(heard).containsExactly("a at 3 ms, incarnation 1", "b at 10 ms, incarnation 1");
    assertThat(dying.get(1)).isNotNull();
  }

  @Test
  void messagesToADownNodeAreLostButWhatItSentBeforeDyingArrives() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.send("b", "last words"), (s, f, t) -> {}, (s, f, t) -> {}));
    sim.addNode(B, id -> new ScriptedNode(log, (s, f, t) -> s.send("a", "to the dead"), (s, f, t) -> {}, (s, f, t) -> {}));
    sim.runEvents(2); // both started, both messages in flight
    sim.crash(A);
    sim.runUntil(10 * MS);
    assertThat(log).contains("b <- a last words").doesNotContain("a <- b to the dead");
    assertThat(log.indexOf("b <- a last words")).isLessThan(log.indexOf("b disconnected a"));
  }

  @Test
  void aCrashAtAnIoOperationStopsTheHandlerThere() {
    Simulation sim = sim(exact().with(Knob.DISK_UNSYNCED_SURVIVAL_P, 0));
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.ctx.timers().schedule(1, "work"), (s, f, t) -> {}, (s, f, t) -> {
      var fs = s.ctx.fileSystem();
      if (fs.exists("f")) {
        s.send("b", "found " + fs.open("f").sizeBytes() + " bytes");
        return;
      }
      FileHandle h = fs.create("f");
      fs.syncDirectory("");
      h.write(0, new byte[100]);
      s.send("b", "acked before sync");
      h.sync(); // the armed crash fires here
      s.send("b", "after sync");
    }));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS / 2);
    sim.crashAtIo(A, 5); // exists, create, syncDirectory, write, sync
    sim.runUntil(10 * MS);
    assertThat(sim.isUp(A)).isFalse();
    assertThat(log).contains("b <- a acked before sync").doesNotContain("b <- a after sync");
    assertThat(sim.stats().get(Stat.CRASHES_AT_IO)).isEqualTo(1);
    sim.restart(A);
    sim.runUntil(20 * MS);
    // The sync was cut: the write may or may not have reached the disk, whole sectors at a time.
    assertThat(log).containsAnyOf("b <- a found 0 bytes", "b <- a found 100 bytes");
  }

  /** A node that reports what it finds of "f", else creates it durably and writes 100 bytes unsynced. */
  private ScriptedNode unsyncedWriter() {
    return new ScriptedNode(log, (s, f, t) -> {
      var fs = s.ctx.fileSystem();
      if (fs.exists("f")) {
        s.send("b", "found " + fs.open("f").sizeBytes() + " bytes");
        return;
      }
      FileHandle h = fs.create("f");
      fs.syncDirectory("");
      h.write(0, new byte[100]);
    }, (s, f, t) -> {}, (s, f, t) -> {});
  }

  @Test
  void afterAProcessKillTheNextIncarnationReadsWhatWasNeverSynced() {
    Simulation sim = sim(exact().with(Knob.DISK_UNSYNCED_SURVIVAL_P, 0));
    sim.addNode(A, id -> unsyncedWriter());
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.crash(A, CrashKind.PROCESS_KILL);
    sim.restart(A);
    sim.runUntil(10 * MS);
    assertThat(log).contains("b <- a found 100 bytes");
    assertThat(sim.stats().get(Stat.PROCESS_KILLS)).isEqualTo(1);
    assertThat(sim.stats().get(Stat.CRASHES)).isZero();
    // Still not durable: a power loss now takes the bytes back.
    sim.crash(A);
    sim.restart(A);
    sim.runUntil(20 * MS);
    assertThat(log).contains("b <- a found 0 bytes");
  }

  /** The same through a fault schedule: a scheduled kill between events spares the page cache too. */
  @Test
  void aScheduledKillBetweenEventsSparesThePageCacheAndAScheduledPowerLossDoesNot() {
    FaultSchedule schedule = FaultSchedule.of(FaultPlan.of(exact().with(Knob.DISK_UNSYNCED_SURVIVAL_P, 0))).withEvents(List.of(
        new FaultEvent.Crash(MS, A, 0, CrashKind.PROCESS_KILL), new FaultEvent.Restart(2 * MS, A),
        new FaultEvent.Crash(5 * MS, A, 0, CrashKind.POWER_LOSS), new FaultEvent.Restart(6 * MS, A)));
    Simulation sim = Simulation.builder(42).schedule(schedule).traceTail(50).build();
    sim.addNode(A, id -> unsyncedWriter());
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(4 * MS);
    assertThat(log).contains("b <- a found 100 bytes");
    sim.runUntil(10 * MS);
    assertThat(log).contains("b <- a found 0 bytes");
    assertThat(sim.stats().get(Stat.PROCESS_KILLS)).isEqualTo(1);
    assertThat(sim.stats().get(Stat.CRASHES)).isEqualTo(1);
  }

  @Test
  void afterAPowerLossTheUnsyncedBytesAreGone() {
    Simulation sim = sim(exact().with(Knob.DISK_UNSYNCED_SURVIVAL_P, 0));
    sim.addNode(A, id -> unsyncedWriter());
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    sim.crash(A, CrashKind.POWER_LOSS);
    sim.restart(A);
    sim.runUntil(10 * MS);
    assertThat(log).contains("b <- a found 0 bytes").doesNotContain("b <- a found 100 bytes");
  }

  @Test
  void aStorageErrorStopsTheNodeAndItRestartsLater() {
    Simulation sim = sim(exact().with(Knob.PROC_PANIC_RESTART_MS, 7));
    int[] starts = new int[1];
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> {
      if (++starts[0] == 1) {
        throw new UncheckedIOException(new StorageException(StorageException.Kind.IO_ERROR, "x", "boom"));
      }
    }, (s, f, t) -> {}, (s, f, t) -> {}));
    sim.runUntil(MS);
    assertThat(sim.isUp(A)).isFalse();
    assertThat(sim.stats().get(Stat.PANICS)).isEqualTo(1);
    sim.runUntil(7 * MS);
    assertThat(sim.isUp(A)).isTrue();
    assertThat(starts[0]).isEqualTo(2);
  }

  /** Like {@link #unsyncedWriter}, but its first incarnation stops on a storage error after the write. */
  private ScriptedNode panickingWriter() {
    return new ScriptedNode(log, (s, f, t) -> {
      var fs = s.ctx.fileSystem();
      if (fs.exists("f")) {
        s.send("b", "found " + fs.open("f").sizeBytes() + " bytes");
        return;
      }
      FileHandle h = fs.create("f");
      fs.syncDirectory("");
      h.write(0, new byte[100]);
      throw new UncheckedIOException(new StorageException(StorageException.Kind.SYNC_FAILED, "f", "boom"));
    }, (s, f, t) -> {}, (s, f, t) -> {});
  }

  @Test
  void aPanicIsAProcessExitThePageCacheSurvivesIt() {
    Simulation sim = sim(exact().with(Knob.DISK_UNSYNCED_SURVIVAL_P, 0).with(Knob.PROC_PANIC_RESTART_MS, 1));
    sim.addNode(A, id -> panickingWriter());
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(10 * MS);
    assertThat(sim.stats().get(Stat.PANICS)).isEqualTo(1);
    assertThat(log).contains("b <- a found 100 bytes");
  }

  @Test
  void aSimulationCanStillModelAPanicAsAPowerLoss() {
    Simulation sim = Simulation.builder(42).panicCrash(CrashKind.POWER_LOSS)
        .schedule(FaultSchedule.of(FaultPlan.of(exact().with(Knob.DISK_UNSYNCED_SURVIVAL_P, 0)
            .with(Knob.PROC_PANIC_RESTART_MS, 1)))).build();
    sim.addNode(A, id -> panickingWriter());
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(10 * MS);
    assertThat(sim.stats().get(Stat.PANICS)).isEqualTo(1);
    assertThat(log).contains("b <- a found 0 bytes").doesNotContain("b <- a found 100 bytes");
  }

  @Test
  void aNodeBugFailsTheRunWithItsSeedAndReplayHint() {
    Simulation sim = Simulation.builder(777).replayHint("mvn test -Dseed=777").traceTail(5).build();
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> {
      throw new IllegalStateException("bug in a");
    }, (s, f, t) -> {}, (s, f, t) -> {}));
    assertThatThrownBy(() -> sim.runUntil(MS)).isInstanceOf(SimulationFailure.class)
        .hasMessageContaining("a: node threw java.lang.IllegalStateException: bug in a")
        .hasMessageContaining("seed 777").hasMessageContaining("replay: mvn test -Dseed=777")
        .hasMessageContaining("start a (incarnation 1)")
        .satisfies(e -> assertThat(((SimulationFailure) e).seed()).isEqualTo(777))
        .satisfies(e -> assertThat(((SimulationFailure) e).kind()).isEqualTo("a java.lang.IllegalStateException"));
    assertThatThrownBy(sim::step).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBrokenInvariantFailsTheRunAtTheEventThatBrokeIt() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.ctx.timers().schedule(3, "t"), (s, f, t) -> {}, (s, f, t) -> {}));
    sim.addInvariant("no timer fired", s -> {
      if (s.stats().get(Stat.TIMERS_FIRED) > 0) {
        throw new AssertionError("a timer fired");
      }
    });
    assertThatThrownBy(() -> sim.runUntil(10 * MS)).isInstanceOf(SimulationFailure.class)
        .hasMessageContaining("invariant 'no timer fired' violated: a timer fired")
        .satisfies(e -> assertThat(((SimulationFailure) e).atNanos()).isEqualTo(3 * MS))
        .satisfies(e -> assertThat(((SimulationFailure) e).kind()).isEqualTo("invariant 'no timer fired'"));
  }

  @Test
  void aZeroDelayLoopIsCaught() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.ctx.timers().schedule(0, "t"), (s, f, t) -> {},
        (s, f, t) -> s.ctx.timers().schedule(0, "t")));
    assertThatThrownBy(() -> sim.runUntil(MS)).isInstanceOf(SimulationFailure.class).hasMessageContaining("zero-delay loop");
  }

  @Test
  void anOversizedMessageIsABugOfTheSender() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.ctx.transport().send(B, new byte[(4 << 20) + 1]),
        (s, f, t) -> {}, (s, f, t) -> {}));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    assertThatThrownBy(() -> sim.runUntil(MS)).isInstanceOf(SimulationFailure.class).hasMessageContaining("over the limit");
  }

  @Test
  void aMessageToAnUnknownNodeIsCountedAndDropped() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> s.send("nobody", "x"), (s, f, t) -> {}, (s, f, t) -> {}));
    sim.runUntil(MS);
    assertThat(sim.stats().get(Stat.DROPPED_UNROUTABLE)).isEqualTo(1);
  }

  @Test
  void aDeadIncarnationCannotActThroughItsLeakedContext() {
    Simulation sim = sim(exact());
    NodeContext[] leaked = new NodeContext[1];
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> leaked[0] = s.ctx, (s, f, t) -> {}, (s, f, t) -> {}));
    sim.runUntil(MS);
    sim.crash(A);
    sim.schedule(0, "zombie send", () -> leaked[0].transport().send(A, new byte[1]));
    assertThatThrownBy(() -> sim.runUntil(2 * MS)).isInstanceOf(SimulationFailure.class)
        .hasCauseInstanceOf(SimulatedCrash.class);
  }

  @Test
  void partitionsCutTheirLinksOnlyAndHealRestoresThem() {
    Simulation sim = sim(exact());
    for (NodeId n : List.of(A, B, C)) {
      sim.addNode(n, id -> new ScriptedNode(log, (s, f, t) -> {}, (s, f, t) -> {}, (s, f, t) -> {}));
    }
    sim.runUntil(MS);
    sim.partition(new PartitionSpec(PartitionSpec.Shape.ONEWAY, List.of(List.of(A), List.of(B))));
    broadcast(sim, "oneway");
    sim.runUntil(5 * MS);
    assertThat(log).contains("a <- b oneway", "c <- a oneway", "a <- c oneway").doesNotContain("b <- a oneway");
    sim.partition(new PartitionSpec(PartitionSpec.Shape.BRIDGE, List.of(List.of(A), List.of(B), List.of(C))));
    broadcast(sim, "bridge");
    sim.runUntil(10 * MS);
    assertThat(log).contains("b <- a bridge", "a <- b bridge", "c <- b bridge").doesNotContain("c <- a bridge", "a <- c bridge");
    sim.healPartition();
    broadcast(sim, "healed");
    sim.runUntil(15 * MS);
    assertThat(log).contains("c <- a healed", "a <- c healed", "b <- a healed");
  }

  private static void broadcast(Simulation sim, String text) {
    for (NodeId from : sim.nodes()) {
      ScriptedNode n = sim.node(from, ScriptedNode.class);
      for (NodeId to : sim.nodes()) {
        if (!to.equals(from)) {
          sim.schedule(0, "send", () -> n.send(to.name(), text));
        }
      }
    }
  }

  @Test
  void aConnectionResetLosesWhatIsInFlightAndTellsBothEnds() {
    Simulation sim = sim(exact());
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    sim.runUntil(MS);
    broadcast(sim, "doomed");
    sim.runEvents(2); // both sent, nothing arrived
    sim.reset(A, B);
    sim.runUntil(5 * MS);
    assertThat(log).contains("a disconnected b", "b disconnected a").noneMatch(l -> l.contains("doomed"));
    assertThat(sim.stats().get(Stat.DROPPED_RESET)).isEqualTo(2);
  }

  @Test
  void diskLatencyDelaysWhatAHandlerSendsAfterItsSync() {
    Simulation sim = sim(exact().with(Knob.DISK_SYNC_MS, 4));
    sim.addNode(A, id -> new ScriptedNode(log, (s, f, t) -> {
      FileHandle h = s.ctx.fileSystem().create("f");
      s.send("b", "before");
      h.sync();
      s.send("b", "after");
    }, (s, f, t) -> {}, (s, f, t) -> {}));
    sim.addNode(B, id -> new ScriptedNode(log, (s, f, t) -> {}, (s, f, t) -> log.add(t + " at " + sim.nowNanos()),
        (s, f, t) -> {}));
    sim.runUntil(20 * MS);
    long before = Long.parseLong(log.stream().filter(l -> l.startsWith("before at")).findFirst().orElseThrow().substring(10));
    long after = Long.parseLong(log.stream().filter(l -> l.startsWith("after at")).findFirst().orElseThrow().substring(9));
    assertThat(after - before).isBetween(2 * MS, 6 * MS); // sync latency is uniform in [2, 6] ms
  }

  @Test
  void healRestartsDownNodesAndSkipsPendingFaults() {
    FaultSchedule schedule = FaultSchedule.of(FaultPlan.of(exact().with(Knob.NET_DROP_P, 1)))
        .withEvents(List.of(new FaultEvent.Crash(5 * MS, A, 0), new FaultEvent.Crash(50 * MS, B, 0)));
    Simulation sim = Simulation.builder(1).schedule(schedule).build();
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    sim.addNode(B, id -> ScriptedNode.quiet(log));
    RunOutcome out = sim.run(10 * MS, s -> s.isUp(A), 100 * MS);
    assertThat(out.progressed()).isTrue();
    assertThat(out.livenessNanos()).isZero();
    sim.runUntil(100 * MS);
    assertThat(sim.isUp(B)).as("the crash scheduled after the heal is skipped").isTrue();
    broadcast(sim, "clean");
    sim.runUntil(110 * MS);
    assertThat(log).contains("a <- b clean", "b <- a clean");
  }

  @Test
  void aScheduleNamingAnUnknownNodeIsRejectedAtTheStart() {
    FaultSchedule schedule = FaultSchedule.of(FaultPlan.of(exact())).withEvents(List.of(new FaultEvent.Crash(MS, C, 0)));
    Simulation sim = Simulation.builder(1).schedule(schedule).build();
    sim.addNode(A, id -> ScriptedNode.quiet(log));
    assertThatThrownBy(sim::step).hasMessageContaining("names node c, which was not added");
  }
}
