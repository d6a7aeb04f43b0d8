package untorn.core.io;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * MemoryFileSystem is a fault-free in-memory {@link FileSystem} for unit tests and tools: every
 * operation is immediately "durable". Crash semantics and faults live in the simulator's disk
 * ({@code untorn.sim}), which implements the same port.
 *
 * <p>Not thread-safe: like every node's storage, it is used from one thread.
 */
public final class MemoryFileSystem implements FileSystem {
  private final TreeMap<String, byte[][]> files = new TreeMap<>(); // path -> {content}
  private final TreeMap<String, Long> sizes = new TreeMap<>();
  private final TreeSet<String> directories = new TreeSet<>(List.of(""));

  private void requireParent(String path) throws StorageException {
    String parent = FileSystem.parentOf(path);
    if (!directories.contains(parent)) {
      throw new StorageException(StorageException.Kind.NOT_FOUND, path, "no such directory: '" + parent + "'");
    }
  }

  @Override
  public FileHandle open(String path) throws StorageException {
    if (!files.containsKey(path)) {
      throw new StorageException(StorageException.Kind.NOT_FOUND, path, "no such file");
    }
    return new Handle(path);
  }

  @Override
  public FileHandle create(String path) throws StorageException {
    requireParent(path);
    if (files.containsKey(path) || directories.contains(path)) {
      throw new StorageException(StorageException.Kind.ALREADY_EXISTS, path, "file exists");
    }
    files.put(path, new byte[][] {new byte[0]});
    sizes.put(path, 0L);
    return new Handle(path);
  }

  @Override
  public boolean exists(String path) {
    return files.containsKey(path) || directories.contains(path);
  }

  @Override
  public List<String> list(String directory) {
    String prefix = directory.isEmpty() ? "" : directory + "/";
    TreeSet<String> names = new TreeSet<>();
    for (String p : files.keySet()) {
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
    if (!files.containsKey(from)) {
      throw new StorageException(StorageException.Kind.NOT_FOUND, from, "no such file");
    }
    requireParent(to);
    files.put(to, files.remove(from));
    sizes.put(to, sizes.remove(from));
  }

  @Override
  public void delete(String path) throws StorageException {
    if (files.remove(path) == null) {
      throw new StorageException(StorageException.Kind.NOT_FOUND, path, "no such file");
    }
    sizes.remove(path);
  }

  @Override
  public void createDirectories(String directory) {
    String d = directory;
    while (!d.isEmpty()) {
      directories.add(d);
      d = FileSystem.parentOf(d);
    }
  }

  @Override
  public void syncDirectory(String directory) {}

  private final class Handle implements FileHandle {
    private final String path;
    private boolean closed;

    Handle(String path) {
      this.path = path;
    }

    private byte[][] content() throws StorageException {
      byte[][] c = files.get(path);
      if (closed || c == null) {
        throw new StorageException(StorageException.Kind.CLOSED, path, closed ? "handle closed" : "file deleted");
      }
      return c;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public long sizeBytes() throws StorageException {
      content();
      return sizes.get(path);
    }

    @Override
    public int read(long offsetBytes, byte[] destination, int destinationOffset, int length) throws StorageException {
      byte[] data = content()[0];
      long size = sizes.get(path);
      if (offsetBytes >= size) {
        return 0;
      }
      int n = (int) Math.min(length, size - offsetBytes);
      System.arraycopy(data, (int) offsetBytes, destination, destinationOffset, n);
      return n;
    }

    @Override
    public void write(long offsetBytes, byte[] source, int sourceOffset, int length) throws StorageException {
      byte[][] c = content();
      long end = offsetBytes + length;
      if (end > Integer.MAX_VALUE - 8) {
        throw new StorageException(StorageException.Kind.DISK_FULL, path, "in-memory file limit");
      }
      if (end > c[0].length) {
        c[0] = Arrays.copyOf(c[0], (int) Math.max(end, Math.min(Integer.MAX_VALUE - 8, c[0].length * 2L)));
      }
      System.arraycopy(source, sourceOffset, c[0], (int) offsetBytes, length);
      sizes.put(path, Math.max(sizes.get(path), end));
    }

    @Override
    public void truncate(long sizeBytes) throws StorageException {
      byte[][] c = content();
      long size = sizes.get(path);
      if (sizeBytes < size) {
        Arrays.fill(c[0], (int) sizeBytes, (int) size, (byte) 0);
      } else if (sizeBytes > c[0].length) {
        c[0] = Arrays.copyOf(c[0], (int) sizeBytes);
      }
      sizes.put(path, sizeBytes);
    }

    @Override
    public void sync() throws StorageException {
      content();
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
