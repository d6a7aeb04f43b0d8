package untorn.safekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.proposer.Proposer.Phase;
import untorn.safekeeper.proposer.QuorumCommit;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.proto.WalChunk;
import untorn.safekeeper.testing.Cluster;
import untorn.safekeeper.testing.CrashableFileSystem;
import untorn.safekeeper.testing.CrashableFileSystem.Loss;
import untorn.safekeeper.testing.WalFixture;
import untorn.core.trace.TraceEvent;

/**
 * Interaction scripts of what happens after failures: divergent tails cut at the highest common
 * point (also with a crash at every step of the cut), the figure-8 case, recovery of missing WAL
 * from the donor, restarts, peer recovery and WAL removal.
 */
class RecoveryTest {
  static Lsn end(List<EncodedRecord> records) {
    return records.get(records.size() - 1).logged().endLsn();
  }

  static Predicate<Cluster.Envelope> to(String... names) {
    return e -> List.of(names).contains(e.to().name());
  }

  static Predicate<Cluster.Envelope> notTo(String... names) {
    return to(names).negate();
  }

  /** sk1 holds a tail of term 1 (x) that p2, elected by sk2 and sk3, never saw. */
  static Cluster divergedTail(long seed, List<List<EncodedRecord>> out) {
    Cluster c = Cluster.elected(3, seed, "p1");
    List<EncodedRecord> r = c.append("p1", 3);
    c.stabilize(2);
    List<EncodedRecord> x = c.append("p1", 2);
    c.deliverAll(to("sk1"));
    c.isolate("p1", "sk1");
    c.startProposer("p2", Term.of(2));
    c.stabilize(1);
    List<EncodedRecord> s = c.append("p2", 3);
    c.deliverAll();
    out.add(r);
    out.add(x);
    out.add(s);
    return c;
  }

  @Test
  void aDivergentTailIsCutAtTheHighestCommonPoint() {
    List<List<EncodedRecord>> wal = new java.util.ArrayList<>();
    Cluster c = divergedTail(1, wal);
    List<EncodedRecord> r = wal.get(0);
    List<EncodedRecord> x = wal.get(1);
    List<EncodedRecord> s = wal.get(2);
    assertThat(c.proposer("p2").termStartLsn()).isEqualTo(end(r));
    assertThat(c.acceptor("sk1").flushLsn()).isEqualTo(end(x));
    // sk1 returns; p1 stays away. p2 gets its vote late and sends it the elected message.
    c.heal().isolate("p1").stabilize(10);
    TraceEvent.AcceptElected cut = c.eventsOf(TraceEvent.AcceptElected.class).stream()
        .filter(e -> e.acceptor().name().equals("sk1") && e.term().equals(Term.of(2))).findFirst().orElseThrow();
    assertThat(cut.truncateLsn()).isEqualTo(end(r));
    assertThat(cut.flushLsn()).isEqualTo(end(r));
    assertThat(c.acceptor("sk1").flushLsn()).isEqualTo(end(s));
    assertThat(c.wal("sk1", end(r), end(s))).isEqualTo(WalFixture.bytes(s));
    assertThat(c.acceptor("sk1").history()).isEqualTo(c.proposer("p2").history());
  }

  /**
   * A crash at every storage operation of the cut, keeping any prefix of the unsynced work: on
   * restart the acceptor holds either its old history over a prefix of its old WAL, or the new
   * history with nothing of the old tail above the cut, and the run goes on to the same end.
   */
  @Property(tries = 40)
  void aCrashAnywhereInTheCutNeverBringsTheOldTailBack(@ForAll long seed, @ForAll @IntRange(min = 0, max = 11) int op) {
    List<List<EncodedRecord>> wal = new java.util.ArrayList<>();
    Cluster c = divergedTail(seed, wal);
    Lsn cutAt = end(wal.get(0));
    Lsn oldEnd = end(wal.get(1));
    c.heal().isolate("p1");
    assertThat(c.runUntil(e -> e.to().name().equals("sk1") && e.message() instanceof ProposerElected, 20)).isTrue();
    CrashableFileSystem disk = c.disk("sk1");
    disk.crashBefore(disk.mutatingOps() + op);
    try {
      c.deliverOne();
      disk.crashBefore(-1);
      c.crash("sk1", Loss.ANY_PREFIX);
    } catch (CrashableFileSystem.CrashPoint died) {
      c.crash("sk1", Loss.ANY_PREFIX);
    }
    Acceptor sk1 = c.acceptor("sk1");
    assertThat(sk1).as("seed %d op %d: sk1 broken: %s", seed, op, c.host("sk1").brokenReason()).isNotNull();
    if (sk1.history().lastTerm().equals(Term.of(2))) {
      assertThat(sk1.flushLsn()).as("seed %d op %d: new history, old tail gone", seed, op).isEqualTo(cutAt);
    } else {
      assertThat(sk1.flushLsn()).isBetween(cutAt, oldEnd);
      assertThat(c.wal("sk1", Lsn.ZERO, sk1.flushLsn()))
          .isEqualTo(java.util.Arrays.copyOf(WalFixture.bytes(concat(wal.get(0), wal.get(1))), (int) sk1.flushLsn().value()));
    }
    c.stabilize(8);
    assertThat(c.acceptor("sk1").flushLsn()).isEqualTo(end(wal.get(2)));
    assertThat(c.wal("sk1", cutAt, end(wal.get(2)))).isEqualTo(WalFixture.bytes(wal.get(2)));
  }

  /**
   * Raft's figure 8 in this protocol: p3 continues sk1's term-1 WAL and copies part of it to sk3,
   * so a majority holds that part, but sk3 has not reached p3's term start. Counting it would
   * commit WAL that p4 (continuing sk2's term-2 WAL, a higher last log term than sk3's) then cuts.
   * The quorum rule does not count it, so nothing is committed and nothing committed is lost.
   */
  @Test
  void figureEightOldTermWalOnAMajorityIsNotCommittedBeforeTheTermStart() {
    Cluster c = Cluster.elected(3, 8, "p1");
    List<EncodedRecord> r = c.append("p1", 300);
    c.deliverAll(to("sk1"));
    c.isolate("p1", "sk1");
    c.startProposer("p2", Term.of(2));
    c.deliverUntil(e -> e.message() instanceof ProposerElected);
    c.deliverAll(notTo("sk3"));
    assertThat(c.acceptor("sk2").history().lastTerm()).isEqualTo(Term.of(2));
    assertThat(c.acceptor("sk3").history().lastTerm()).isEqualTo(Term.of(1));
    c.append("p2", 2);
    c.deliverAll(to("sk2"));
    c.heal().isolate("p1", "p2", "sk2");
    c.startProposer("p3", Term.of(3));
    c.deliverUntil(e -> e.to().name().equals("sk3") && e.message() instanceof AppendRequest);
    c.deliverOne();
    c.deliverAll(notTo("sk3"));
    Lsn termStart = c.proposer("p3").termStartLsn();
    assertThat(termStart).isEqualTo(end(r));
    Lsn sk3 = c.acceptor("sk3").flushLsn();
    assertThat(sk3).isGreaterThan(Lsn.ZERO).isLessThan(termStart);
    // A majority (sk1, sk3) holds WAL up to sk3's flush, yet p3 commits nothing...
    assertThat(c.proposer("p3").commitLsn()).isEqualTo(Lsn.ZERO);
    // ...where counting sk3 below the term start would have committed it.
    Map<NodeId, Lsn> flushes = Map.of(NodeId.of("sk1"), termStart, NodeId.of("sk3"), sk3);
    assertThat(QuorumCommit.compute(flushes, Lsn.ZERO, 2).commitLsn()).isEqualTo(sk3);
    // p4 continues sk2's term-2 WAL: last log term 2 beats sk3's 1, and sk3's copy is cut.
    c.heal().isolate("p1", "p2", "p3", "sk1");
    c.startProposer("p4", Term.of(4));
    c.stabilize(4);
    assertThat(c.proposer("p4").donor()).isEqualTo(NodeId.of("sk2"));
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(c.acceptor("sk2").flushLsn());
    assertThat(c.violations()).isEmpty();
  }

  @Test
  void aProposerRecoversTheWalItLacksFromTheDonorInChunks() {
    Cluster c = Cluster.elected(3, 4, "p1");
    List<EncodedRecord> r1 = c.append("p1", 20);
    c.stabilize(2);
    List<EncodedRecord> r2 = c.append("p1", 400);
    c.deliverAll(to("sk1"));
    c.isolate("p1");
    c.startProposer("p2", Term.of(2));
    c.deliverAll();
    assertThat(c.proposer("p2").donor()).isEqualTo(NodeId.of("sk1"));
    assertThat(c.proposer("p2").termStartLsn()).isEqualTo(end(r2));
    c.stabilize(10);
    assertThat(c.proposer("p2").phase()).isEqualTo(Phase.STREAMING);
    for (String a : List.of("sk2", "sk3")) {
      assertThat(c.acceptor(a).flushLsn()).isEqualTo(end(r2));
      assertThat(c.wal(a, end(r1), end(r2))).isEqualTo(WalFixture.bytes(r2));
    }
    List<EncodedRecord> s = c.append("p2", 5);
    c.deliverAll();
    assertThat(c.proposer("p2").commitLsn()).isEqualTo(end(s));
  }

  @Test
  void theDonorServesItsWalInSeveralWholeRecordChunks() {
    Cluster c = Cluster.elected(3, 5, "p1");
    c.append("p1", 600);
    c.deliverAll(to("sk1"));
    c.isolate("p1");
    c.startProposer("p2", Term.of(2));
    Map<Lsn, WalChunk> chunks = new java.util.TreeMap<>();
    for (int i = 0; i < 500 && c.proposer("p2").phase() != Phase.STREAMING; i++) {
      c.inFlight().stream().filter(e -> e.message() instanceof WalChunk)
          .forEach(e -> chunks.put(((WalChunk) e.message()).beginLsn(), (WalChunk) e.message()));
      if (c.inFlight().isEmpty()) {
        c.tickAll();
      } else {
        c.deliverOne();
      }
    }
    assertThat(c.proposer("p2").phase()).isEqualTo(Phase.STREAMING);
    assertThat(chunks.size()).isGreaterThanOrEqualTo(2);
    assertThat(chunks.values()).allMatch(ch -> ch.wal().length <= Limits.RECOVERY_CHUNK_BYTES);
  }

  @Test
  void anAcceptorThatLosesPowerKeepsEverythingItAcknowledgedAndCatchesUp() {
    Cluster c = Cluster.elected(3, 6, "p1");
    c.append("p1", 60);
    // Half the messages get through, then sk2 loses power.
    int half = c.inFlight().size() / 2;
    for (int i = 0; i < half; i++) {
      c.deliverOne();
    }
    Lsn acked = c.proposer("p1").ackedFlushLsn(NodeId.of("sk2"));
    c.crash("sk2");
    assertThat(c.acceptor("sk2").flushLsn()).isGreaterThanOrEqualTo(acked);
    c.stabilize(8);
    assertThat(c.acceptor("sk2").flushLsn()).isEqualTo(c.proposer("p1").walEndLsn());
    assertThat(c.proposer("p1").commitLsn()).isEqualTo(c.proposer("p1").walEndLsn());
  }

  @Property(tries = 30)
  void crashesAtRandomStorageOperationsLoseNothingAcknowledged(@ForAll long seed) {
    Cluster c = Cluster.of(3, seed);
    Random rnd = new Random(seed);
    c.startProposer("p1");
    c.deliverAll();
    for (int round = 0; round < 6; round++) {
      c.append("p1", 1 + rnd.nextInt(20));
      String victim = "sk" + (1 + rnd.nextInt(3));
      CrashableFileSystem disk = c.disk(victim);
      disk.crashBefore(disk.mutatingOps() + rnd.nextInt(12));
      try {
        c.deliverAll();
        disk.crashBefore(-1);
      } catch (CrashableFileSystem.CrashPoint died) {
        Lsn acked = c.proposer("p1").ackedFlushLsn(NodeId.of(victim));
        c.crash(victim, Loss.ANY_PREFIX);
        assertThat(c.acceptor(victim).flushLsn()).as("seed %d", seed).isGreaterThanOrEqualTo(acked);
      }
      c.stabilize(4);
    }
    c.stabilize(8);
    assertThat(c.proposer("p1").commitLsn()).isEqualTo(c.proposer("p1").walEndLsn());
  }

  @Test
  void aLaggingAcceptorCatchesUpFromItsPeersWhenTheProposerNoLongerHasItsWal() {
    List<List<EncodedRecord>> wal = new java.util.ArrayList<>();
    Cluster c = thirdLagging(7, 10, 200, wal);
    List<EncodedRecord> r1 = wal.get(0);
    List<EncodedRecord> r2 = wal.get(1);
    // A new proposer, elected without sk3, holds no WAL below its term start.
    c.isolate("p1");
    c.startProposer("p2", Term.of(2));
    c.stabilize(2);
    assertThat(c.proposer("p2").termStartLsn()).isEqualTo(end(r2));
    c.heal().isolate("p1");
    c.stabilize(6);
    assertThat(c.acceptor("sk3").history()).isEqualTo(c.proposer("p2").history());
    c.stabilize(12);
    // p2 never held WAL below its term start: sk3 got it from its peers.
    assertThat(c.eventsOf(TraceEvent.Append.class))
        .anyMatch(e -> e.acceptor().name().equals("sk3") && e.term().equals(Term.of(2)) && e.beginLsn().isBefore(end(r2)));
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(end(r2));
    assertThat(c.wal("sk3", end(r1), end(r2))).isEqualTo(WalFixture.bytes(r2));
    List<EncodedRecord> s = c.append("p2", 3);
    c.stabilize(3);
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(end(s));
  }

  @Test
  void walBelowThePersistedLsnIsRemovedAndNothingAboveItEver() {
    Cluster c = Cluster.elected(3, 9, "p1");
    List<EncodedRecord> wal = c.append("p1", 300);
    c.stabilize(3);
    Lsn persisted = wal.get(200).logged().endLsn();
    for (NodeId a : c.acceptors()) {
      c.inject("pageserver", a.name(), new untorn.safekeeper.proto.PersistedLsnUpdate(Cluster.TT, persisted));
    }
    c.stabilize(3);
    for (NodeId a : c.acceptors()) {
      TimelineHostView v = new TimelineHostView(c, a.name());
      assertThat(v.localStart()).as("%s", a).isEqualTo(persisted);
      assertThat(c.wal(a.name(), Lsn.ZERO, Lsn.of(8))).isEmpty();
      assertThat(c.wal(a.name(), persisted, end(wal))).isEqualTo(java.util.Arrays.copyOfRange(WalFixture.bytes(wal),
          (int) persisted.value(), (int) end(wal).value()));
    }
    // A restart rebuilds from the kept WAL alone.
    c.crash("sk2");
    assertThat(c.acceptor("sk2").flushLsn()).isEqualTo(end(wal));
    assertThat(c.acceptor("sk2").localStartLsn()).isEqualTo(persisted);
  }

  @Test
  void walALaggingAcceptorStillNeedsIsNotRemovedEvenIfThePageserverHasIt() {
    List<List<EncodedRecord>> wal = new java.util.ArrayList<>();
    Cluster c = thirdLagging(10, 5, 300, wal);
    List<EncodedRecord> r1 = wal.get(0);
    List<EncodedRecord> r2 = wal.get(1);
    for (String a : List.of("sk1", "sk2")) {
      c.inject("pageserver", a, new untorn.safekeeper.proto.PersistedLsnUpdate(Cluster.TT, end(r2)));
    }
    c.stabilize(3);
    assertThat(c.proposer("p1").peerHorizonLsn()).isEqualTo(end(r1));
    assertThat(c.acceptor("sk1").localStartLsn()).isLessThanOrEqualTo(end(r1));
    c.heal().stabilize(10);
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(end(r2));
  }

  /**
   * The peer horizon counts every acceptor, also one that never joined the term: sk3 is cut off
   * from the start, so WAL the pageserver already has must stay on sk1 and sk2 until sk3 holds it.
   */
  @Test
  void walAnAcceptorThatNeverJoinedTheTermNeedsIsNotRemoved() {
    Cluster c = Cluster.of(3, 11);
    c.isolate("sk3");
    c.startProposer("p1");
    c.stabilize(2);
    List<EncodedRecord> wal = c.append("p1", 300);
    c.stabilize(3);
    assertThat(end(wal).value()).isGreaterThan(2L * Cluster.LAYOUT.segmentSizeBytes());
    for (String a : List.of("sk1", "sk2")) {
      c.inject("pageserver", a, new untorn.safekeeper.proto.PersistedLsnUpdate(Cluster.TT, end(wal)));
    }
    c.stabilize(3);
    assertThat(c.proposer("p1").peerHorizonLsn()).isEqualTo(Lsn.ZERO);
    assertThat(c.acceptor("sk1").localStartLsn()).isEqualTo(Lsn.ZERO);
    c.heal().stabilize(12);
    assertThat(c.acceptor("sk3").flushLsn()).isEqualTo(end(wal));
    assertThat(c.wal("sk3", Lsn.ZERO, end(wal))).isEqualTo(WalFixture.bytes(wal));
  }

  /**
   * Removal waits for every acceptor, also after one lost its disk: sk3 held r1 when its disk was
   * replaced by an empty one; it now refuses the timeline, so p1 stops counting it (its peer
   * horizon stays at r1's end, where all three had it), commits r2 on sk1 and sk2, and they keep
   * every byte from r1's end on although the pageserver has persisted all of r2.
   */
  @Test
  void afterADiskReplacementWalIsRemovedOnlyBelowWhatEveryAcceptorHeldBefore() {
    Cluster c = Cluster.elected(3, 12, "p1");
    List<EncodedRecord> r1 = c.append("p1", 100);
    c.stabilize(3);
    assertThat(c.proposer("p1").peerHorizonLsn()).isEqualTo(end(r1));
    c.replaceDisk("sk3");
    assertThat(c.acceptor("sk3")).isNull();
    List<EncodedRecord> r2 = c.append("p1", 300);
    c.stabilize(3);
    assertThat(end(r2).minus(end(r1))).isGreaterThan(2L * Cluster.LAYOUT.segmentSizeBytes());
    for (String a : List.of("sk1", "sk2")) {
      c.inject("pageserver", a, new untorn.safekeeper.proto.PersistedLsnUpdate(Cluster.TT, end(r2)));
    }
    c.stabilize(3);
    assertThat(c.proposer("p1").commitLsn()).isEqualTo(end(r2));
    assertThat(c.proposer("p1").peerHorizonLsn()).isEqualTo(end(r1));
    for (String a : List.of("sk1", "sk2")) {
      assertThat(c.acceptor(a).localStartLsn()).as(a).isLessThanOrEqualTo(end(r1));
      assertThat(c.wal(a, end(r1), end(r2))).isEqualTo(WalFixture.bytes(r2));
    }
  }

  /** p1 commits r1 on all three acceptors, then r2 on sk1 and sk2 only while sk3 is cut off. */
  static Cluster thirdLagging(long seed, int r1Records, int r2Records, List<List<EncodedRecord>> out) {
    Cluster c = Cluster.elected(3, seed, "p1");
    out.add(c.append("p1", r1Records));
    c.stabilize(2);
    c.isolate("sk3");
    out.add(c.append("p1", r2Records));
    c.stabilize(3);
    return c;
  }

  /** Read-only view of where an acceptor's kept WAL starts. */
  record TimelineHostView(Cluster c, String name) {
    Lsn localStart() {
      return c.host(name).storage().durableControl().localStartLsn();
    }
  }

  static List<EncodedRecord> concat(List<EncodedRecord> a, List<EncodedRecord> b) {
    List<EncodedRecord> out = new java.util.ArrayList<>(a);
    out.addAll(b);
    return out;
  }
}
