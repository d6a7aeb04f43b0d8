package untorn.safekeeper.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.history.TermSwitch;
import untorn.safekeeper.proto.AcceptorGreeting;
import untorn.safekeeper.proto.AppendRequest;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.Greeting;
import untorn.safekeeper.proto.Message;
import untorn.safekeeper.proto.PeerRecoveryRequest;
import untorn.safekeeper.proto.PeerRecoveryResponse;
import untorn.safekeeper.proto.PersistedLsnUpdate;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.proto.Reject;
import untorn.safekeeper.proto.RejectReason;
import untorn.safekeeper.proto.VoteRequest;
import untorn.safekeeper.proto.VoteResponse;
import untorn.safekeeper.proto.WalChunk;
import untorn.safekeeper.proto.WalReadRequest;

/** Messages generates random valid messages of every type, from a seed. */
public final class Messages {
  private Messages() {}

  public static final int TYPES = 13;

  public static Message random(Random rnd, int type) {
    TenantTimeline tt = TenantTimeline.of(rnd.nextLong(), rnd.nextLong());
    Term term = Term.of(1 + rnd.nextInt(1000));
    switch (type) {
      case 0:
        return new Greeting(tt, rnd.nextLong());
      case 1:
        return new VoteRequest(tt, term);
      case 2: {
        TermHistory h = history(rnd, term);
        return new ProposerElected(tt, term, lsnAtMost(rnd, h.get(h.size() - 1).startLsn()), h);
      }
      case 3:
        return new AppendRequest(tt, term, lsn(rnd), lsn(rnd), lsn(rnd), bytes(rnd));
      case 4: {
        Lsn from = lsn(rnd);
        return new WalReadRequest(tt, term, from, from.plus(8L * rnd.nextInt(1000)));
      }
      case 5:
        return new AcceptorGreeting(tt, term, rnd.nextLong());
      case 6: {
        TermHistory h = history(rnd, term);
        Lsn flush = h.isEmpty() ? lsn(rnd) : h.get(h.size() - 1).startLsn().plus(8L * rnd.nextInt(100));
        return new VoteResponse(tt, term, rnd.nextBoolean(), flush, lsnAtMost(rnd, flush), lsnAtMost(rnd, flush), h);
      }
      case 7: {
        Lsn flush = lsn(rnd);
        return new AppendResponse(tt, term, flush, lsnAtMost(rnd, flush));
      }
      case 8:
        return new WalChunk(tt, term, lsn(rnd), bytes(rnd));
      case 9: {
        RejectReason[] reasons = RejectReason.values();
        return Reject.of(tt, term, reasons[rnd.nextInt(reasons.length)], lsn(rnd), "detail " + rnd.nextInt());
      }
      case 10: {
        TermHistory h = history(rnd, term);
        Lsn flush = h.isEmpty() ? Lsn.ZERO : h.get(h.size() - 1).startLsn();
        return new PeerRecoveryRequest(tt, term, flush, lsnAtMost(rnd, flush), h);
      }
      case 11: {
        TermHistory h = history(rnd, term);
        if (h.isEmpty()) {
          h = TermHistory.of(new TermSwitch(term, Lsn.ZERO, Lsn.ZERO));
        }
        return new PeerRecoveryResponse(tt, h.lastTerm(), h, lsn(rnd), lsn(rnd), bytes(rnd));
      }
      case 12:
        return new PersistedLsnUpdate(tt, lsn(rnd));
      default:
        throw new IllegalArgumentException("type " + type);
    }
  }

  /** A well-formed history of 1 to 5 entries whose last term is {@code last}. */
  public static TermHistory history(Random rnd, Term last) {
    java.util.TreeSet<Long> terms = new java.util.TreeSet<>();
    terms.add(last.value());
    int extra = rnd.nextInt(5);
    for (int i = 0; i < extra && last.value() > 1; i++) {
      terms.add(1 + (long) rnd.nextInt((int) Math.min(Integer.MAX_VALUE, last.value() - 1)));
    }
    List<TermSwitch> entries = new ArrayList<>();
    long start = 0;
    for (long t : terms) {
      entries.add(TermSwitch.of(t, start, start == 0 ? 0 : start - 8));
      start += 8L * rnd.nextInt(100);
    }
    return TermHistory.of(entries);
  }

  static Lsn lsn(Random rnd) {
    return Lsn.of(8L * rnd.nextInt(1 << 20));
  }

  static Lsn lsnAtMost(Random rnd, Lsn max) {
    return Lsn.of(8L * (long) (rnd.nextDouble() * (max.value() / 8)));
  }

  static byte[] bytes(Random rnd) {
    byte[] b = new byte[rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(3000)];
    rnd.nextBytes(b);
    return b;
  }
}
