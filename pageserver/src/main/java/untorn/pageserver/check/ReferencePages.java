package untorn.pageserver.check;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.page.Redo;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.LoggedRecord;

/**
 * ReferencePages is the oracle: page {@code k} at LSN {@code x} is sequential {@link Redo} of
 * every block of every record touching {@code k} with end LSN at most {@code x}, in WAL order. It
 * keeps the page bytes after each change, so a lookup is a floor search.
 */
public final class ReferencePages {
  private final Map<PageKey, TreeMap<Lsn, byte[]>> versions = new HashMap<>();
  private final Map<PageKey, Page> current = new HashMap<>();

  public ReferencePages(List<LoggedRecord> records) {
    addAll(records);
  }

  /** A reference for a branch: the ancestor's records up to {@code branchPoint}, then the child's. */
  public static ReferencePages forBranch(List<LoggedRecord> ancestor, Lsn branchPoint, List<LoggedRecord> child) {
    ReferencePages r = new ReferencePages(ancestor.stream().filter(x -> !x.endLsn().isAfter(branchPoint)).toList());
    r.addAll(child);
    return r;
  }

  public void addAll(List<LoggedRecord> records) {
    for (LoggedRecord r : records) {
      add(r);
    }
  }

  public void add(LoggedRecord r) {
    for (int i = 0; i < r.record().blocks().size(); i++) {
      PageKey k = r.record().blocks().get(i).key();
      try {
        Page p = Redo.apply(current.get(k), r, i);
        current.put(k, p);
        versions.computeIfAbsent(k, x -> new TreeMap<>()).put(r.endLsn(), p.toBytes());
      } catch (PageException e) {
        throw new CheckFailure("reference redo failed at " + r.startLsn() + ": " + e.getMessage(), e);
      }
    }
  }

  public Set<PageKey> keys() {
    return versions.keySet();
  }

  /** The sealed bytes of page {@code k} at {@code lsn}, or null if it has no version yet. */
  public byte[] at(PageKey k, Lsn lsn) {
    TreeMap<Lsn, byte[]> v = versions.get(k);
    var e = v == null ? null : v.floorEntry(lsn);
    return e == null ? null : e.getValue();
  }
}
