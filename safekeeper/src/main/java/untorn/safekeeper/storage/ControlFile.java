package untorn.safekeeper.storage;

import java.util.Arrays;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;
import untorn.safekeeper.history.TermHistory;
import untorn.safekeeper.proto.Wire;

/**
 * ControlFile is the byte format of an acceptor's per-timeline control file. All integers are
 * little-endian:
 *
 * <pre>
 *   0  u32  magic 0x4C544B53 ("SKTL")
 *   4  u16  format version (1)
 *   6  u16  flags (0)
 *   8  u32  file length in bytes, at most {@link Limits#CONTROL_FILE_BYTES_MAX}
 *  12  u32  CRC32C of the whole file with this field zero
 *  16  u64  tenant id
 *  24  u64  timeline id
 *  32  u64  term: the highest term this acceptor promised (voted for)
 *  40  u64  commit LSN: WAL below it is committed and held here (never decreases)
 *  48  u64  the pageserver's persisted LSN
 *  56  u64  the proposer's peer horizon LSN (flushed by every acceptor)
 *  64  u64  local start LSN: the record boundary where the WAL kept on disk begins
 *  72  u64  prev-link of the record at the local start
 *  80  u32  term history entries n, then n times: u64 term, u64 start LSN, u64 prev LSN
 * </pre>
 *
 * The flush LSN is not stored: it is the end of valid WAL, which the restart scan finds. Storing it
 * would add a second source of truth that a crash between the WAL fsync and the control write
 * would make stale. {@link ControlFileStore} writes the file crash-atomically.
 */
public final class ControlFile {
  private ControlFile() {}

  public static final int MAGIC = 0x4C544B53;
  public static final int VERSION = 1;
  static final int CRC_OFFSET = 12;
  static final int FIXED_BYTES = 84;

  public static byte[] encode(ControlState s) {
    ProtocolState p = s.protocol();
    Wire.Writer w = new Wire.Writer(FIXED_BYTES + p.history().size() * Limits.TERM_SWITCH_BYTES);
    w.i32(MAGIC).u16(VERSION).u16(0).i32(0).i32(0);
    w.timeline(s.timeline()).term(p.term()).lsn(p.commitLsn()).lsn(p.persistedLsn()).lsn(p.peerHorizonLsn());
    w.lsn(s.localStartLsn()).lsn(s.localStartPrevLsn()).history(p.history());
    byte[] out = Arrays.copyOf(w.buffer(), w.size());
    Bytes.putI32(out, 8, out.length);
    Bytes.putI32(out, CRC_OFFSET, Crc32c.skipping(out, 0, out.length, CRC_OFFSET));
    return out;
  }

  /** Decodes a control file, or throws CORRUPT saying exactly what is wrong with it. */
  public static ControlState decode(String path, byte[] b) throws StorageException {
    if (b.length < FIXED_BYTES) {
      throw corrupt(path, "control file of " + b.length + " bytes is shorter than its header");
    }
    if (Bytes.getI32(b, 0) != MAGIC) {
      throw corrupt(path, String.format("bad magic %08x", Bytes.getI32(b, 0)));
    }
    if (Bytes.getU32(b, 8) != b.length) {
      throw corrupt(path, "length field " + Bytes.getU32(b, 8) + " but the file has " + b.length + " bytes");
    }
    if (Crc32c.skipping(b, 0, b.length, CRC_OFFSET) != Bytes.getI32(b, CRC_OFFSET)) {
      throw corrupt(path, "checksum mismatch: the control file is damaged; refusing to guess its content");
    }
    if (Bytes.getU16(b, 4) != VERSION || Bytes.getU16(b, 6) != 0) {
      throw corrupt(path, "unsupported version " + Bytes.getU16(b, 4) + " / flags " + Bytes.getU16(b, 6));
    }
    Wire.Reader r = new Wire.Reader(b, 16, b.length);
    try {
      TenantTimeline tt = r.timeline();
      Term term = r.term("term");
      Lsn commit = r.lsn("commit LSN");
      Lsn persisted = r.lsn("persisted LSN");
      Lsn horizon = r.lsn("peer horizon LSN");
      Lsn localStart = r.lsn("local start LSN");
      Lsn localPrev = r.lsn("local start prev LSN");
      TermHistory history = r.history();
      r.expectEnd("the term history");
      return new ControlState(tt, new ProtocolState(term, history, commit, persisted, horizon), localStart, localPrev);
    } catch (Wire.Malformed | IllegalArgumentException e) {
      throw corrupt(path, "inconsistent content: " + e.getMessage());
    }
  }

  static StorageException corrupt(String path, String message) {
    return new StorageException(StorageException.Kind.CORRUPT, path, message);
  }
}
