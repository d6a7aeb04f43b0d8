package untorn.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * NioFileSystem is the real {@link FileSystem}: files under a root directory, {@code
 * FileChannel.force(true)} for sync, and an fsync of the directory itself for
 * {@link #syncDirectory} (opening a directory for reading and forcing it works on Linux).
 */
public final class NioFileSystem implements FileSystem {
  private final Path root;

  public NioFileSystem(Path root) throws StorageException {
    this.root = root.toAbsolutePath().normalize();
    try {
      Files.createDirectories(this.root);
    } catch (IOException e) {
      throw translate(e, "");
    }
  }

  public Path root() {
    return root;
  }

  Path resolve(String path) {
    if (path.startsWith("/") || path.contains("..") || path.contains("//")) {
      throw new IllegalArgumentException("bad relative path: " + path);
    }
    return path.isEmpty() ? root : root.resolve(path);
  }

  static StorageException translate(IOException e, String path) {
    if (e instanceof StorageException se) {
      return se;
    }
    if (e instanceof NoSuchFileException) {
      return new StorageException(StorageException.Kind.NOT_FOUND, path, "no such file", e);
    }
    if (e instanceof FileAlreadyExistsException) {
      return new StorageException(StorageException.Kind.ALREADY_EXISTS, path, "file exists", e);
    }
    String msg = String.valueOf(e.getMessage());
    if (msg.contains("No space left on device") || msg.contains("Disk quota exceeded")) {
      return new StorageException(StorageException.Kind.DISK_FULL, path, msg, e);
    }
    return new StorageException(StorageException.Kind.IO_ERROR, path, msg, e);
  }

  @Override
  public FileHandle open(String path) throws StorageException {
    try {
      Path p = resolve(path);
      if (Files.isDirectory(p)) {
        throw new StorageException(StorageException.Kind.IO_ERROR, path, "is a directory");
      }
      return new NioFileHandle(path, FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE));
    } catch (IOException e) {
      throw translate(e, path);
    }
  }

  @Override
  public FileHandle create(String path) throws StorageException {
    try {
      return new NioFileHandle(
          path,
          FileChannel.open(resolve(path), StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW));
    } catch (IOException e) {
      throw translate(e, path);
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.exists(resolve(path));
  }

  @Override
  public List<String> list(String directory) throws StorageException {
    Path dir = resolve(directory);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> names = new ArrayList<>();
      entries.forEach(p -> names.add(p.getFileName().toString()));
      names.sort(null);
      return names;
    } catch (IOException e) {
      throw translate(e, directory);
    }
  }

  @Override
  public void rename(String from, String to) throws StorageException {
    try {
      Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new StorageException(StorageException.Kind.IO_ERROR, from, "atomic rename not supported", e);
    } catch (IOException e) {
      throw translate(e, from);
    }
  }

  @Override
  public void delete(String path) throws StorageException {
    try {
      Files.delete(resolve(path));
    } catch (IOException e) {
      throw translate(e, path);
    }
  }

  @Override
  public void createDirectories(String directory) throws StorageException {
    try {
      Path dir = resolve(directory);
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir);
        // Make every new level durable, from the root down.
        Path p = dir;
        while (!p.equals(root)) {
          forceDirectory(p.getParent(), directory);
          p = p.getParent();
        }
      }
    } catch (IOException e) {
      throw translate(e, directory);
    }
  }

  @Override
  public void syncDirectory(String directory) throws StorageException {
    forceDirectory(resolve(directory), directory);
  }

  private static void forceDirectory(Path dir, String name) throws StorageException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      throw new StorageException(StorageException.Kind.SYNC_FAILED, name, "directory fsync failed: " + e.getMessage(), e);
    }
  }

  private static final class NioFileHandle implements FileHandle {
    private final String path;
    private final FileChannel channel;

    NioFileHandle(String path, FileChannel channel) {
      this.path = path;
      this.channel = channel;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public long sizeBytes() throws StorageException {
      try {
        return channel.size();
      } catch (IOException e) {
        throw translate(e, path);
      }
    }

    @Override
    public int read(long offsetBytes, byte[] destination, int destinationOffset, int length) throws StorageException {
      ByteBuffer buf = ByteBuffer.wrap(destination, destinationOffset, length);
      try {
        long pos = offsetBytes;
        while (buf.hasRemaining()) {
          int n = channel.read(buf, pos);
          if (n < 0) {
            break;
          }
          pos += n;
        }
      } catch (IOException e) {
        throw translate(e, path);
      }
      return length - buf.remaining();
    }

    @Override
    public void write(long offsetBytes, byte[] source, int sourceOffset, int length) throws StorageException {
      ByteBuffer buf = ByteBuffer.wrap(source, sourceOffset, length);
      try {
        long pos = offsetBytes;
        while (buf.hasRemaining()) {
          pos += channel.write(buf, pos);
        }
      } catch (IOException e) {
        throw translate(e, path);
      }
    }

    @Override
    public void truncate(long sizeBytes) throws StorageException {
      try {
        long size = channel.size();
        if (sizeBytes < size) {
          channel.truncate(sizeBytes);
        } else if (sizeBytes > size) {
          channel.write(ByteBuffer.wrap(new byte[1]), sizeBytes - 1);
        }
      } catch (IOException e) {
        throw translate(e, path);
      }
    }

    @Override
    public void sync() throws StorageException {
      try {
        channel.force(true);
      } catch (IOException e) {
        throw new StorageException(StorageException.Kind.SYNC_FAILED, path, "fsync failed: " + e.getMessage(), e);
      }
    }

    @Override
    public void close() throws StorageException {
      try {
        channel.close();
      } catch (IOException e) {
        throw translate(e, path);
      }
    }
  }
}
