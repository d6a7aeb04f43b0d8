package untorn.check.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import untorn.core.Invariants;

/**
 * MvccListStore is a multi-version list-append store. Each key keeps its committed versions
 * (commit number, list); a transaction reads the versions at its snapshot plus its own appends,
 * buffers appends, and at commit applies them atomically under the rule its {@link Isolation}
 * names. Thread-safe: the store's methods are synchronized; a transaction belongs to one client.
 */
public final class MvccListStore implements ListAppendStore {
  /** Isolation is the commit rule, which decides what histories the store can produce. */
  public enum Isolation {
    /**
     * Optimistic concurrency control: commit only if no key read changed since the snapshot;
     * appends go onto the latest lists. Strict serializable: every transaction takes effect at its
     * commit, inside its invocation and completion.
     */
    SERIALIZABLE,
    /**
     * First committer wins: commit only if no key appended to changed since the snapshot. Reads
     * are not validated, so write skew (G2-item) happens: snapshot isolation, not serializable.
     */
    SNAPSHOT_ISOLATION,
    /** Broken: no validation, and a commit writes the snapshot's list plus its appends back, erasing concurrent appends. */
    LOST_APPEND,
    /**
     * Broken for strict serializability only: snapshots lag the last commit by
     * {@code staleVersions} versions; read-only transactions commit unchecked (a follower read),
     * others are validated as {@link #SERIALIZABLE}. Serializable, but reads can miss transactions
     * that completed before they began.
     */
    STALE_SNAPSHOT
  }

  private final Isolation isolation;
  private final int staleVersions;
  private final Map<Object, List<Version>> versions = new HashMap<>();
  private long committed;

  private record Version(long commit, List<Object> list) {}

  public MvccListStore(Isolation isolation) {
    this(isolation, 0);
  }

  public MvccListStore(Isolation isolation, int staleVersions) {
    Invariants.check(staleVersions >= 0, "staleVersions must be >= 0");
    Invariants.check(staleVersions == 0 || isolation == Isolation.STALE_SNAPSHOT, "only stale snapshots lag");
    this.isolation = isolation;
    this.staleVersions = staleVersions;
  }

  @Override
  public String name() {
    return "mvcc list store, " + isolation.name().toLowerCase().replace('_', ' ')
        + (isolation == Isolation.LOST_APPEND || isolation == Isolation.STALE_SNAPSHOT ? " (broken)" : "");
  }

  @Override
  public synchronized Txn begin() {
    return new MvccTxn(Math.max(0, committed - staleVersions));
  }

  private synchronized List<Object> valueAt(Object key, long snapshot) {
    List<Version> vs = versions.get(key);
    if (vs == null) {
      return List.of();
    }
    for (int i = vs.size() - 1; i >= 0; i--) {
      if (vs.get(i).commit() <= snapshot) {
        return vs.get(i).list();
      }
    }
    return List.of();
  }

  private long latestCommit(Object key) {
    List<Version> vs = versions.get(key);
    return vs == null ? 0 : vs.get(vs.size() - 1).commit();
  }

  private List<Object> latest(Object key) {
    return valueAt(key, Long.MAX_VALUE);
  }

  private synchronized boolean commit(MvccTxn t) {
    if (!t.appends.isEmpty() || isolation != Isolation.STALE_SNAPSHOT) {
      Set<Object> checked = isolation == Isolation.SNAPSHOT_ISOLATION ? t.appends.keySet()
          : isolation == Isolation.LOST_APPEND ? Set.of() : t.reads;
      for (Object k : checked) {
        if (latestCommit(k) > t.snapshot) {
          return false;
        }
      }
    }
    if (t.appends.isEmpty()) {
      return true;
    }
    long c = ++committed;
    for (Map.Entry<Object, List<Object>> e : t.appends.entrySet()) {
      List<Object> base = isolation == Isolation.LOST_APPEND ? valueAt(e.getKey(), t.snapshot) : latest(e.getKey());
      List<Object> next = new ArrayList<>(base.size() + e.getValue().size());
      next.addAll(base);
      next.addAll(e.getValue());
      versions.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(new Version(c, List.copyOf(next)));
    }
    return true;
  }

  private final class MvccTxn implements Txn {
    final long snapshot;
    final Set<Object> reads = new LinkedHashSet<>();
    final Map<Object, List<Object>> appends = new LinkedHashMap<>();
    boolean done;

    MvccTxn(long snapshot) {
      this.snapshot = snapshot;
    }

    @Override
    public List<Object> read(Object key) {
      Invariants.check(!done, "read after commit");
      reads.add(key);
      List<Object> mine = appends.get(key);
      List<Object> base = valueAt(key, snapshot);
      if (mine == null) {
        return base;
      }
      List<Object> out = new ArrayList<>(base);
      out.addAll(mine);
      return List.copyOf(out);
    }

    @Override
    public void append(Object key, Object element) {
      Invariants.check(!done, "append after commit");
      appends.computeIfAbsent(key, k -> new ArrayList<>()).add(element);
    }

    @Override
    public boolean commit() {
      Invariants.check(!done, "committed twice");
      done = true;
      return MvccListStore.this.commit(this);
    }
  }
}
