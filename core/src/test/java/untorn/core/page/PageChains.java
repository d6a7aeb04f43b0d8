package untorn.core.page;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalRecord;

/** Seeded random chains of valid page operations, with the expected tuples (a naive model). */
final class PageChains {
  static final PageKey KEY = PageKey.of(1, 7);

  final List<LoggedRecord> records = new ArrayList<>();
  /** Model after each record: slot -> tuple. */
  final List<TreeMap<Integer, byte[]>> models = new ArrayList<>();

  static PageChains generate(long seed, int length, double imageProbability) throws PageException {
    Random random = new Random(seed);
    PageChains c = new PageChains();
    WalEncoder encoder = new WalEncoder(Lsn.of(WalRecordsStart.START), Lsn.ZERO);
    Page shadow = Page.empty();
    TreeMap<Integer, byte[]> model = new TreeMap<>();
    c.add(encoder, HeapRecords.init(KEY), model);
    for (int i = 1; i < length; i++) {
      WalRecord r = nextOp(random, shadow, model);
      if (random.nextDouble() < imageProbability) {
        Page after = shadow.copy();
        applyToShadow(after, r);
        r = HeapRecords.withImage(r, after);
      }
      applyToShadow(shadow, r);
      c.add(encoder, r, model);
    }
    return c;
  }

  private void add(WalEncoder encoder, WalRecord r, TreeMap<Integer, byte[]> model) {
    records.add(encoder.encode(r).logged());
    models.add(new TreeMap<>(model));
  }

  private static void applyToShadow(Page page, WalRecord r) throws PageException {
    byte[] data = r.blocks().get(0).data();
    int slot = data.length >= 2 ? (data[0] & 0xFF) | (data[1] & 0xFF) << 8 : 0;
    byte[] tuple = java.util.Arrays.copyOfRange(data, Math.min(2, data.length), data.length);
    switch (r.op()) {
      case HEAP_INSERT -> page.insert(slot, tuple);
      case HEAP_UPDATE -> page.update(slot, tuple);
      case HEAP_DELETE -> page.delete(slot);
      default -> throw new AssertionError(r.op());
    }
  }

  private static WalRecord nextOp(Random random, Page shadow, TreeMap<Integer, byte[]> model) {
    while (true) {
      int choice = random.nextInt(10);
      byte[] tuple = new byte[1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 120)];
      random.nextBytes(tuple);
      if (choice < 5 || model.isEmpty()) {
        // Insert into a free slot (reuse) or a new one.
        int slot = shadow.slotCount();
        for (int s = 0; s < shadow.slotCount(); s++) {
          if (!model.containsKey(s) && random.nextBoolean()) {
            slot = s;
            break;
          }
        }
        if (shadow.canInsert(slot, tuple.length)) {
          model.put(slot, tuple);
          return HeapRecords.insert(KEY, slot, tuple);
        }
        if (model.isEmpty()) {
          continue;
        }
      }
      Integer[] used = model.keySet().toArray(new Integer[0]);
      int slot = used[random.nextInt(used.length)];
      if (choice < 8 && shadow.freeSpaceBytes() + model.get(slot).length >= tuple.length) {
        model.put(slot, tuple);
        return HeapRecords.update(KEY, slot, tuple);
      }
      model.remove(slot);
      return HeapRecords.delete(KEY, slot);
    }
  }

  /** Chains start at an arbitrary LSN so page LSNs are not small numbers by accident. */
  static final class WalRecordsStart {
    static final long START = 0x3_0000_0000L;
  }
}
