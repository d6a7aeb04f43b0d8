package untorn.pageserver.timeline;

import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.TimelineId;
import untorn.pageserver.PageserverException;

/**
 * TimelineMetadata is the durable state of a timeline besides its layer files, in the file
 * {@code metadata} of the timeline's directory (little-endian, 64 bytes):
 *
 * <pre>
 *    0 u32 magic 0x4D4E5455 ("UTNM")      4 u16 format version (1)
 *    6 u16 flags: 0x1 has an ancestor
 *    8 u64 disk_consistent_lsn: every version at or below it is in a layer file
 *   16 u64 start LSN of the record ending at disk_consistent_lsn (0 if unknown)
 *   24 u64 ancestor timeline id          32 u64 ancestor LSN (branch point)
 *   40 u64 GC cutoff: reads below it are refused (versions may be gone)
 *   48 u64 start LSN of the timeline (0, or the branch point)
 *   56 u32 0                             60 u32 CRC32C of bytes 0..59
 * </pre>
 *
 * It is replaced atomically: written to {@code metadata.tmp}, fsynced, renamed over {@code
 * metadata}, and the directory fsynced. A damaged file is a typed METADATA_CORRUPT error.
 */
public record TimelineMetadata(
    Lsn diskConsistentLsn, Lsn prevRecordLsn, TimelineId ancestor, Lsn ancestorLsn, Lsn gcCutoff, Lsn startLsn) {
  public static final String FILE = "metadata";
  private static final int MAGIC = 0x4D4E5455;
  private static final int VERSION = 1;
  private static final int SIZE = 64;
  private static final int CRC_OFFSET = 60;

  public TimelineMetadata {
    if (diskConsistentLsn.isBefore(startLsn) || (ancestor == null) != (ancestorLsn == null)) {
      throw new IllegalArgumentException("inconsistent timeline metadata: dcl " + diskConsistentLsn + " start " + startLsn);
    }
  }

  public TimelineMetadata withDiskConsistent(Lsn dcl, Lsn prev) {
    return new TimelineMetadata(dcl, prev, ancestor, ancestorLsn, gcCutoff, startLsn);
  }

  public TimelineMetadata withGcCutoff(Lsn cutoff) {
    return new TimelineMetadata(diskConsistentLsn, prevRecordLsn, ancestor, ancestorLsn, cutoff, startLsn);
  }

  byte[] encode() {
    byte[] b = new byte[SIZE];
    Bytes.putI32(b, 0, MAGIC);
    Bytes.putU16(b, 4, VERSION);
    Bytes.putU16(b, 6, ancestor == null ? 0 : 1);
    Bytes.putI64(b, 8, diskConsistentLsn.value());
    Bytes.putI64(b, 16, prevRecordLsn == null ? 0 : prevRecordLsn.value());
    Bytes.putI64(b, 24, ancestor == null ? 0 : ancestor.value());
    Bytes.putI64(b, 32, ancestorLsn == null ? 0 : ancestorLsn.value());
    Bytes.putI64(b, 40, gcCutoff.value());
    Bytes.putI64(b, 48, startLsn.value());
    Bytes.putI32(b, CRC_OFFSET, Crc32c.of(b, 0, CRC_OFFSET));
    return b;
  }

  static TimelineMetadata decode(byte[] b, String path) throws PageserverException {
    if (b.length != SIZE || Bytes.getI32(b, 0) != MAGIC || Crc32c.of(b, 0, CRC_OFFSET) != Bytes.getI32(b, CRC_OFFSET)
        || Bytes.getU16(b, 4) != VERSION || (Bytes.getU16(b, 6) & ~1) != 0 || Bytes.getI32(b, 56) != 0) {
      throw new PageserverException(PageserverException.Kind.METADATA_CORRUPT, path + ": bad magic, version or checksum");
    }
    boolean hasAncestor = (Bytes.getU16(b, 6) & 1) != 0;
    long prev = Bytes.getI64(b, 16);
    try {
      return new TimelineMetadata(Lsn.of(Bytes.getI64(b, 8)), prev == 0 ? null : Lsn.of(prev),
          hasAncestor ? new TimelineId(Bytes.getI64(b, 24)) : null, hasAncestor ? Lsn.of(Bytes.getI64(b, 32)) : null,
          Lsn.of(Bytes.getI64(b, 40)), Lsn.of(Bytes.getI64(b, 48)));
    } catch (IllegalArgumentException e) {
      throw new PageserverException(PageserverException.Kind.METADATA_CORRUPT, path + ": " + e.getMessage());
    }
  }

  /** Durably replaces the metadata file of {@code directory}. */
  public void store(FileSystem fs, String directory) throws StorageException {
    String temp = FileSystem.join(directory, FILE + ".tmp");
    if (fs.exists(temp)) {
      fs.delete(temp);
    }
    FileHandle h = fs.create(temp);
    try {
      h.write(0, encode());
      h.sync();
    } finally {
      h.close();
    }
    fs.rename(temp, FileSystem.join(directory, FILE));
    fs.syncDirectory(directory);
  }

  /** Reads the metadata file of {@code directory}. */
  public static TimelineMetadata load(FileSystem fs, String directory) throws PageserverException {
    String path = FileSystem.join(directory, FILE);
    try {
      FileHandle h = fs.open(path);
      try {
        long size = h.sizeBytes();
        if (size != SIZE) {
          throw new PageserverException(PageserverException.Kind.METADATA_CORRUPT, path + ": " + size + " bytes, expected " + SIZE);
        }
        byte[] b = new byte[SIZE];
        h.readFully(0, b, 0, SIZE);
        return decode(b, path);
      } finally {
        h.close();
      }
    } catch (StorageException e) {
      PageserverException.Kind kind = e.kind() == StorageException.Kind.NOT_FOUND ? PageserverException.Kind.UNKNOWN_TIMELINE
          : e.kind() == StorageException.Kind.CORRUPT ? PageserverException.Kind.METADATA_CORRUPT : PageserverException.Kind.STORAGE;
      throw new PageserverException(kind, "reading " + path + ": " + e.getMessage(), e);
    }
  }
}
