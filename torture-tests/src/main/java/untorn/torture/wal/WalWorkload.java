package untorn.torture.wal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import untorn.core.Limits;
import untorn.core.page.HeapRecords;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.types.PageKey;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalRecord;

/**
 * WalWorkload generates valid random WAL: heap operations on a few pages (valid because a shadow
 * copy of each page is kept and every operation is checked against it), some logged with
 * full-page images, mixed with commits and messages from empty to several WAL pages long.
 */
public final class WalWorkload {
  private final RandomGenerator random;
  private final int relation;
  private final int pageCount;
  private final double imageProbability;
  private final Map<PageKey, Page> shadow = new HashMap<>();

  public WalWorkload(RandomGenerator random, int relation, int pageCount, double imageProbability) {
    this.random = random;
    this.relation = relation;
    this.pageCount = pageCount;
    this.imageProbability = imageProbability;
  }

  /** The page as the workload's records leave it, or null if never touched. */
  public Page shadowPage(PageKey key) {
    return shadow.get(key);
  }

  public Map<PageKey, Page> shadowPages() {
    return java.util.Collections.unmodifiableMap(shadow);
  }

  public List<WalRecord> next(int count) {
    List<WalRecord> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(next());
    }
    return out;
  }

  public WalRecord next() {
    int kind = random.nextInt(10);
    if (kind < 6) {
      return pageRecord(PageKey.of(relation, random.nextInt(pageCount)));
    }
    if (kind < 8) {
      return new WalRecord(WalOp.COMMIT, List.of(), bytes(8 + random.nextInt(24)));
    }
    int size = random.nextInt(10) == 0 ? random.nextInt(3 * Limits.WAL_PAGE_SIZE_BYTES) : random.nextInt(200);
    return WalRecord.message(bytes(size));
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private WalRecord pageRecord(PageKey key) {
    Page page = shadow.get(key);
    if (page == null) {
      shadow.put(key, Page.empty());
      return HeapRecords.init(key);
    }
    WalRecord r = chooseOp(key, page);
    try {
      apply(page, r);
    } catch (PageException e) {
      throw new IllegalStateException("workload generated an invalid operation: " + r, e);
    }
    return random.nextDouble() < imageProbability ? HeapRecords.withImage(r, page) : r;
  }

  private WalRecord chooseOp(PageKey key, Page page) {
    byte[] tuple = bytes(1 + random.nextInt(random.nextInt(8) == 0 ? 1500 : 100));
    List<Integer> used = new ArrayList<>();
    for (int s = 0; s < page.slotCount(); s++) {
      if (page.tuple(s) != null) {
        used.add(s);
      }
    }
    int choice = random.nextInt(10);
    if ((choice < 5 || used.isEmpty()) && page.canInsert(page.slotCount(), tuple.length)) {
      return HeapRecords.insert(key, page.slotCount(), tuple);
    }
    if (used.isEmpty()) {
      return HeapRecords.init(key);
    }
    int slot = used.get(random.nextInt(used.size()));
    if (choice < 8 && page.freeSpaceBytes() + page.tuple(slot).length >= tuple.length) {
      return HeapRecords.update(key, slot, tuple);
    }
    return HeapRecords.delete(key, slot);
  }

  private static void apply(Page page, WalRecord r) throws PageException {
    byte[] data = r.blocks().get(0).data();
    switch (r.op()) {
      case PAGE_INIT -> page.init();
      case HEAP_INSERT -> page.insert(slot(data), tail(data));
      case HEAP_UPDATE -> page.update(slot(data), tail(data));
      case HEAP_DELETE -> page.delete(slot(data));
      default -> throw new IllegalStateException("not a page operation: " + r.op());
    }
  }

  private static int slot(byte[] data) {
    return (data[0] & 0xFF) | (data[1] & 0xFF) << 8;
  }

  private static byte[] tail(byte[] data) {
    return java.util.Arrays.copyOfRange(data, 2, data.length);
  }
}
