package untorn.core.wal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;

/**
 * SegmentedWal stores WAL stream bytes in segment files of a directory, one file per segment,
 * named by the segment's start LSN in 16 hex digits ({@code 0000000001000000.wal}); a file holds
 * the segment's bytes from its start and may be shorter than the segment. The same code runs on
 * real files ({@code NioFileSystem}) and on the simulator's disks.
 *
 * <p>Durability follows {@link FileSystem}: {@link #write} is volatile, {@link #sync} makes every
 * write and every newly created segment durable. Not thread-safe.
 */
public final class SegmentedWal implements WalSource, AutoCloseable {
  public static final String SUFFIX = ".wal";

  private final FileSystem fs;
  private final String directory;
  private final WalLayout layout;
  private final Map<Long, FileHandle> open = new HashMap<>();
  private final TreeSet<Long> dirty = new TreeSet<>();
  private boolean directoryDirty;

  public SegmentedWal(FileSystem fs, String directory, WalLayout layout) throws StorageException {
    this.fs = fs;
    this.directory = directory;
    this.layout = layout;
    fs.createDirectories(directory);
  }

  public WalLayout layout() {
    return layout;
  }

  public static String segmentFileName(long segmentStart) {
    return String.format("%016X%s", segmentStart, SUFFIX);
  }

  /** Segment numbers that have a file, ascending. Foreign files are ignored. */
  public List<Long> segments() throws StorageException {
    List<Long> out = new ArrayList<>();
    for (String name : fs.list(directory)) {
      if (name.length() == 16 + SUFFIX.length() && name.endsWith(SUFFIX)) {
        try {
          long start = Long.parseUnsignedLong(name.substring(0, 16), 16);
          if (layout.offsetInSegment(start) == 0) {
            out.add(layout.segmentNumber(start));
          }
        } catch (NumberFormatException e) {
          // Not a segment file.
        }
      }
    }
    out.sort(null);
    return out;
  }

  private String path(long segment) {
    return FileSystem.join(directory, segmentFileName(layout.segmentStart(segment)));
  }

  private FileHandle handle(long segment, boolean create) throws StorageException {
    FileHandle h = open.get(segment);
    if (h != null) {
      return h;
    }
    String path = path(segment);
    if (fs.exists(path)) {
      h = fs.open(path);
    } else if (create) {
      h = fs.create(path);
      directoryDirty = true;
    } else {
      return null;
    }
    open.put(segment, h);
    return h;
  }

  @Override
  public int read(long position, byte[] destination, int offset, int length) throws StorageException {
    int done = 0;
    while (done < length) {
      long pos = position + done;
      long segment = layout.segmentNumber(pos);
      FileHandle h = handle(segment, false);
      if (h == null) {
        break;
      }
      int inSegment = layout.offsetInSegment(pos);
      int want = Math.min(length - done, layout.segmentSizeBytes() - inSegment);
      int got = h.read(inSegment, destination, offset + done, want);
      done += got;
      if (got < want) {
        break;
      }
    }
    return done;
  }

  /** Writes stream bytes at a position; volatile until {@link #sync}. */
  public void write(Lsn at, byte[] bytes, int offset, int length) throws StorageException {
    int done = 0;
    while (done < length) {
      long pos = at.value() + done;
      long segment = layout.segmentNumber(pos);
      int inSegment = layout.offsetInSegment(pos);
      int n = Math.min(length - done, layout.segmentSizeBytes() - inSegment);
      handle(segment, true).write(inSegment, bytes, offset + done, n);
      dirty.add(segment);
      done += n;
    }
  }

  public void write(Lsn at, byte[] bytes) throws StorageException {
    write(at, bytes, 0, bytes.length);
  }

  /** Makes every write and created segment durable. */
  public void sync() throws StorageException {
    for (Long segment : dirty) {
      open.get(segment).sync();
    }
    dirty.clear();
    if (directoryDirty) {
      fs.syncDirectory(directory);
      directoryDirty = false;
    }
  }

  /**
   * Removes every byte at and after {@code at}: cuts its segment file there and deletes later
   * segment files, then makes that durable. A crash before this returns may leave any prefix of
   * the removal done, so callers that must not see stale bytes again record the intent durably
   * first (the safekeeper does).
   */
  public void truncate(Lsn at) throws StorageException {
    long segment = layout.segmentNumber(at.value());
    for (Long s : segments()) {
      if (s > segment) {
        closeSegment(s);
        fs.delete(path(s));
        directoryDirty = true;
      }
    }
    FileHandle h = handle(segment, false);
    if (h != null && h.sizeBytes() > layout.offsetInSegment(at.value())) {
      h.truncate(layout.offsetInSegment(at.value()));
      dirty.add(segment);
    }
    sync();
  }

  /** Deletes whole segments that end at or below {@code horizon}; durable on return. */
  public int removeSegmentsBefore(Lsn horizon) throws StorageException {
    int removed = 0;
    for (Long s : segments()) {
      long end = layout.segmentStart(s) + layout.segmentSizeBytes();
      if (Long.compareUnsigned(end, horizon.value()) <= 0) {
        closeSegment(s);
        fs.delete(path(s));
        directoryDirty = true;
        removed++;
      }
    }
    sync();
    return removed;
  }

  private void closeSegment(long s) throws StorageException {
    FileHandle h = open.remove(s);
    dirty.remove(s);
    if (h != null) {
      h.close();
    }
  }

  @Override
  public void close() throws StorageException {
    for (FileHandle h : open.values()) {
      h.close();
    }
    open.clear();
  }
}
