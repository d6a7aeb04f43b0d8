package untorn.pageserver.timeline;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.LayerDescriptor;
import untorn.pageserver.layer.LayerFileWriter;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.PersistentLayer;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;
import untorn.pageserver.value.Version;

/**
 * LayerStore does a timeline directory's layer file operations: write (through {@link
 * LayerFileWriter}, then reopen and check the result, so a write is trusted only once read
 * back), delete, and quarantine (rename to {@code NAME.corrupt}, kept for inspection until the
 * rebuild replaces it).
 */
final class LayerStore {
  static final String CORRUPT_SUFFIX = ".corrupt";

  private final FileSystem fs;
  private final String directory;
  private final AtomicLong nextSeq;

  LayerStore(FileSystem fs, String directory, long nextSeq) {
    this.fs = fs;
    this.directory = directory;
    this.nextSeq = new AtomicLong(nextSeq);
  }

  FileSystem fs() {
    return fs;
  }

  String directory() {
    return directory;
  }

  LayerFileWriter begin(LayerKind kind, int level, LsnRange lsns) throws StorageException {
    return LayerFileWriter.begin(fs, directory, kind, level, lsns, nextSeq.getAndIncrement());
  }

  /** Finishes {@code w} with key range {@code keys} and opens the result, checking it. */
  PersistentLayer finish(LayerFileWriter w, KeyRange keys) throws StorageException, PageserverException {
    LayerDescriptor d = w.finish(keys);
    return PersistentLayer.open(fs, directory, d);
  }

  /** Writes versions sorted by (key, LSN) into one file spanning their keys. */
  PersistentLayer writeAll(LayerKind kind, int level, LsnRange lsns, List<Version> sorted) throws StorageException, PageserverException {
    return writeAll(kind, level, lsns, KeyRange.spanning(sorted.get(0).key(), sorted.get(sorted.size() - 1).key()), sorted);
  }

  /** Writes versions sorted by (key, LSN) into one file declaring key range {@code keys}. */
  PersistentLayer writeAll(LayerKind kind, int level, LsnRange lsns, KeyRange keys, List<Version> sorted)
      throws StorageException, PageserverException {
    LayerFileWriter w = begin(kind, level, lsns);
    try {
      for (Version v : sorted) {
        w.add(v);
      }
      return finish(w, keys);
    } catch (StorageException | PageserverException | RuntimeException e) {
      w.abandon();
      throw e;
    }
  }

  /** Closes a reclaimed layer and deletes its file durably. */
  void delete(PersistentLayer l) throws StorageException {
    l.close();
    if (fs.exists(l.path())) {
      fs.delete(l.path());
      fs.syncDirectory(directory);
    }
  }

  /** Renames a damaged layer file out of the way; a later load fences its ranges again. */
  void quarantine(LayerDescriptor d) throws StorageException {
    String path = FileSystem.join(directory, d.fileName());
    if (fs.exists(path)) {
      fs.rename(path, path + CORRUPT_SUFFIX);
      fs.syncDirectory(directory);
    }
  }

  /** Deletes the quarantined file of a layer that has been rebuilt. */
  void dropQuarantined(LayerDescriptor d) throws StorageException {
    String path = FileSystem.join(directory, d.fileName() + CORRUPT_SUFFIX);
    if (fs.exists(path)) {
      fs.delete(path);
      fs.syncDirectory(directory);
    }
  }
}
