package untorn.torture.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantTimeline;
import untorn.safekeeper.proto.MessageCodec;
import untorn.safekeeper.proto.PersistedLsnUpdate;

/**
 * SimPageserver is the pageserver as the safekeepers see it in the consensus suite (not the real
 * {@code pageserver} module): a node that ingests committed WAL, persists it after a seeded random
 * lag, and tells every safekeeper its persisted LSN ({@link PersistedLsnUpdate}) through the
 * simulated network, which drops, duplicates, delays, reorders and corrupts those messages like any
 * other. It crashes and restarts like the computes (power losses, process kills, crashes at an I/O
 * operation) and is partitioned like every node.
 *
 * <p>What it reports is always true: it only ingests the committed WAL the checker verified
 * ({@code committedEnd}, a record end whenever it moves), it persists one of the ends it ingested
 * (a random one newer than its persisted LSN: the lag) by writing it to its disk crash-atomically
 * (temporary file, fsync, rename, directory fsync) and tells the {@link Listener} (the checker's
 * truth) before any safekeeper hears of it, and it only reports LSNs it persisted. Its reports
 * rise, but it also sends stale ones: now and then an older value of its durable history, and after
 * every restart first a random one of them (a pageserver that resends an older state): acceptors
 * must only ever take the highest value they saw.
 */
final class SimPageserver implements Node {
  static final String DIRECTORY = "pageserver";
  static final String FILE = DIRECTORY + "/persisted";
  static final String TEMP_FILE = DIRECTORY + "/persisted.tmp";
  private static final Object INGEST = "ps-ingest";
  private static final Object PERSIST = "ps-persist";
  private static final Object REPORT = "ps-report";
  /** Persisted LSNs kept in the file: the newest one is the persisted LSN, the others its history. */
  static final int HISTORY_MAX = 8;
  /** Committed ends ingested but not yet persisted, at most (the oldest go first). */
  static final int INGESTED_MAX = 64;
  static final long INGEST_MILLIS = 15;
  static final int PERSIST_MILLIS_MAX = 150;
  static final int REPORT_MILLIS_MAX = 60;
  /** How often a report sends an older persisted LSN instead of the newest, in percent. */
  static final int STALE_REPORT_PERCENT = 10;
  private static final int MAGIC = 0x50534C4E; // "PSLN"

  /** What the scenario hears: what became durable, and what was sent. */
  interface Listener {
    /** WAL below {@code lsn} is durable in the pageserver (called before any report of it). */
    void persisted(Lsn lsn);

    /** An update with {@code lsn} was sent to every safekeeper; {@code stale} if below the newest. */
    void reported(Lsn lsn, boolean stale);
  }

  private final TenantTimeline timeline;
  private final List<NodeId> safekeepers;
  private final Supplier<Lsn> committedEnd;
  private final Listener listener;
  private NodeContext context;
  /** Committed ends ingested above the persisted LSN, ascending; lost at a crash. */
  private final List<Lsn> ingested = new ArrayList<>();
  /** The durable history, ascending; the last is the persisted LSN. */
  private List<Lsn> persisted = new ArrayList<>();
  private boolean restarted;

  SimPageserver(TenantTimeline timeline, List<NodeId> safekeepers, Supplier<Lsn> committedEnd, Listener listener) {
    this.timeline = timeline;
    this.safekeepers = List.copyOf(safekeepers);
    this.committedEnd = committedEnd;
    this.listener = listener;
  }

  @Override
  public void start(NodeContext ctx) {
    this.context = ctx;
    try {
      FileSystem fs = ctx.fileSystem();
      fs.createDirectories(DIRECTORY);
      if (fs.exists(TEMP_FILE)) {
        fs.delete(TEMP_FILE); // A persist that died before its rename: the old file is the truth.
      }
      if (fs.exists(FILE)) {
        persisted = read(fs);
        restarted = true;
      }
    } catch (StorageException e) {
      throw new IllegalStateException("pageserver cannot start: " + e.getMessage(), e);
    }
    if (!persisted.isEmpty()) {
      // It may have died between its fsync and its listener call: what is on disk is the truth.
      listener.persisted(last());
    }
    ctx.timers().schedule(INGEST_MILLIS, INGEST);
    ctx.timers().schedule(1 + ctx.random().nextInt(PERSIST_MILLIS_MAX), PERSIST);
    ctx.timers().schedule(1 + ctx.random().nextInt(REPORT_MILLIS_MAX), REPORT);
  }

  @Override
  public void onMessage(NodeId from, byte[] message) {
    // Safekeepers never answer a persisted-LSN update.
  }

  @Override
  public void onTimer(long timerId, Object tag) {
    if (tag == INGEST) {
      ingest();
      context.timers().schedule(INGEST_MILLIS, INGEST);
    } else if (tag == PERSIST) {
      persist();
      context.timers().schedule(1 + context.random().nextInt(PERSIST_MILLIS_MAX), PERSIST);
    } else if (tag == REPORT) {
      report();
      context.timers().schedule(1 + context.random().nextInt(REPORT_MILLIS_MAX), REPORT);
    }
  }

  /** Takes the committed end if it moved: WAL the pageserver now holds in memory. */
  private void ingest() {
    Lsn end = committedEnd.get();
    Lsn newest = ingested.isEmpty() ? last() : ingested.get(ingested.size() - 1);
    if (end.isAfter(newest)) {
      ingested.add(end);
      if (ingested.size() > INGESTED_MAX) {
        ingested.remove(0);
      }
    }
  }

  /** Persists a random ingested end (the lag), durably, before anyone is told. */
  private void persist() {
    if (ingested.isEmpty()) {
      return;
    }
    int pick = context.random().nextInt(ingested.size());
    Lsn target = ingested.get(pick);
    List<Lsn> next = new ArrayList<>(persisted);
    next.add(target);
    while (next.size() > HISTORY_MAX) {
      next.remove(0);
    }
    try {
      write(context.fileSystem(), next);
    } catch (StorageException e) {
      throw new IllegalStateException("pageserver cannot persist: " + e.getMessage(), e);
    }
    persisted = next;
    ingested.subList(0, pick + 1).clear();
    listener.persisted(target);
  }

  /** Tells every safekeeper the persisted LSN, or now and then (and first after a restart) an older one. */
  private void report() {
    if (persisted.isEmpty()) {
      return;
    }
    Lsn lsn = last();
    if (restarted || context.random().nextInt(100) < STALE_REPORT_PERCENT) {
      lsn = persisted.get(context.random().nextInt(persisted.size()));
      restarted = false;
    }
    byte[] bytes = MessageCodec.encode(new PersistedLsnUpdate(timeline, lsn));
    for (NodeId sk : safekeepers) {
      context.transport().send(sk, bytes);
    }
    listener.reported(lsn, lsn.isBefore(last()));
  }

  private Lsn last() {
    return persisted.isEmpty() ? Lsn.ZERO : persisted.get(persisted.size() - 1);
  }

  private static void write(FileSystem fs, List<Lsn> history) throws StorageException {
    byte[] b = new byte[12 + 8 * history.size()];
    Bytes.putI32(b, 0, MAGIC);
    Bytes.putI32(b, 4, history.size());
    for (int i = 0; i < history.size(); i++) {
      Bytes.putI64(b, 12 + 8 * i, history.get(i).value());
    }
    Bytes.putI32(b, 8, Crc32c.skipping(b, 0, b.length, 8));
    if (fs.exists(TEMP_FILE)) {
      fs.delete(TEMP_FILE);
    }
    try (FileHandle h = fs.create(TEMP_FILE)) {
      h.write(0, b);
      h.sync();
    }
    fs.rename(TEMP_FILE, FILE);
    fs.syncDirectory(DIRECTORY);
  }

  private static List<Lsn> read(FileSystem fs) throws StorageException {
    byte[] b;
    try (FileHandle h = fs.open(FILE)) {
      b = new byte[(int) Math.min(h.sizeBytes(), 12 + 8 * HISTORY_MAX)];
      h.readFully(0, b, 0, b.length);
    }
    int n = b.length < 12 ? -1 : Bytes.getI32(b, 4);
    if (n < 1 || n > HISTORY_MAX || b.length != 12 + 8 * n || Bytes.getI32(b, 0) != MAGIC
        || Bytes.getI32(b, 8) != Crc32c.skipping(b, 0, b.length, 8)) {
      // Its disk takes no faults and the file is replaced crash-atomically: this is a bug.
      throw new IllegalStateException("pageserver file " + FILE + " is damaged (" + b.length + " bytes)");
    }
    List<Lsn> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Lsn.of(Bytes.getI64(b, 12 + 8 * i)));
    }
    return out;
  }
}
