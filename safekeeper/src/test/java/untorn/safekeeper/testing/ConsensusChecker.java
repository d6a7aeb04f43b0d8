package untorn.safekeeper.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.node.TimelineHost;
import untorn.safekeeper.trace.ProtocolEvent;

/**
 * ConsensusChecker checks DESIGN §5's safety properties on real acceptor state and on the event
 * trace, as the unit harness runs: election safety (one elected proposer per term), log safety
 * (the committed WAL, recorded byte for byte the first time a quorum commits it, never changes on
 * any acceptor that knows it committed), leader completeness (every elected proposer's donor holds
 * all committed WAL), commit monotonic per acceptor (across restarts) and per proposer, and a
 * commit never above what a majority of acceptors hold identically. Violations are collected, not
 * thrown, so that negative-control tests can assert that a mutant was caught.
 */
public final class ConsensusChecker {
  private final int acceptorCount;
  private final Function<NodeId, TimelineHost> hosts;
  private byte[] committed = new byte[1 << 16];
  private int committedLength;
  private final Map<Term, NodeId> electedByTerm = new HashMap<>();
  private final Map<NodeId, Lsn> acceptorCommit = new HashMap<>();
  private final Map<NodeId, Lsn> proposerCommit = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  /** Per acceptor: its WAL below this LSN was found equal to the committed WAL (until it changes). */
  private final Map<NodeId, Lsn> verified = new HashMap<>();

  public ConsensusChecker(int acceptorCount, Function<NodeId, TimelineHost> hosts) {
    this.acceptorCount = acceptorCount;
    this.hosts = hosts;
  }

  public List<String> violations() {
    return violations;
  }

  public void violation(String what) {
    violations.add(what);
  }

  /** The committed WAL so far: stream bytes [0, committedEnd). */
  public Lsn committedEnd() {
    return Lsn.of(committedLength);
  }

  public void onEvent(ProtocolEvent e) {
    if (e instanceof ProtocolEvent.Truncated || e instanceof ProtocolEvent.Restarted) {
      verified.remove(e.node()); // Its WAL below the old flush LSN may have changed: check it all again.
    }
    if (e instanceof ProtocolEvent.Elected el) {
      onElected(el);
    } else if (e instanceof ProtocolEvent.ProposerCommitted pc) {
      onProposerCommit(pc);
    } else if (e instanceof ProtocolEvent.AcceptorCommitted ac) {
      Lsn before = acceptorCommit.getOrDefault(ac.node(), Lsn.ZERO);
      if (ac.commitLsn().isBefore(before)) {
        violation("acceptor " + ac.node() + " commit went back from " + before + " to " + ac.commitLsn());
      }
      acceptorCommit.put(ac.node(), Lsn.max(before, ac.commitLsn()));
      if (ac.commitLsn().isAfter(committedEnd())) {
        violation("acceptor " + ac.node() + " commit " + ac.commitLsn() + " above anything a quorum committed ("
            + committedEnd() + ")");
      }
    }
  }

  private void onElected(ProtocolEvent.Elected el) {
    NodeId other = electedByTerm.putIfAbsent(el.term(), el.node());
    if (other != null && !other.equals(el.node())) {
      violation("election safety: " + other + " and " + el.node() + " both elected in " + el.term());
    }
    if (el.voters().size() * 2 <= acceptorCount) {
      violation("proposer " + el.node() + " elected by a minority " + el.voters());
    }
    Lsn end = committedEnd();
    if (el.termStartLsn().isBefore(end)) {
      violation("leader completeness: " + el.node() + " starts " + el.term() + " at " + el.termStartLsn()
          + ", below the committed WAL end " + end);
      return;
    }
    String mismatch = compareWithCommitted(el.donor(), end);
    if (mismatch != null) {
      violation("leader completeness: donor " + el.donor() + " of " + el.node() + " in " + el.term() + ": " + mismatch);
    }
  }

  private void onProposerCommit(ProtocolEvent.ProposerCommitted pc) {
    Lsn before = proposerCommit.getOrDefault(pc.node(), Lsn.ZERO);
    if (pc.commitLsn().isBefore(before)) {
      violation("proposer " + pc.node() + " commit went back from " + before + " to " + pc.commitLsn());
    }
    proposerCommit.put(pc.node(), pc.commitLsn());
    if (pc.quorum().size() * 2 <= acceptorCount) {
      violation("proposer " + pc.node() + " committed " + pc.commitLsn() + " on a minority " + pc.quorum());
    }
    Lsn known = committedEnd();
    byte[] reference = null;
    for (NodeId a : pc.quorum()) {
      TimelineHost h = hosts.apply(a);
      if (h == null || h.acceptor() == null || h.acceptor().flushLsn().isBefore(pc.commitLsn())) {
        violation("commit " + pc.commitLsn() + " by " + pc.node() + " counts " + a + ", which does not hold it");
        return;
      }
      String mismatch = compareWithCommitted(a, Lsn.min(known, pc.commitLsn()));
      if (mismatch != null) {
        violation("log safety: " + pc.node() + " commits " + pc.commitLsn() + " counting " + a + ": " + mismatch);
        return;
      }
      if (pc.commitLsn().isAfter(known)) {
        byte[] wal = read(h, known, pc.commitLsn());
        if (reference != null && !Arrays.equals(reference, wal)) {
          violation("commit " + pc.commitLsn() + " by " + pc.node() + ": quorum members hold different WAL above " + known);
          return;
        }
        reference = wal;
      }
    }
    if (reference != null) {
      if (committedLength + reference.length > committed.length) {
        committed = Arrays.copyOf(committed, Math.max(committed.length * 2, committedLength + reference.length));
      }
      System.arraycopy(reference, 0, committed, committedLength, reference.length);
      committedLength += reference.length;
    }
  }

  /** After every step: every live acceptor still holds exactly the committed WAL it knows. */
  public void checkAcceptors(Iterable<NodeId> acceptors) {
    for (NodeId a : acceptors) {
      TimelineHost h = hosts.apply(a);
      Acceptor acc = h == null ? null : h.acceptor();
      if (acc == null) {
        continue;
      }
      Lsn commit = acc.commitLsn();
      Lsn before = acceptorCommit.getOrDefault(a, Lsn.ZERO);
      if (commit.isBefore(before)) {
        violation("acceptor " + a + " commit went back from " + before + " to " + commit + " (after a restart?)");
      }
      acceptorCommit.put(a, Lsn.max(before, commit));
      Lsn upTo = Lsn.min(commit, committedEnd());
      String mismatch = compareWithCommitted(a, upTo);
      if (mismatch != null) {
        violation("log safety: acceptor " + a + " with commit " + commit + ": " + mismatch);
      }
    }
  }

  /** Compares an acceptor's WAL with the committed WAL below {@code upTo}; null if they agree. */
  private String compareWithCommitted(NodeId a, Lsn upTo) {
    TimelineHost h = hosts.apply(a);
    if (h == null || h.storage() == null) {
      return null;
    }
    Lsn from = Lsn.max(h.storage().durableControl().localStartLsn(), verified.getOrDefault(a, Lsn.ZERO));
    if (!upTo.isAfter(from)) {
      return null;
    }
    if (h.acceptor().flushLsn().isBefore(upTo)) {
      return "its WAL ends at " + h.acceptor().flushLsn() + ", below " + upTo;
    }
    byte[] wal = read(h, from, upTo);
    for (int i = 0; i < wal.length; i++) {
      if (wal[i] != committed[(int) from.value() + i]) {
        verified.remove(a);
        return "its WAL differs from the committed WAL at " + Lsn.of(from.value() + i);
      }
    }
    verified.put(a, upTo);
    return null;
  }

  private static byte[] read(TimelineHost h, Lsn from, Lsn upTo) {
    try {
      return h.storage().wal().rawBytes(from, (int) upTo.minus(from));
    } catch (StorageException e) {
      throw new IllegalStateException("checker cannot read WAL: " + e.getMessage(), e);
    }
  }
}
