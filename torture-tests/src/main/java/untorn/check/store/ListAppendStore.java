package untorn.check.store;

import java.util.List;

/** ListAppendStore is a transactional map from keys to lists, with append as the only write. */
public interface ListAppendStore {
  /** Txn is one transaction; one client uses it, then commits or abandons it. */
  interface Txn {
    /** read returns the key's list as this transaction sees it (its own appends included). */
    List<Object> read(Object key);

    void append(Object key, Object element);

    /** commit makes the appends visible and returns true, or aborts and returns false. */
    boolean commit();
  }

  Txn begin();

  String name();
}
