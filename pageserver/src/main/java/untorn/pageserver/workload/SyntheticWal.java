package untorn.pageserver.workload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import untorn.core.Bytes;
import untorn.core.page.HeapRecords;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.page.Redo;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.EncodedRecord;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalEncoder;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalRecord;

/**
 * SyntheticWal generates a valid WAL history from a seed: every record redoes cleanly on the
 * pages it touches, because the generator keeps each page's state (redone with {@code core}'s
 * {@link Redo}) and only logs operations that fit. Records are encoded into an {@link
 * InMemoryWal}, so callers can stream its bytes in any chunking.
 *
 * <p>With full-page writes on, the first change of a page after each checkpoint record carries
 * the page's image, as PostgreSQL logs it; with them off, chains only restart at page inits.
 */
public final class SyntheticWal {
  /**
   * What to generate.
   *
   * @param relations relations (tables), numbered from 1
   * @param pagesPerRelation blocks per relation
   * @param hotPages the first this many pages form the hot set
   * @param hotFraction probability that a record picks a hot page
   * @param fullPageWrites log a page image with the first change after each checkpoint
   * @param checkpointEveryRecords records between checkpoint records (0: none)
   * @param multiPageFraction probability that an insert touches two pages in one record
   * @param nonPageFraction probability of a record that touches no page (a commit)
   * @param tupleBytesMax largest tuple
   */
  public record Options(int relations, int pagesPerRelation, int hotPages, double hotFraction, boolean fullPageWrites,
      int checkpointEveryRecords, double multiPageFraction, double nonPageFraction, int tupleBytesMax) {
    public Options {
      if (relations < 1 || pagesPerRelation < 1 || hotPages < 0 || hotPages > relations * pagesPerRelation
          || hotFraction < 0 || hotFraction > 1 || tupleBytesMax < 8 || tupleBytesMax > 2000) {
        throw new IllegalArgumentException("bad synthetic WAL options " + this);
      }
    }

    /** A small, even workload. */
    public static Options small() {
      return new Options(2, 6, 0, 0, false, 0, 0.05, 0.1, 120);
    }

    public Options withHotSet(int pages, double fraction) {
      return new Options(relations, pagesPerRelation, pages, fraction, fullPageWrites, checkpointEveryRecords, multiPageFraction,
          nonPageFraction, tupleBytesMax);
    }

    public Options withFullPageWrites(boolean on, int checkpointEvery) {
      return new Options(relations, pagesPerRelation, hotPages, hotFraction, on, checkpointEvery, multiPageFraction,
          nonPageFraction, tupleBytesMax);
    }
  }

  private final Options options;
  private final RandomGenerator random;
  private final WalEncoder encoder;
  private final InMemoryWal wal;
  private final Map<PageKey, Page> pages = new HashMap<>();
  private final Set<PageKey> imagedSinceCheckpoint = new HashSet<>();
  private final List<LoggedRecord> records = new ArrayList<>();
  private long fpiBytes;
  private int sinceCheckpoint;

  /** A new stream starting at LSN 0. */
  public SyntheticWal(Options options, long seed) {
    this(options, seed, Lsn.ZERO, Lsn.ZERO, Map.of());
  }

  private SyntheticWal(Options options, long seed, Lsn start, Lsn prevStart, Map<PageKey, Page> initial) {
    this.options = options;
    this.random = new SplittableRandom(seed);
    this.encoder = new WalEncoder(start, prevStart);
    this.wal = new InMemoryWal(start);
    initial.forEach((k, p) -> pages.put(k, p.copy()));
  }

  /**
   * A stream continuing {@code history} (a stream from LSN 0) right after its record {@code
   * last}: the WAL of a branch created at {@code last.endLsn()}.
   */
  public static SyntheticWal branch(Options options, long seed, List<LoggedRecord> history, LoggedRecord last) {
    Map<PageKey, Page> state = new HashMap<>();
    for (LoggedRecord r : history) {
      if (r.endLsn().isAfter(last.endLsn())) {
        break;
      }
      applyTo(state, r);
    }
    return new SyntheticWal(options, seed, last.endLsn(), last.startLsn(), state);
  }

  public InMemoryWal wal() {
    return wal;
  }

  public List<LoggedRecord> records() {
    return records;
  }

  public Lsn endLsn() {
    return encoder.position();
  }

  /** WAL bytes generated (page headers and padding included). */
  public long walBytes() {
    return wal.end().minus(wal.base());
  }

  /** Bytes of full-page images in the generated WAL. */
  public long fpiBytes() {
    return fpiBytes;
  }

  /** Generates {@code n} records. */
  public List<LoggedRecord> generate(int n) {
    List<LoggedRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  /** Generates, encodes and returns one record. */
  public LoggedRecord next() {
    WalRecord r = nextRecord();
    EncodedRecord e = encoder.encode(r);
    wal.append(e);
    applyTo(pages, e.logged());
    records.add(e.logged());
    fpiBytes += r.imageBytes();
    return e.logged();
  }

  private WalRecord nextRecord() {
    if (options.checkpointEveryRecords() > 0 && ++sinceCheckpoint >= options.checkpointEveryRecords()) {
      sinceCheckpoint = 0;
      imagedSinceCheckpoint.clear();
      return new WalRecord(WalOp.CHECKPOINT, List.of(), new byte[8]);
    }
    if (random.nextDouble() < options.nonPageFraction()) {
      byte[] xid = new byte[8];
      Bytes.putI64(xid, 0, random.nextLong());
      return new WalRecord(WalOp.COMMIT, List.of(), xid);
    }
    PageKey key = pickPage();
    Page page = pages.get(key);
    if (page == null || !page.isInitialized()) {
      return HeapRecords.init(key);
    }
    if (random.nextDouble() < options.multiPageFraction()) {
      WalRecord two = twoPageInsert(key, page);
      if (two != null) {
        return two;
      }
    }
    return withImageIfFirst(key, page, change(key, page));
  }

  private PageKey pickPage() {
    int total = options.relations() * options.pagesPerRelation();
    int index = options.hotPages() > 0 && random.nextDouble() < options.hotFraction()
        ? random.nextInt(options.hotPages()) : random.nextInt(total);
    return PageKey.of(1 + index / options.pagesPerRelation(), index % options.pagesPerRelation());
  }

  /** An insert, update or delete that fits the page. */
  private WalRecord change(PageKey key, Page page) {
    List<Integer> used = usedSlots(page);
    byte[] tuple = tuple();
    int choice = random.nextInt(10);
    if (choice < 5 || used.isEmpty()) {
      int slot = freeSlot(page);
      if (page.canInsert(slot, tuple.length)) {
        return HeapRecords.insert(key, slot, tuple);
      }
    }
    if (used.isEmpty()) {
      return HeapRecords.init(key); // a full page with no tuples cannot happen; re-init keeps it valid
    }
    int slot = used.get(random.nextInt(used.size()));
    if (choice < 8 && page.freeSpaceBytes() + page.tuple(slot).length >= tuple.length) {
      return HeapRecords.update(key, slot, tuple);
    }
    return HeapRecords.delete(key, slot);
  }

  private WalRecord twoPageInsert(PageKey key, Page page) {
    PageKey other = pickPage();
    Page p2 = pages.get(other);
    if (other.equals(key) || p2 == null || !p2.isInitialized()) {
      return null;
    }
    byte[] tuple = tuple();
    int s1 = freeSlot(page);
    int s2 = freeSlot(p2);
    if (!page.canInsert(s1, tuple.length) || !p2.canInsert(s2, tuple.length)) {
      return null;
    }
    BlockRef a = HeapRecords.insert(key, s1, tuple).blocks().get(0);
    BlockRef b = HeapRecords.insert(other, s2, tuple).blocks().get(0);
    return WalRecord.of(WalOp.HEAP_INSERT, a, b);
  }

  /** With full-page writes on, the first change after a checkpoint carries the page's image. */
  private WalRecord withImageIfFirst(PageKey key, Page page, WalRecord delta) {
    if (!options.fullPageWrites() || !imagedSinceCheckpoint.add(key)) {
      return delta;
    }
    try {
      LoggedRecord probe = new LoggedRecord(encoder.position(), encoder.position().plus(8), Lsn.ZERO, 0, delta);
      Page after = Redo.apply(page.copy(), probe, 0);
      after.setLsn(Lsn.ZERO);
      return HeapRecords.withImage(delta, after);
    } catch (PageException e) {
      throw new IllegalStateException("generated record does not redo: " + e.getMessage(), e);
    }
  }

  private byte[] tuple() {
    byte[] t = new byte[8 + random.nextInt(options.tupleBytesMax() - 7)];
    random.nextBytes(t);
    return t;
  }

  private static List<Integer> usedSlots(Page page) {
    List<Integer> used = new ArrayList<>();
    for (int s = 0; s < page.slotCount(); s++) {
      if (page.tuple(s) != null) {
        used.add(s);
      }
    }
    return used;
  }

  private static int freeSlot(Page page) {
    for (int s = 0; s < page.slotCount(); s++) {
      if (page.tuple(s) == null) {
        return s;
      }
    }
    return page.slotCount();
  }

  /** Redoes every block of {@code r} on the model pages, as the reference redo does. */
  private static void applyTo(Map<PageKey, Page> state, LoggedRecord r) {
    for (int i = 0; i < r.record().blocks().size(); i++) {
      PageKey k = r.record().blocks().get(i).key();
      try {
        state.put(k, Redo.apply(state.get(k), r, i));
      } catch (PageException e) {
        throw new IllegalStateException("generated record at " + r.startLsn() + " does not redo: " + e.getMessage(), e);
      }
    }
  }
}
