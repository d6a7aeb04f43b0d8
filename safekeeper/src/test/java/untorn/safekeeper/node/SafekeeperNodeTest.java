package untorn.safekeeper.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.wal.WalLayout;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.proposer.ProposerConfig;
import untorn.safekeeper.proto.Greeting;
import untorn.safekeeper.proto.MessageCodec;
import untorn.safekeeper.proto.MessageDecodeException;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteRequest;
import untorn.safekeeper.storage.ControlFileStore;
import untorn.safekeeper.storage.TimelineStorage;
import untorn.safekeeper.testing.LocalRuntime;
import untorn.core.trace.RecordingTraceSink;
import untorn.core.trace.TraceEvent;

/**
 * The drivers on virtual time: safekeeper processes hosting several timelines and computes
 * embedding the walproposer, with restarts, a replaced disk, and bad input at the process level.
 */
class SafekeeperNodeTest {
  static final TenantTimeline A = TenantTimeline.of(1, 1);
  static final TenantTimeline B = TenantTimeline.of(2, 7);
  static final List<NodeId> SKS = List.of(NodeId.of("sk1"), NodeId.of("sk2"), NodeId.of("sk3"));
  static final NodeId SK1 = SKS.get(0);

  final LocalRuntime rt = new LocalRuntime(17);
  final RecordingTraceSink events = new RecordingTraceSink();

  SafekeeperConfig config(NodeId self, Set<TenantTimeline> timelines) {
    List<NodeId> peers = SKS.stream().filter(x -> !x.equals(self)).toList();
    return SafekeeperConfig.of(peers, timelines).withLayout(new WalLayout(64 << 10));
  }

  void addSafekeepers(Set<TenantTimeline> timelines) {
    for (NodeId sk : SKS) {
      AtomicBoolean first = new AtomicBoolean(true);
      SafekeeperConfig cfg = config(sk, timelines);
      rt.add(sk, () -> new SafekeeperNode(first.getAndSet(false) ? cfg : cfg.withoutBootstrap(), events));
    }
  }

  ProposerNode addCompute(String name, TenantTimeline tt) {
    NodeId id = NodeId.of(name);
    rt.add(id, () -> new ProposerNode(tt, SKS, ProposerConfig.DEFAULTS, Mutants.NONE, events, 50, 20, 400));
    return rt.node(id);
  }

  SafekeeperNode sk(NodeId id) {
    return rt.node(id);
  }

  @Test
  void threeSafekeepersCommitTheWalOfACompute() {
    addSafekeepers(Set.of(A));
    ProposerNode compute = addCompute("compute", A);
    rt.runFor(5_000);
    assertThat(compute.recordsAppended()).isGreaterThan(100);
    Lsn commit = compute.commitLsn();
    assertThat(commit).isGreaterThan(Lsn.ZERO);
    for (NodeId sk : SKS) {
      assertThat(sk(sk).timeline(A).acceptor().flushLsn()).isGreaterThanOrEqualTo(commit);
    }
    assertThat(events.events()).filteredOn(TraceEvent.Elect.class::isInstance).hasSize(1);
  }

  @Test
  void aSafekeeperRestartedFromItsDiskRejoinsAndCatchesUp() {
    addSafekeepers(Set.of(A));
    ProposerNode compute = addCompute("compute", A);
    rt.runFor(2_000);
    rt.crashAndRestart(SKS.get(1));
    rt.runFor(3_000);
    Lsn commit = compute.commitLsn();
    assertThat(sk(SKS.get(1)).timeline(A).acceptor().flushLsn()).isGreaterThanOrEqualTo(commit);
    assertThat(events.events()).anyMatch(e -> e instanceof TraceEvent.AcceptorRestart r && r.acceptor().equals(SKS.get(1)));
  }

  @Test
  void aComputeThatRestartsStartsANewTermFromTheCommittedEnd() {
    addSafekeepers(Set.of(A));
    ProposerNode compute = addCompute("compute", A);
    rt.runFor(2_000);
    Lsn before = compute.commitLsn();
    rt.crashAndRestart(NodeId.of("compute"));
    rt.runFor(2_000);
    ProposerNode again = rt.node(NodeId.of("compute"));
    assertThat(again.driver().proposer().term()).isEqualTo(Term.of(2));
    assertThat(again.driver().proposer().termStartLsn()).isGreaterThanOrEqualTo(before);
    assertThat(again.commitLsn()).isGreaterThan(before);
  }

  @Test
  void timelinesAreIsolatedADamagedOneDoesNotStopTheOthers() throws Exception {
    addSafekeepers(Set.of(A, B));
    ProposerNode ca = addCompute("ca", A);
    ProposerNode cb = addCompute("cb", B);
    rt.runFor(2_000);
    // Timeline A's control file on sk1 rots; sk1 restarts.
    String path = TimelineStorage.directoryOf(A) + "/" + ControlFileStore.FILE;
    try (var h = rt.disk(SK1).open(path)) {
      h.write(20, new byte[] {0x55, 0x55});
      h.sync();
    }
    rt.crashAndRestart(SK1);
    assertThat(sk(SK1).timeline(A).acceptor()).isNull();
    assertThat(sk(SK1).timeline(A).brokenReason()).contains("checksum mismatch");
    assertThat(sk(SK1).timeline(B).acceptor()).isNotNull();
    Lsn a = ca.commitLsn();
    Lsn b = cb.commitLsn();
    rt.runFor(3_000);
    assertThat(ca.commitLsn()).isGreaterThan(a);
    assertThat(cb.commitLsn()).isGreaterThan(b);
    assertThat(sk(SK1).timeline(B).acceptor().flushLsn()).isGreaterThanOrEqualTo(b);
    assertThat(sk(SK1).rejected()).containsKey(RejectReason.TIMELINE_BROKEN);
    // The two timelines' WAL share nothing: different bytes at the same LSN.
    TimelineHost hb = sk(SK1).timeline(B);
    TimelineHost ha = sk(SKS.get(1)).timeline(A);
    assertThat(hb.storage().wal().rawBytes(Lsn.of(24), 64)).isNotEqualTo(ha.storage().wal().rawBytes(Lsn.of(24), 64));
  }

  @Test
  void aSafekeeperOnAReplacedEmptyDiskDoesNotVoteAgain() {
    addSafekeepers(Set.of(A));
    ProposerNode compute = addCompute("compute", A);
    rt.runFor(1_000);
    SafekeeperConfig cfg = config(SK1, Set.of(A)).withoutBootstrap();
    rt.replaceDisk(SK1, () -> new SafekeeperNode(cfg, events));
    rt.crashAndRestart(NodeId.of("compute"));
    rt.runFor(3_000);
    assertThat(sk(SK1).timeline(A)).isNull();
    assertThat(sk(SK1).rejected()).containsKey(RejectReason.UNKNOWN_TIMELINE);
    ProposerNode again = rt.node(NodeId.of("compute"));
    assertThat(again.commitLsn()).isGreaterThan(Lsn.ZERO);
    assertThat(events.events()).noneMatch(e -> e instanceof TraceEvent.Vote v && v.acceptor().equals(SK1) && v.term().value() >= 2);
  }

  @Test
  void garbageTruncatedAndForeignBytesAreDroppedAndCountedWithoutChangingAnything() throws Exception {
    addSafekeepers(Set.of(A));
    addCompute("compute", A);
    rt.runFor(1_000);
    rt.stop(NodeId.of("compute"));
    rt.runFor(100);
    SafekeeperNode n = sk(SK1);
    Term term = n.timeline(A).acceptor().term();
    Lsn flush = n.timeline(A).acceptor().flushLsn();
    byte[] valid = MessageCodec.encode(new VoteRequest(A, Term.of(99)));
    rt.inject(NodeId.of("x"), SK1, new byte[] {1, 2, 3});
    rt.inject(NodeId.of("x"), SK1, java.util.Arrays.copyOf(valid, valid.length - 3));
    byte[] flipped = valid.clone();
    flipped[30] ^= 1;
    rt.inject(NodeId.of("x"), SK1, flipped);
    byte[] longer = java.util.Arrays.copyOf(valid, valid.length + 1);
    rt.inject(NodeId.of("x"), SK1, longer);
    rt.runFor(10);
    assertThat(n.undecodable()).containsEntry(MessageDecodeException.Kind.TRUNCATED, 2L)
        .containsEntry(MessageDecodeException.Kind.BAD_CHECKSUM, 1L).containsEntry(MessageDecodeException.Kind.OVERSIZED, 1L);
    assertThat(n.timeline(A).acceptor().term()).isEqualTo(term);
    assertThat(n.timeline(A).acceptor().flushLsn()).isEqualTo(flush);
    // A message for a timeline this node does not host.
    rt.inject(NodeId.of("x"), SK1, MessageCodec.encode(new Greeting(TenantTimeline.of(9, 9), 1)));
    rt.runFor(10);
    assertThat(n.rejected()).containsEntry(RejectReason.UNKNOWN_TIMELINE, 1L);
  }

  @Test
  void aCreationThatDiedBeforeItsControlFileIsRedoneByTheBootstrapAndRefusedWithoutIt() {
    java.util.function.Consumer<untorn.safekeeper.testing.CrashableFileSystem> halfCreated = fs -> {
      fs.createDirectories(TimelineStorage.directoryOf(A) + "/wal");
      try {
        fs.create(TimelineStorage.directoryOf(A) + "/" + ControlFileStore.TEMP_FILE).close();
      } catch (untorn.core.io.StorageException e) {
        throw new IllegalStateException(e);
      }
    };
    rt.add(SK1, () -> new SafekeeperNode(config(SK1, Set.of(A)), events), halfCreated);
    assertThat(sk(SK1).timeline(A).acceptor()).isNotNull();
    NodeId other = NodeId.of("sk9");
    rt.add(other, () -> new SafekeeperNode(config(SK1, Set.of()), events), halfCreated);
    SafekeeperNode n = rt.node(other);
    assertThat(n.timeline(A).acceptor()).isNull();
    assertThat(n.timeline(A).neverCreated()).isTrue();
  }

  @Test
  void aFailedFsyncHaltsTheSafekeeper() {
    addSafekeepers(Set.of(A));
    rt.disk(SK1).failSyncsUnder(TimelineStorage.directoryOf(A));
    assertThatThrownBy(() -> {
      addCompute("compute", A);
      rt.runFor(1_000);
    }).isInstanceOf(SafekeeperHalt.class).hasMessageContaining("fsync");
  }
}
