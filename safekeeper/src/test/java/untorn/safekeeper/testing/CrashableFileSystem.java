package untorn.safekeeper.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.io.StorageException.Kind;

/**
 * CrashableFileSystem is an in-memory {@link FileSystem} that keeps, apart from what a process
 * sees, what would survive a power loss, following the port's contract exactly:
 *
 * <ul>
 *   <li>file content changes (write, truncate) are durable only after the file's sync;
 *   <li>directory changes (create, rename, delete) are durable only after the directory's sync;
 *   <li>{@link #crash} throws away everything not durable. In {@link Loss#ANY_PREFIX} mode it
 *       keeps a random prefix of each file's unsynced changes and of each directory's unsynced
 *       changes instead, as a disk that wrote some of the pending work before power was lost;
 *   <li>{@link #processCrash} kills the process alone: the page cache, everything written and not
 *       durable, stays visible and undurable.
 * </ul>
 *
 * It can also crash the process right before its n-th mutating operation ({@link #crashBefore}),
 * report a full disk once a byte budget is spent, and fail file and directory syncs. A failed file
 * sync has Linux's fsyncgate semantics in their worst case: none of the file's unsynced changes
 * reached the disk, yet they count as written, so no later sync writes them; the bytes they
 * changed stay visible (across a process crash too) and stay undurable until they are written
 * again or a power loss drops them. A failed directory sync leaves its operations pending, as a
 * journal does. The simulator's disk adds torn sectors, rot and misdirected writes; this one is
 * for deterministic unit tests.
 */
public final class CrashableFileSystem implements FileSystem {
  /** What a crash keeps of the work that was not synced. */
  public enum Loss { ALL_UNSYNCED, ANY_PREFIX }

  /** Thrown into the code under test at an injected crash point; tests catch it and crash(). */
  public static final class CrashPoint extends Error {
    private static final long serialVersionUID = 1L;

    CrashPoint(String message) {
      super(message, null, false, false);
    }
  }

  private static final class Inode {
    byte[] data = new byte[0];
    byte[] durable = new byte[0];
    final List<byte[]> unsyncedStates = new ArrayList<>();
    /** Bytes a failed sync marked written although the disk does not hold them; no sync writes them. */
    final BitSet forgotten = new BitSet();

    /** A failed sync: the unsynced changes never reach the disk and no longer count as unsynced. */
    void syncFailed() {
      for (int i = 0; i < data.length; i++) {
        if (i >= durable.length || data[i] != durable[i]) {
          forgotten.set(i);
        }
      }
      unsyncedStates.clear();
    }

    /** A successful sync: the disk gets the visible bytes except the forgotten ones. */
    void synced() {
      byte[] next = data.clone();
      for (int i = forgotten.nextSetBit(0); i >= 0 && i < next.length; i = forgotten.nextSetBit(i + 1)) {
        next[i] = i < durable.length ? durable[i] : 0;
      }
      durable = next;
      unsyncedStates.clear();
    }
  }

  private record DirOp(String kind, String a, String b, Inode inode) {}

  private final Map<String, Inode> entries = new TreeMap<>();
  private final Map<String, Inode> durableEntries = new TreeMap<>();
  private final Map<String, List<DirOp>> pendingDirOps = new HashMap<>();
  private final TreeSet<String> directories = new TreeSet<>(List.of(""));
  private int generation;
  private long mutatingOps;
  private long crashBeforeOp = -1;
  private long freeBytes = Long.MAX_VALUE;
  private String failSyncPrefix;
  private String failDirectorySyncPrefix;

  public long mutatingOps() {
    return mutatingOps;
  }

  /** The next time the operation count reaches {@code op}, throw {@link CrashPoint} before it. */
  public void crashBefore(long op) {
    crashBeforeOp = op;
  }

  /** Lets only {@code bytes} more bytes be allocated; writes beyond fail with DISK_FULL. */
  public void setFreeBytes(long bytes) {
    freeBytes = bytes;
  }

  /**
   * Makes syncs of files whose path starts with {@code prefix} fail (null: none), with fsyncgate
   * semantics (see the class doc).
   */
  public void failSyncsUnder(String prefix) {
    failSyncPrefix = prefix;
  }

  /** Makes syncs of directories whose path starts with {@code prefix} fail (null: none). */
  public void failDirectorySyncsUnder(String prefix) {
    failDirectorySyncPrefix = prefix;
  }

  private void mutate(String what) {
    if (crashBeforeOp >= 0 && mutatingOps == crashBeforeOp) {
      crashBeforeOp = -1;
      throw new CrashPoint("injected crash before op " + mutatingOps + " (" + what + ")");
    }
    mutatingOps++;
  }

  /**
   * A power loss: open handles die and only the durable state remains (plus, in {@link
   * Loss#ANY_PREFIX} mode, a prefix of the pending work chosen by {@code random}).
   */
  public void crash(Loss loss, Random random) {
    generation++;
    for (Map.Entry<String, List<DirOp>> e : pendingDirOps.entrySet()) {
      List<DirOp> ops = e.getValue();
      int keep = loss == Loss.ANY_PREFIX ? random.nextInt(ops.size() + 1) : 0;
      for (int i = 0; i < keep; i++) {
        applyDirOp(durableEntries, ops.get(i));
      }
    }
    pendingDirOps.clear();
    // In path order, each inode once: an identity set's order changes from run to run, and each
    // inode draws from the shared random, so a seed must always visit them in the same order.
    java.util.Set<Inode> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    List<Inode> inodes = new ArrayList<>();
    for (Map<String, Inode> names : List.of(entries, durableEntries)) { // both sorted by path
      for (Inode n : names.values()) {
        if (seen.add(n)) {
          inodes.add(n);
        }
      }
    }
    for (Inode n : inodes) {
      int keep = loss == Loss.ANY_PREFIX ? random.nextInt(n.unsyncedStates.size() + 1) : 0;
      if (keep > 0) {
        n.durable = n.unsyncedStates.get(keep - 1);
      }
      n.data = n.durable.clone();
      n.unsyncedStates.clear();
      n.forgotten.clear();
    }
    entries.clear();
    entries.putAll(durableEntries);
    crashBeforeOp = -1;
  }

  /**
   * A crash of the process alone (kill -9, a halt after a failed fsync): open handles die, but the
   * operating system keeps its page cache, so everything written stays visible, durable or not,
   * and what a failed sync left undurable stays so.
   */
  public void processCrash() {
    generation++;
    crashBeforeOp = -1;
  }

  private static void applyDirOp(Map<String, Inode> dir, DirOp op) {
    switch (op.kind()) {
      case "create" -> dir.put(op.a(), op.inode());
      case "delete" -> dir.remove(op.a());
      case "rename" -> {
        Inode n = dir.remove(op.a());
        dir.put(op.b(), n == null ? op.inode() : n);
      }
      default -> throw new AssertionError(op);
    }
  }

  private void logDirOp(DirOp op) {
    pendingDirOps.computeIfAbsent(FileSystem.parentOf(op.a()), k -> new ArrayList<>()).add(op);
  }

  private void requireParent(String path) throws StorageException {
    if (!directories.contains(FileSystem.parentOf(path))) {
      throw new StorageException(Kind.NOT_FOUND, path, "no such directory");
    }
  }

  @Override
  public FileHandle open(String path) throws StorageException {
    Inode n = entries.get(path);
    if (n == null) {
      throw new StorageException(Kind.NOT_FOUND, path, "no such file");
    }
    return new Handle(path, n);
  }

  @Override
  public FileHandle create(String path) throws StorageException {
    requireParent(path);
    if (entries.containsKey(path) || directories.contains(path)) {
      throw new StorageException(Kind.ALREADY_EXISTS, path, "file exists");
    }
    mutate("create " + path);
    Inode n = new Inode();
    entries.put(path, n);
    logDirOp(new DirOp("create", path, null, n));
    return new Handle(path, n);
  }

  @Override
  public boolean exists(String path) {
    return entries.containsKey(path) || directories.contains(path);
  }

  @Override
  public List<String> list(String directory) {
    String prefix = directory.isEmpty() ? "" : directory + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String p : entries.keySet()) {
      if (p.startsWith(prefix) && p.indexOf('/', prefix.length()) < 0) {
        names.add(p.substring(prefix.length()));
      }
    }
    for (String d : directories) {
      if (!d.isEmpty() && d.startsWith(prefix) && !d.equals(directory) && d.indexOf('/', prefix.length()) < 0) {
        names.add(d.substring(prefix.length()));
      }
    }
    return new ArrayList<>(names);
  }

  @Override
  public void rename(String from, String to) throws StorageException {
    Inode n = entries.get(from);
    if (n == null) {
      throw new StorageException(Kind.NOT_FOUND, from, "no such file");
    }
    requireParent(to);
    if (!FileSystem.parentOf(from).equals(FileSystem.parentOf(to))) {
      throw new StorageException(Kind.IO_ERROR, from, "this test file system renames within a directory only");
    }
    mutate("rename " + from);
    entries.remove(from);
    entries.put(to, n);
    logDirOp(new DirOp("rename", from, to, n));
  }

  @Override
  public void delete(String path) throws StorageException {
    if (!entries.containsKey(path)) {
      throw new StorageException(Kind.NOT_FOUND, path, "no such file");
    }
    mutate("delete " + path);
    entries.remove(path);
    logDirOp(new DirOp("delete", path, null, null));
  }

  @Override
  public void createDirectories(String directory) {
    // Durable at once, as the port promises.
    String d = directory;
    while (!d.isEmpty()) {
      directories.add(d);
      d = FileSystem.parentOf(d);
    }
  }

  @Override
  public void syncDirectory(String directory) throws StorageException {
    if (failDirectorySyncPrefix != null && directory.startsWith(failDirectorySyncPrefix)) {
      throw new StorageException(Kind.SYNC_FAILED, directory, "injected directory fsync failure");
    }
    mutate("syncdir " + directory);
    List<DirOp> ops = pendingDirOps.remove(directory);
    if (ops != null) {
      for (DirOp op : ops) {
        applyDirOp(durableEntries, op);
      }
    }
  }

  /** Every file and its bytes as a crash now would leave them. */
  public Map<String, List<Byte>> durableSnapshot() {
    Map<String, List<Byte>> out = new TreeMap<>();
    durableEntries.forEach((path, n) -> out.put(path, boxed(n.durable)));
    return out;
  }

  /** Every file and its bytes as the process sees them now. */
  public Map<String, List<Byte>> visibleSnapshot() {
    Map<String, List<Byte>> out = new TreeMap<>();
    entries.forEach((path, n) -> out.put(path, boxed(n.data)));
    return out;
  }

  private static List<Byte> boxed(byte[] b) {
    List<Byte> out = new ArrayList<>(b.length);
    for (byte x : b) {
      out.add(x);
    }
    return out;
  }

  /** The durable bytes of a file as a crash now would leave them, or null if it would not exist. */
  public byte[] durableContent(String path) {
    Inode n = durableEntries.get(path);
    return n == null ? null : n.durable.clone();
  }

  private final class Handle implements FileHandle {
    private final String path;
    private final Inode inode;
    private final int born = generation;
    private boolean closed;

    Handle(String path, Inode inode) {
      this.path = path;
      this.inode = inode;
    }

    private void live() throws StorageException {
      if (closed || born != generation) {
        throw new StorageException(Kind.CLOSED, path, closed ? "handle closed" : "handle from before a crash");
      }
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public long sizeBytes() throws StorageException {
      live();
      return inode.data.length;
    }

    @Override
    public int read(long offsetBytes, byte[] destination, int destinationOffset, int length) throws StorageException {
      live();
      if (offsetBytes >= inode.data.length) {
        return 0;
      }
      int n = (int) Math.min(length, inode.data.length - offsetBytes);
      System.arraycopy(inode.data, (int) offsetBytes, destination, destinationOffset, n);
      return n;
    }

    @Override
    public void write(long offsetBytes, byte[] source, int sourceOffset, int length) throws StorageException {
      live();
      long end = offsetBytes + length;
      long growth = Math.max(0, end - inode.data.length);
      if (growth > freeBytes) {
        throw new StorageException(Kind.DISK_FULL, path, "no space left for " + growth + " bytes");
      }
      mutate("write " + path);
      if (freeBytes != Long.MAX_VALUE) {
        freeBytes -= growth;
      }
      if (end > inode.data.length) {
        inode.data = Arrays.copyOf(inode.data, (int) end);
      }
      System.arraycopy(source, sourceOffset, inode.data, (int) offsetBytes, length);
      inode.forgotten.clear((int) offsetBytes, (int) end);
      inode.unsyncedStates.add(inode.data.clone());
    }

    @Override
    public void truncate(long sizeBytes) throws StorageException {
      live();
      mutate("truncate " + path);
      if (sizeBytes < inode.data.length && freeBytes != Long.MAX_VALUE) {
        freeBytes = Math.min(Long.MAX_VALUE - 1, freeBytes + inode.data.length - sizeBytes);
      }
      inode.data = Arrays.copyOf(inode.data, (int) sizeBytes);
      inode.forgotten.clear((int) sizeBytes, Math.max((int) sizeBytes, inode.forgotten.length()));
      inode.unsyncedStates.add(inode.data.clone());
    }

    @Override
    public void sync() throws StorageException {
      live();
      if (failSyncPrefix != null && path.startsWith(failSyncPrefix)) {
        inode.syncFailed();
        throw new StorageException(Kind.SYNC_FAILED, path, "injected fsync failure: the unsynced writes are lost");
      }
      mutate("sync " + path);
      inode.synced();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
