package untorn.safekeeper.node;

import java.util.Objects;
import untorn.core.Invariants;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.safekeeper.Mutants;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.acceptor.AcceptorConfig;
import untorn.safekeeper.acceptor.AcceptorEffect;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.PeerRecoveryResponse;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.WalChunk;
import untorn.safekeeper.storage.TimelineStorage;
import untorn.safekeeper.storage.TimelineWal;
import untorn.core.trace.TraceSink;

/**
 * TimelineHost runs one timeline's {@link Acceptor} on its {@link TimelineStorage}: it feeds the
 * acceptor its inputs and carries out the effects in order, so that nothing is sent or traced
 * before the storage effects it follows are durable.
 *
 * <p>Storage failures. If the first disk effect of a step fails cleanly (a full disk: the WAL
 * store cuts a failed write off again and the control file is replaced atomically, so the disk is
 * as before), or a WAL read finds damage, the step is undone in memory ({@link Acceptor#restore}),
 * nothing later in it is done and the sender gets a typed {@link Reject}: the step did not happen,
 * and it traced nothing. Any other failure, or a failure after part of a step reached the disk,
 * halts the process with {@link SafekeeperHalt}; its restart rebuilds everything from disk. A
 * timeline whose durable state fails its checks at startup is <em>broken</em>: it answers
 * proposers with {@link RejectReason#TIMELINE_BROKEN} and never guesses.
 */
public final class TimelineHost {
  private final NodeId self;
  private final TenantTimeline timeline;
  private final FileSystem fs;
  private final AcceptorConfig config;
  private final Mutants mutants;
  private final TraceSink sink;
  private TimelineStorage storage;
  private Acceptor acceptor;
  private String brokenReason;
  private StorageException brokenBy;

  private TimelineHost(NodeId self, TenantTimeline timeline, FileSystem fs, AcceptorConfig config, Mutants mutants,
      TraceSink sink) {
    this.self = self;
    this.timeline = timeline;
    this.fs = fs;
    this.config = config;
    this.mutants = mutants;
    this.sink = Objects.requireNonNull(sink);
  }

  /** Creates a new, empty timeline on disk and hosts it. */
  public static TimelineHost create(NodeId self, TenantTimeline tt, FileSystem fs, AcceptorConfig config, Mutants mutants,
      TraceSink sink) throws StorageException {
    TimelineHost h = new TimelineHost(self, tt, fs, config, mutants, sink);
    h.storage = TimelineStorage.create(fs, tt, config.layout(), mutants);
    h.acceptor = Acceptor.recovered(self, tt, config, mutants, h.storage.durableControl().protocol(), Lsn.ZERO, Lsn.ZERO,
        Lsn.ZERO);
    return h;
  }

  /**
   * Hosts a timeline found on disk, rebuilt from disk only. If its control file or WAL fails a
   * check, the host is broken (see {@link #brokenReason()}); other storage errors halt.
   */
  public static TimelineHost open(NodeId self, TenantTimeline tt, FileSystem fs, AcceptorConfig config, Mutants mutants,
      TraceSink sink) {
    TimelineHost h = new TimelineHost(self, tt, fs, config, mutants, sink);
    h.reload();
    return h;
  }

  /** Builds the acceptor from disk and traces its restart (only at a process start). */
  private void reload() {
    closeQuietly();
    try {
      TimelineStorage.Opened o = TimelineStorage.open(fs, timeline, config.layout(), mutants);
      storage = o.storage();
      acceptor = Acceptor.recovered(self, timeline, config, mutants, o.control().protocol(), o.wal().flushLsn(),
          o.wal().lastRecordLsn(), o.control().localStartLsn());
      brokenReason = null;
      sink.emit(acceptor.restartEvent());
    } catch (StorageException e) {
      if (e.kind() != StorageException.Kind.CORRUPT && e.kind() != StorageException.Kind.NOT_FOUND) {
        throw new SafekeeperHalt("cannot open timeline " + timeline + ": " + e.getMessage(), e);
      }
      storage = null;
      acceptor = null;
      brokenReason = e.getMessage();
      brokenBy = e;
    }
  }

  private void closeQuietly() {
    if (storage != null) {
      try {
        storage.close();
      } catch (StorageException ignored) {
        // The handles die with this incarnation; the reopen below reads from the disk anyway.
      }
    }
  }

  /** Delivers a message from {@code from}; replies go to {@code out}. Returns the acceptor's step. */
  public Acceptor.Step deliver(NodeId from, Message m, Outbox out) {
    if (acceptor == null) {
      if (m instanceof untorn.safekeeper.proto.ProposerMessage) {
        out.send(from, Reject.of(timeline, untorn.core.types.Term.ZERO, RejectReason.TIMELINE_BROKEN, Lsn.ZERO, brokenReason));
      }
      return new Acceptor.Step(java.util.List.of(), RejectReason.TIMELINE_BROKEN, brokenReason);
    }
    Acceptor.Memento before = acceptor.snapshot();
    Acceptor.Step step = acceptor.handle(from, m);
    return execute(step, before, from, out);
  }

  /** A logical clock tick. */
  public Acceptor.Step tick(Outbox out) {
    if (acceptor == null) {
      return new Acceptor.Step(java.util.List.of(), RejectReason.TIMELINE_BROKEN, brokenReason);
    }
    Acceptor.Memento before = acceptor.snapshot();
    return execute(acceptor.tick(), before, null, out);
  }

  private Acceptor.Step execute(Acceptor.Step step, Acceptor.Memento before, NodeId replyTo, Outbox out) {
    boolean diskChanged = false;
    for (AcceptorEffect e : step.effects()) {
      try {
        apply(e, out);
      } catch (StorageException failure) {
        return fail(failure, before, diskChanged, replyTo, out);
      }
      diskChanged |= AcceptorEffect.changesDisk(e);
    }
    return step;
  }

  private void apply(AcceptorEffect e, Outbox out) throws StorageException {
    if (e instanceof AcceptorEffect.PersistState p) {
      storage.persistProtocolState(p.state());
    } else if (e instanceof AcceptorEffect.WriteWal w) {
      storage.wal().write(w.beginLsn(), w.bytes());
    } else if (e instanceof AcceptorEffect.SyncWal) {
      storage.wal().sync();
    } else if (e instanceof AcceptorEffect.TruncateWal t) {
      storage.wal().truncate(t.lsn());
    } else if (e instanceof AcceptorEffect.RemoveWal r) {
      storage.removeWalBelow(r.horizon(), r.persistedLsn(), r.peerHorizonLsn());
      Invariants.check(storage.durableControl().localStartLsn().equals(acceptor.localStartLsn()),
          "storage moved the WAL start to %s, the acceptor to %s", storage.durableControl().localStartLsn(),
          acceptor.localStartLsn());
    } else if (e instanceof AcceptorEffect.Send s) {
      out.send(s.to(), s.message());
    } else if (e instanceof AcceptorEffect.SendWal s) {
      TimelineWal.Read read = storage.wal().read(s.fromLsn(), s.upToLsn(), s.maxBytes());
      out.send(s.to(), fill(s.template(), read.bytes()));
    } else if (e instanceof AcceptorEffect.Emit ev) {
      sink.emit(ev.event());
    } else {
      throw new AssertionError("unknown effect " + e);
    }
  }

  private static Message fill(Message template, byte[] wal) {
    if (template instanceof WalChunk c) {
      return new WalChunk(c.timeline(), c.term(), c.beginLsn(), wal);
    } else if (template instanceof PeerRecoveryResponse r) {
      return new PeerRecoveryResponse(r.timeline(), r.term(), r.history(), r.commitLsn(), r.beginLsn(), wal);
    }
    throw new AssertionError("not a WAL reply template: " + template);
  }

  private Acceptor.Step fail(StorageException failure, Acceptor.Memento before, boolean diskChanged, NodeId replyTo,
      Outbox out) {
    RejectReason reason;
    if (failure.kind() == StorageException.Kind.DISK_FULL) {
      reason = RejectReason.DISK_FULL;
    } else if (failure.kind() == StorageException.Kind.CORRUPT) {
      reason = RejectReason.STORAGE_CORRUPT;
    } else {
      reason = null;
    }
    if (reason == null || diskChanged) {
      throw new SafekeeperHalt("storage failure on timeline " + timeline + (diskChanged ? " in the middle of a step" : "")
          + ": " + failure.getMessage(), failure);
    }
    acceptor.restore(before);
    if (replyTo != null) {
      out.send(replyTo, Reject.of(timeline, acceptor.term(), reason, Lsn.ZERO, failure.getMessage()));
    }
    return new Acceptor.Step(java.util.List.of(), reason, failure.getMessage());
  }

  // ---- read-only views ----

  public TenantTimeline timeline() {
    return timeline;
  }

  /** The acceptor, or null if the timeline is broken. */
  public Acceptor acceptor() {
    return acceptor;
  }

  public String brokenReason() {
    return brokenReason;
  }

  /**
   * Whether the timeline's directory exists without a control file: a creation that died before
   * its last step (the control file is written last), which a bootstrap may redo.
   */
  public boolean neverCreated() {
    return brokenBy != null && brokenBy.kind() == StorageException.Kind.NOT_FOUND;
  }

  /** Whether the timeline refused to start because WAL it knew committed is gone. */
  public boolean lostCommittedWal() {
    return brokenBy instanceof untorn.safekeeper.storage.CommittedWalLostException;
  }

  /** The storage, or null if broken; for checkers that read the WAL an acceptor holds. */
  public TimelineStorage storage() {
    return storage;
  }

  /** Closes the files of this incarnation. */
  public void close() {
    closeQuietly();
  }
}
