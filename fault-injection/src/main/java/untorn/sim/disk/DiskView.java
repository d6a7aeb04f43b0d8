package untorn.sim.disk;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.io.StorageException.Kind;
import untorn.sim.base.CrashKind;
import untorn.sim.base.SimLimits;
import untorn.sim.base.Stat;

/**
 * DiskView is the {@link FileSystem} one node incarnation sees on its {@link SimDisk}: every
 * operation first checks the incarnation is alive, charges latency and may be where an armed
 * crash fires; then it draws the per-operation faults.
 */
final class DiskView implements FileSystem {
  private final SimDisk disk;
  private final int generation;

  DiskView(SimDisk disk, int generation) {
    this.disk = disk;
    this.generation = generation;
  }

  static void checkPath(String path, boolean allowRoot) {
    if (path == null || (!allowRoot && path.isEmpty()) || path.startsWith("/") || path.endsWith("/")
        || path.contains("//") || path.equals("..") || path.startsWith("../") || path.contains("/../")
        || path.endsWith("/..") || path.equals(".") || path.startsWith("./") || path.contains("/./")) {
      throw new IllegalArgumentException("bad relative path: '" + path + "'");
    }
  }

  private boolean enter(String op, String path) {
    return disk.enter(generation, false, op, path);
  }

  /**
   * Returns {@code e} for the caller to throw, unless this operation is where an armed crash
   * fires: then the node dies here instead, with nothing done (the crash must not be lost because
   * the operation was refused).
   */
  private StorageException refuse(boolean dies, StorageException e) {
    if (dies) {
      throw disk.die(e.getMessage() + " (refused, then crashed)");
    }
    return e;
  }

  private void requireParent(String path, boolean dies) throws StorageException {
    String parent = FileSystem.parentOf(path);
    if (!disk.directories.contains(parent)) {
      throw refuse(dies, new StorageException(Kind.NOT_FOUND, path, "no such directory: '" + parent + "'"));
    }
  }

  @Override
  public FileHandle open(String path) throws StorageException {
    checkPath(path, false);
    if (enter("open", path)) {
      throw disk.die("open " + path);
    }
    if (disk.directories.contains(path)) {
      throw new StorageException(Kind.IO_ERROR, path, "is a directory");
    }
    Inode inode = disk.files.get(path);
    if (inode == null) {
      throw new StorageException(Kind.NOT_FOUND, path, "no such file");
    }
    return new Handle(path, inode);
  }

  @Override
  public FileHandle create(String path) throws StorageException {
    checkPath(path, false);
    boolean dies = enter("create", path);
    requireParent(path, dies);
    if (disk.files.containsKey(path) || disk.directories.contains(path)) {
      throw refuse(dies, new StorageException(Kind.ALREADY_EXISTS, path, "file exists"));
    }
    if (disk.full) {
      disk.counters.increment(Stat.DISK_FULL);
      throw refuse(dies, new StorageException(Kind.DISK_FULL, path, "no space left for a new file (disk full fault)"));
    }
    Inode inode = new Inode();
    if (dies && disk.random.nextBoolean()) {
      throw disk.die("create " + path + " (not done)");
    }
    disk.link(path, inode);
    disk.journal.add(MetaOp.create(path, inode));
    if (dies) {
      throw disk.die("create " + path + " (done)");
    }
    return new Handle(path, inode);
  }

  @Override
  public boolean exists(String path) {
    checkPath(path, true);
    if (enter("exists", path)) {
      throw disk.die("exists " + path);
    }
    return disk.files.containsKey(path) || disk.directories.contains(path);
  }

  @Override
  public List<String> list(String directory) {
    checkPath(directory, true);
    if (enter("list", directory)) {
      throw disk.die("list " + directory);
    }
    String prefix = directory.isEmpty() ? "" : directory + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String p : disk.files.tailMap(prefix, true).keySet()) {
      if (!p.startsWith(prefix)) {
        break;
      }
      if (p.indexOf('/', prefix.length()) < 0) {
        names.add(p.substring(prefix.length()));
      }
    }
    for (String d : disk.directories) {
      if (!d.isEmpty() && !d.equals(directory) && FileSystem.parentOf(d).equals(directory)) {
        names.add(d.substring(prefix.length()));
      }
    }
    return new ArrayList<>(names);
  }

  @Override
  public void rename(String from, String to) throws StorageException {
    checkPath(from, false);
    checkPath(to, false);
    boolean dies = enter("rename", from);
    if (!disk.files.containsKey(from)) {
      throw refuse(dies, new StorageException(disk.directories.contains(from) ? Kind.IO_ERROR : Kind.NOT_FOUND, from,
          disk.directories.contains(from) ? "renaming a directory is not supported" : "no such file"));
    }
    requireParent(to, dies);
    if (disk.directories.contains(to)) {
      throw refuse(dies, new StorageException(Kind.IO_ERROR, to, "is a directory"));
    }
    if (dies && disk.random.nextBoolean()) {
      throw disk.die("rename " + from + " -> " + to + " (not done)");
    }
    if (!from.equals(to)) {
      disk.link(to, disk.unlink(from));
      disk.journal.add(MetaOp.rename(from, to));
    }
    if (dies) {
      throw disk.die("rename " + from + " -> " + to + " (done)");
    }
  }

  @Override
  public void delete(String path) throws StorageException {
    checkPath(path, false);
    boolean dies = enter("delete", path);
    if (!disk.files.containsKey(path)) {
      throw refuse(dies, new StorageException(Kind.NOT_FOUND, path, "no such file"));
    }
    if (dies && disk.random.nextBoolean()) {
      throw disk.die("delete " + path + " (not done)");
    }
    disk.unlink(path);
    disk.journal.add(MetaOp.delete(path));
    if (dies) {
      throw disk.die("delete " + path + " (done)");
    }
  }

  @Override
  public void createDirectories(String directory) throws StorageException {
    checkPath(directory, true);
    if (enter("mkdirs", directory)) {
      throw disk.die("mkdirs " + directory);
    }
    List<String> missing = new ArrayList<>();
    for (String d = directory; !d.isEmpty() && !disk.directories.contains(d); d = FileSystem.parentOf(d)) {
      if (disk.files.containsKey(d)) {
        throw new StorageException(Kind.ALREADY_EXISTS, d, "a file has this name");
      }
      missing.add(d);
    }
    disk.directories.addAll(missing);
  }

  @Override
  public void syncDirectory(String directory) throws StorageException {
    checkPath(directory, true);
    boolean dies = disk.enter(generation, true, "sync directory", directory);
    if (!disk.directories.contains(directory)) {
      throw refuse(dies, new StorageException(Kind.NOT_FOUND, directory, "no such directory"));
    }
    int prefix = disk.journalPrefixFor(directory);
    if (dies) {
      disk.commitJournal(disk.random.nextInt(prefix + 1));
      throw disk.die("sync directory '" + directory + "'");
    }
    if (disk.random.chance(disk.rates.fsyncFailProbability())) {
      disk.counters.increment(Stat.FSYNC_FAILURES);
      disk.commitJournal(disk.random.nextInt(prefix + 1));
      throw new StorageException(Kind.SYNC_FAILED, directory, "directory fsync failed (injected)");
    }
    disk.commitJournal(prefix);
    disk.counters.increment(Stat.DISK_SYNCS);
  }

  /** A handle on one inode; it keeps working after the name is deleted, as on POSIX. */
  private final class Handle implements FileHandle {
    private final String path;
    private final Inode inode;
    private boolean closed;

    Handle(String path, Inode inode) {
      this.path = path;
      this.inode = inode;
    }

    private boolean enter(String op, boolean isSync) throws StorageException {
      boolean dies = disk.enter(generation, isSync, op, path);
      if (closed) {
        throw refuse(dies, new StorageException(Kind.CLOSED, path, "handle closed"));
      }
      return dies;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public long sizeBytes() throws StorageException {
      if (enter("size", false)) {
        throw disk.die("size " + path);
      }
      return inode.volatileSize();
    }

    @Override
    public int read(long offsetBytes, byte[] destination, int destinationOffset, int length) throws StorageException {
      checkRange(offsetBytes, destination.length, destinationOffset, length);
      if (enter("read", false)) {
        throw disk.die("read " + path + " at " + offsetBytes);
      }
      if (disk.random.chance(disk.rates.readErrorProbability())) {
        disk.counters.increment(Stat.READ_ERRORS);
        throw new StorageException(Kind.IO_ERROR, path, "read error at " + offsetBytes + " (injected)");
      }
      return inode.read(offsetBytes, destination, destinationOffset, length);
    }

    @Override
    public void write(long offsetBytes, byte[] source, int sourceOffset, int length) throws StorageException {
      checkRange(offsetBytes, source.length, sourceOffset, length);
      boolean dies = enter("write", false);
      long oldSize = inode.volatileSize();
      reserve(Math.max(oldSize, offsetBytes + length), dies);
      if (dies) {
        boolean killed = disk.armedKind() == CrashKind.PROCESS_KILL;
        if (killed) {
          inode.writePrefix(offsetBytes, source, sourceOffset, length, disk.random);
        } else {
          inode.writeTorn(offsetBytes, source, sourceOffset, length, disk.random);
        }
        disk.resized(inode, oldSize);
        throw disk.die("write " + path + " at " + offsetBytes + " (" + length + " bytes, " + (killed ? "a prefix" : "torn") + ")");
      }
      DiskFaultRates rates = disk.rates;
      if (disk.random.chance(rates.writeErrorProbability())) {
        inode.writeTorn(offsetBytes, source, sourceOffset, length, disk.random);
        disk.resized(inode, oldSize);
        disk.counters.increment(Stat.WRITE_ERRORS);
        throw new StorageException(Kind.IO_ERROR, path, "write error at " + offsetBytes + " (injected): range content unknown");
      }
      if (disk.random.chance(rates.lostWriteProbability())) {
        disk.counters.increment(Stat.LOST_WRITES);
        return;
      }
      if (disk.random.chance(rates.misdirectedWriteProbability())) {
        misdirect(offsetBytes, source, sourceOffset, length);
        return;
      }
      inode.write(offsetBytes, source, sourceOffset, length);
      disk.resized(inode, oldSize);
    }

    private void reserve(long newSize, boolean dies) throws StorageException {
      try {
        disk.reserve(inode, newSize, path);
      } catch (StorageException e) {
        throw refuse(dies, e);
      }
    }

    /** Writes the data whole sectors away, inside the file; with no room for that, loses it. */
    private void misdirect(long offsetBytes, byte[] source, int sourceOffset, int length) {
      long sector = SimLimits.SECTOR_BYTES;
      long lowest = -(offsetBytes / sector); // shifts k with offset + k * sector >= 0
      long highest = Math.floorDiv(inode.volatileSize() - length - offsetBytes, sector); // stays inside the file
      long choices = highest - lowest + 1 - (lowest <= 0 && highest >= 0 ? 1 : 0);
      if (choices <= 0) {
        disk.counters.increment(Stat.LOST_WRITES);
        return;
      }
      long shift = lowest + disk.random.nextLong(choices);
      if (lowest <= 0 && shift >= 0) {
        shift++; // skip the right place
      }
      inode.write(offsetBytes + shift * sector, source, sourceOffset, length);
      disk.counters.increment(Stat.MISDIRECTED_WRITES);
    }

    @Override
    public void truncate(long sizeBytes) throws StorageException {
      if (sizeBytes < 0 || sizeBytes > SimLimits.FILE_BYTES_MAX) {
        throw new IllegalArgumentException("bad file size " + sizeBytes);
      }
      boolean dies = enter("truncate", false);
      long oldSize = inode.volatileSize();
      reserve(sizeBytes, dies);
      if (dies && disk.random.nextBoolean()) {
        throw disk.die("truncate " + path + " to " + sizeBytes + " (not done)");
      }
      inode.truncate(sizeBytes);
      disk.resized(inode, oldSize);
      if (dies) {
        throw disk.die("truncate " + path + " to " + sizeBytes + " (done)");
      }
    }

    @Override
    public void sync() throws StorageException {
      if (enter("sync", true)) {
        inode.syncTorn(disk.random);
        throw disk.die("sync " + path);
      }
      if (disk.random.chance(disk.rates.fsyncFailProbability())) {
        disk.counters.increment(Stat.FSYNC_FAILURES);
        inode.syncFailed(disk.random);
        throw new StorageException(Kind.SYNC_FAILED, path, "fsync failed (injected): unsynced writes have unknown content");
      }
      inode.sync();
      disk.counters.increment(Stat.DISK_SYNCS);
    }

    @Override
    public void close() {
      closed = true;
    }

    private void checkRange(long offsetBytes, int arrayLength, int arrayOffset, int length) {
      if (offsetBytes < 0 || length < 0 || arrayOffset < 0 || arrayOffset + length > arrayLength
          || offsetBytes + length > SimLimits.FILE_BYTES_MAX) {
        throw new IllegalArgumentException("bad range: offset " + offsetBytes + ", " + length + " bytes at "
            + arrayOffset + " of a " + arrayLength + "-byte array");
      }
    }
  }

  @Override
  public String toString() {
    return "disk " + disk.name + " (generation " + generation + ", " + disk.files.size() + " files)";
  }
}
