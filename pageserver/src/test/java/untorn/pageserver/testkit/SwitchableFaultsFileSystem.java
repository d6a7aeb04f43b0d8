package untorn.pageserver.testkit;

import java.util.List;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;

/**
 * SwitchableFaultsFileSystem wraps a file system and fails writes or syncs of files under a path
 * prefix with a chosen {@link StorageException.Kind} while switched on: a full disk, a failing
 * fsync; and it can run a hook before the next read, to interleave other work with a reader at a
 * chosen point. (The simulator's disk, built separately, injects faults at random; this one is for
 * targeted tests.)
 */
public final class SwitchableFaultsFileSystem implements FileSystem {
  private final FileSystem inner;
  public volatile StorageException.Kind writeFault;
  public volatile StorageException.Kind syncFault;
  /** Run once (then cleared) right before the next read of any file: a hook to race a reader. */
  public volatile Runnable beforeNextRead;
  /** Told the path of every file about to be created (it may throw, as a crash would). */
  public volatile java.util.function.Consumer<String> beforeCreate;

  public SwitchableFaultsFileSystem(FileSystem inner) {
    this.inner = inner;
  }

  private FileHandle wrap(FileHandle h) {
    return new FileHandle() {
      @Override
      public String path() {
        return h.path();
      }

      @Override
      public long sizeBytes() throws StorageException {
        return h.sizeBytes();
      }

      @Override
      public int read(long offsetBytes, byte[] destination, int destinationOffset, int length) throws StorageException {
        Runnable hook = beforeNextRead;
        if (hook != null) {
          beforeNextRead = null;
          hook.run();
        }
        return h.read(offsetBytes, destination, destinationOffset, length);
      }

      @Override
      public void write(long offsetBytes, byte[] source, int sourceOffset, int length) throws StorageException {
        StorageException.Kind k = writeFault;
        if (k != null) {
          throw new StorageException(k, h.path(), "injected");
        }
        h.write(offsetBytes, source, sourceOffset, length);
      }

      @Override
      public void truncate(long sizeBytes) throws StorageException {
        h.truncate(sizeBytes);
      }

      @Override
      public void sync() throws StorageException {
        StorageException.Kind k = syncFault;
        if (k != null) {
          throw new StorageException(k, h.path(), "injected");
        }
        h.sync();
      }

      @Override
      public void close() throws StorageException {
        h.close();
      }
    };
  }

  @Override
  public FileHandle open(String path) throws StorageException {
    return wrap(inner.open(path));
  }

  @Override
  public FileHandle create(String path) throws StorageException {
    java.util.function.Consumer<String> hook = beforeCreate;
    if (hook != null) {
      hook.accept(path);
    }
    return wrap(inner.create(path));
  }

  @Override
  public boolean exists(String path) throws StorageException {
    return inner.exists(path);
  }

  @Override
  public List<String> list(String directory) throws StorageException {
    return inner.list(directory);
  }

  @Override
  public void rename(String from, String to) throws StorageException {
    inner.rename(from, to);
  }

  @Override
  public void delete(String path) throws StorageException {
    inner.delete(path);
  }

  @Override
  public void createDirectories(String directory) throws StorageException {
    inner.createDirectories(directory);
  }

  @Override
  public void syncDirectory(String directory) throws StorageException {
    inner.syncDirectory(directory);
  }
}
