package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import untorn.core.types.Lsn;
import untorn.pageserver.PageserverException;
import untorn.pageserver.PageserverLimits;

/**
 * LsnWaiters lets GetPage wait until ingest reaches an LSN. Waits are futures completed by the
 * ingest thread when it advances; the caller bounds the wait (a blocking get with a timeout, or
 * the simulator's timer), and the number of waiters is bounded too.
 */
final class LsnWaiters {
  private final TreeMap<Lsn, List<CompletableFuture<Void>>> waiting = new TreeMap<>();
  private Lsn reached;
  private int count;

  LsnWaiters(Lsn reached) {
    this.reached = reached;
  }

  /** A future completed once ingest reaches {@code lsn} (already complete if it has). */
  synchronized CompletableFuture<Void> waitFor(Lsn lsn) throws PageserverException {
    if (lsn.compareTo(reached) <= 0) {
      return CompletableFuture.completedFuture(null);
    }
    if (count >= PageserverLimits.LSN_WAITERS_MAX) {
      throw new PageserverException(PageserverException.Kind.TOO_MANY_WAITERS, count + " requests already wait for ingest");
    }
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiting.computeIfAbsent(lsn, k -> new ArrayList<>()).add(f);
    count++;
    return f;
  }

  /** Ingest reached {@code lsn}: completes every wait at or below it (outside the lock). */
  void advance(Lsn lsn) {
    List<CompletableFuture<Void>> done = new ArrayList<>();
    synchronized (this) {
      reached = lsn;
      Map<Lsn, List<CompletableFuture<Void>>> head = waiting.headMap(lsn, true);
      head.values().forEach(done::addAll);
      head.clear();
      count -= done.size();
    }
    done.forEach(f -> f.complete(null));
  }

  /** Drops the waits that were abandoned (timed out), so they stop counting against the bound. */
  synchronized void forget(CompletableFuture<Void> f) {
    for (var it = waiting.values().iterator(); it.hasNext(); ) {
      List<CompletableFuture<Void>> l = it.next();
      if (l.remove(f)) {
        count--;
        if (l.isEmpty()) {
          it.remove();
        }
        return;
      }
    }
  }
}
