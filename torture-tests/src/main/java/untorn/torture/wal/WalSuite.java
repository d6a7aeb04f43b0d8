package untorn.torture.wal;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import untorn.core.Limits;
import untorn.core.io.MemoryFileSystem;
import untorn.core.io.StorageException;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.page.Redo;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.SegmentedWal;
import untorn.core.wal.WalEnd;
import untorn.core.wal.WalLayout;
import untorn.core.wal.WalReader;
import untorn.core.wal.WalStopReason;
import untorn.core.wal.WalWriter;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureSuite;
import untorn.torture.Violation;

/**
 * WalSuite: write random WAL into small segments, damage it once, check the reader, recovery
 * and redo (see the package doc). Damage kinds are the "faults" of this suite.
 */
public final class WalSuite implements TortureSuite {
  /** The kinds of damage; NONE keeps a share of seeds as clean controls. */
  enum Damage { NONE, BIT_FLIP, TRUNCATE, ZERO_PAGE, ZERO_SECTOR, GARBAGE_TAIL, MISDIRECTED_PAGE }

  private static final int SECTOR_BYTES = 512;
  private static final EnumSet<WalStopReason> CUT = EnumSet.of(WalStopReason.END_OF_DATA, WalStopReason.INCOMPLETE_RECORD);

  @Override
  public String name() {
    return "wal";
  }

  @Override
  public String description() {
    return "random WAL in small segments, one damage per seed; reader prefix, recovery and redo checks";
  }

  @Override
  public int defaultSeeds() {
    return 2000;
  }

  @Override
  public SeedResult run(long seed, TortureOptions options) {
    return new Run(seed, options).execute();
  }

  private final class Run {
    final long seed;
    final SplittableRandom random;
    final List<Violation> violations = new ArrayList<>();
    final Map<String, Long> counters = new TreeMap<>();
    final Hasher trace = Hashing.murmur3_128().newHasher();
    final boolean verbose;
    long events;

    Run(long seed, TortureOptions options) {
      this.seed = seed;
      this.random = new SplittableRandom(seed);
      this.verbose = options.verbose();
    }

    void fail(String invariant, String format, Object... args) {
      violations.add(Violation.of(invariant, String.format(format, args)));
    }

    void log(String format, Object... args) {
      if (verbose) {
        System.out.printf("[seed %d] %s%n", seed, String.format(format, args));
      }
    }

    SeedResult execute() {
      Damage damage = Damage.values()[random.nextInt(Damage.values().length)];
      try {
        check(damage);
      } catch (StorageException | PageException e) {
        fail("no-unexpected-error", "%s", e);
      }
      return new SeedResult(name(), seed, events, Map.of(damage.name().toLowerCase(), 1L), counters,
          trace.hash().asLong(), violations);
    }

    void check(Damage damage) throws StorageException, PageException {
      WalLayout layout = new WalLayout(random.nextBoolean() ? Limits.WAL_SEGMENT_SIZE_BYTES_MIN : 64 * 1024);
      MemoryFileSystem fs = new MemoryFileSystem();
      SegmentedWal wal = new SegmentedWal(fs, "wal", layout);
      WalWorkload workload = new WalWorkload(random, 1, 1 + random.nextInt(6), random.nextDouble() * 0.3);
      WalWriter writer = WalWriter.create(wal);
      List<LoggedRecord> written = new ArrayList<>();
      int count = 10 + random.nextInt(150);
      for (int i = 0; i < count; i++) {
        written.add(writer.append(workload.next()));
        if (random.nextInt(8) == 0) {
          writer.sync();
        }
      }
      writer.sync();
      events += count;
      counters.merge("records-written", (long) count, Long::sum);
      Lsn end = writer.position();
      log("wrote %d records, WAL ends at %s, segment size %d, damage %s", count, end, layout.segmentSizeBytes(), damage);

      long damageAt = damage(wal, damage, end.value());
      List<LoggedRecord> intact = new ArrayList<>();
      for (LoggedRecord r : written) {
        if (Long.compareUnsigned(r.endLsn().value(), damageAt) <= 0) {
          intact.add(r);
        }
      }
      Lsn intactEnd = intact.isEmpty() ? Lsn.ZERO : intact.get(intact.size() - 1).endLsn();
      log("first damaged byte at %s: %d intact records up to %s", Lsn.of(damageAt), intact.size(), intactEnd);

      // Damage that changed no byte (zeroes over zeroes) leaves a clean WAL; garbage after the
      // end changes no byte of the WAL but must still be named.
      boolean clean = damageAt == end.value() && damage != Damage.GARBAGE_TAIL;
      checkReader(new SegmentedWal(fs, "wal", layout), intact, intactEnd, damage, clean);
      checkRecovery(fs, layout, intact, intactEnd, workload, damageAt == end.value());
    }

    /** Damages the stored WAL; returns the stream position of the first changed byte (end if none). */
    long damage(SegmentedWal wal, Damage damage, long end) throws StorageException {
      byte[] before = new byte[(int) end];
      wal.read(0, before, 0, before.length);
      switch (damage) {
        case NONE -> {
          return end;
        }
        case BIT_FLIP -> {
          int at = random.nextInt((int) end);
          wal.write(Lsn.of(at), new byte[] {(byte) (before[at] ^ (1 << random.nextInt(8)))});
        }
        case TRUNCATE -> {
          int at = random.nextInt((int) end);
          wal.truncate(Lsn.of(at));
          return at;
        }
        case ZERO_PAGE -> {
          long at = WalLayout.pageStart(random.nextInt((int) end));
          wal.write(Lsn.of(at), new byte[(int) Math.min(Limits.WAL_PAGE_SIZE_BYTES, end - at)]);
        }
        case ZERO_SECTOR -> {
          long at = random.nextInt((int) end) & ~(long) (SECTOR_BYTES - 1);
          wal.write(Lsn.of(at), new byte[(int) Math.min(SECTOR_BYTES, end - at)]);
        }
        case MISDIRECTED_PAGE -> {
          // A whole, valid WAL page written at another page's place: only its address betrays it.
          int pages = (int) ((end + Limits.WAL_PAGE_SIZE_BYTES - 1) / Limits.WAL_PAGE_SIZE_BYTES);
          if (pages < 2) {
            return end;
          }
          int from = random.nextInt(pages);
          int to = (from + 1 + random.nextInt(pages - 1)) % pages;
          long fromAt = (long) from * Limits.WAL_PAGE_SIZE_BYTES;
          long toAt = (long) to * Limits.WAL_PAGE_SIZE_BYTES;
          int n = (int) Math.min(Limits.WAL_PAGE_SIZE_BYTES, Math.min(end - fromAt, end - toAt));
          wal.write(Lsn.of(toAt), java.util.Arrays.copyOfRange(before, (int) fromAt, (int) fromAt + n));
        }
        case GARBAGE_TAIL -> {
          byte[] garbage = new byte[1 + random.nextInt(3 * Limits.WAL_PAGE_SIZE_BYTES)];
          random.nextBytes(garbage);
          wal.write(Lsn.of(end), garbage);
          return end;
        }
      }
      wal.sync();
      byte[] after = new byte[(int) end];
      wal.read(0, after, 0, after.length);
      int first = java.util.Arrays.mismatch(before, after);
      return first < 0 ? end : first;
    }

    void checkReader(SegmentedWal wal, List<LoggedRecord> intact, Lsn intactEnd, Damage damage, boolean clean) {
      WalReader.Scan scan = WalReader.readAll(wal, Lsn.ZERO);
      events += scan.records().size();
      counters.merge("records-read", (long) scan.records().size(), Long::sum);
      for (LoggedRecord r : scan.records()) {
        trace.putLong(r.startLsn().value()).putInt(r.sizeBytes());
      }
      WalEnd end = scan.end();
      trace.putInt(end.reason().ordinal()).putLong(end.endOfValidWal().value());
      log("reader stopped: %s", end);
      if (!scan.records().equals(intact)) {
        int n = 0;
        while (n < Math.min(scan.records().size(), intact.size()) && scan.records().get(n).equals(intact.get(n))) {
          n++;
        }
        fail("reader-returns-exactly-the-intact-prefix", "read %d records, %d intact, first difference at #%d (damage %s)",
            scan.records().size(), intact.size(), n, damage);
      }
      if (!end.endOfValidWal().equals(intactEnd)) {
        fail("reader-reports-end-of-valid-wal", "reader says valid WAL ends at %s, intact records end at %s",
            end.endOfValidWal(), intactEnd);
      }
      // A cut WAL ends cleanly or inside a record; any other damage must be named as such.
      boolean cut = clean || damage == Damage.TRUNCATE;
      if (cut ? !CUT.contains(end.reason()) : end.reason() == WalStopReason.END_OF_DATA) {
        fail("reader-names-the-damage", "stop reason %s after %s damage", end.reason(), damage);
      }
      if (!intact.isEmpty()) {
        // Reading may start at any intact record.
        LoggedRecord from = intact.get(random.nextInt(intact.size()));
        WalReader reader = new WalReader(wal, from.startLsn(), from.prevLsn());
        LoggedRecord first = reader.next();
        if (!from.equals(first)) {
          fail("reader-starts-at-any-record", "reading from %s returned %s", from.startLsn(), first);
        }
      }
    }

    void checkRecovery(MemoryFileSystem fs, WalLayout layout, List<LoggedRecord> intact, Lsn intactEnd,
        WalWorkload original, boolean undamaged) throws StorageException, PageException {
      WalWriter reopened = WalWriter.openForAppend(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
      if (!reopened.position().equals(intactEnd)) {
        fail("recovery-continues-at-end-of-valid-wal", "recovery continues at %s, valid WAL ends at %s",
            reopened.position(), intactEnd);
        return;
      }
      // New records on another relation: the damaged tail's page changes are gone.
      WalWorkload more = new WalWorkload(random, 2, 2, 0.1);
      List<LoggedRecord> expected = new ArrayList<>(intact);
      int n = 1 + random.nextInt(40);
      for (int i = 0; i < n; i++) {
        expected.add(reopened.append(more.next()));
      }
      reopened.sync();
      events += n;
      WalReader.Scan scan = WalReader.readAll(new SegmentedWal(fs, "wal", layout), Lsn.ZERO);
      if (!scan.records().equals(expected) || scan.end().reason() != WalStopReason.END_OF_DATA) {
        fail("recovered-wal-reads-back", "after recovery and %d appends read %d of %d records, stop %s", n,
            scan.records().size(), expected.size(), scan.end());
        return;
      }
      Map<PageKey, Page> once = replay(scan.records());
      Map<PageKey, Page> twice = replay(scan.records());
      for (Map.Entry<PageKey, Page> e : once.entrySet()) {
        e.getValue().checkStructure();
        if (!java.util.Arrays.equals(e.getValue().toBytes(), twice.get(e.getKey()).toBytes())) {
          fail("redo-is-deterministic", "two replays of %s differ", e.getKey());
        }
        // Without damage every page must equal the workload's own copy; after damage only the
        // pages written after recovery are known.
        Page model = e.getKey().relation() == 2 ? more.shadowPage(e.getKey())
            : undamaged ? original.shadowPage(e.getKey()) : null;
        if (model != null && !samePageIgnoringLsn(model, e.getValue())) {
          fail("redo-matches-the-workload-model", "replayed %s differs from the workload's own page", e.getKey());
        }
      }
      counters.merge("pages-replayed", (long) once.size(), Long::sum);
    }

    Map<PageKey, Page> replay(List<LoggedRecord> records) throws PageException {
      Map<PageKey, Page> pages = new HashMap<>();
      for (LoggedRecord r : records) {
        List<BlockRef> blocks = r.record().blocks();
        for (int b = 0; b < blocks.size(); b++) {
          PageKey key = blocks.get(b).key();
          pages.put(key, Redo.apply(pages.get(key), r, b));
        }
      }
      return pages;
    }
  }

  static boolean samePageIgnoringLsn(Page a, Page b) {
    Page x = a.copy();
    Page y = b.copy();
    x.setLsn(Lsn.ZERO);
    y.setLsn(Lsn.ZERO);
    return java.util.Arrays.equals(x.toBytes(), y.toBytes());
  }

}
