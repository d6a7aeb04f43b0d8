package untorn.safekeeper.proto;

import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.types.TenantTimeline;
import untorn.safekeeper.Limits;
import untorn.safekeeper.proto.MessageDecodeException.Kind;

/**
 * MessageCodec turns messages into self-checking byte strings and back; the simulator's network
 * and the real one carry exactly these bytes. All integers are little-endian. A frame is a
 * 16-byte header and a body:
 *
 * <pre>
 *   0  u32  magic 0x4D4B5355 ("USKM")
 *   4  u32  frame length: header plus body, at most {@link Limits#MESSAGE_BYTES_MAX}
 *   8  u8   format version (1)
 *   9  u8   message type (see {@link #typeOf})
 *  10  u16  flags (0)
 *  12  u32  CRC32C of the whole frame with this field zero
 *  body: u64 tenant, u64 timeline, then the type's other fields in record-component order:
 *      LSNs and terms u64; booleans u8 (0 or 1); a term history u32 count then per entry
 *      u64 term, u64 start LSN, u64 prev LSN; byte strings u32 length then the bytes; a reject
 *      reason u8 code; text a UTF-8 byte string.
 * </pre>
 *
 * {@link #decode} is defensive: it checks the length against the limit before allocating, the
 * checksum before parsing, every field against its bounds, the record invariants (through the
 * records' constructors) and that no byte is left over. It throws {@link MessageDecodeException}
 * and nothing else, whatever the input.
 */
public final class MessageCodec {
  private MessageCodec() {}

  public static final int MAGIC = 0x4D4B5355;
  public static final int VERSION = 1;
  public static final int HEADER_BYTES = 16;
  static final int CRC_OFFSET = 12;

  static final int GREETING = 1;
  static final int VOTE_REQUEST = 2;
  static final int PROPOSER_ELECTED = 3;
  static final int APPEND_REQUEST = 4;
  static final int WAL_READ_REQUEST = 5;
  static final int ACCEPTOR_GREETING = 16;
  static final int VOTE_RESPONSE = 17;
  static final int APPEND_RESPONSE = 18;
  static final int WAL_CHUNK = 19;
  static final int REJECT = 20;
  static final int PEER_RECOVERY_REQUEST = 32;
  static final int PEER_RECOVERY_RESPONSE = 33;
  static final int PERSISTED_LSN_UPDATE = 48;

  private static final java.util.Set<Integer> KNOWN_TYPES = java.util.Set.of(GREETING, VOTE_REQUEST, PROPOSER_ELECTED,
      APPEND_REQUEST, WAL_READ_REQUEST, ACCEPTOR_GREETING, VOTE_RESPONSE, APPEND_RESPONSE, WAL_CHUNK, REJECT,
      PEER_RECOVERY_REQUEST, PEER_RECOVERY_RESPONSE, PERSISTED_LSN_UPDATE);

  /** The wire type code of a message. */
  static int typeOf(Message m) {
    if (m instanceof Greeting) {
      return GREETING;
    } else if (m instanceof VoteRequest) {
      return VOTE_REQUEST;
    } else if (m instanceof ProposerElected) {
      return PROPOSER_ELECTED;
    } else if (m instanceof AppendRequest) {
      return APPEND_REQUEST;
    } else if (m instanceof WalReadRequest) {
      return WAL_READ_REQUEST;
    } else if (m instanceof AcceptorGreeting) {
      return ACCEPTOR_GREETING;
    } else if (m instanceof VoteResponse) {
      return VOTE_RESPONSE;
    } else if (m instanceof AppendResponse) {
      return APPEND_RESPONSE;
    } else if (m instanceof WalChunk) {
      return WAL_CHUNK;
    } else if (m instanceof Reject) {
      return REJECT;
    } else if (m instanceof PeerRecoveryRequest) {
      return PEER_RECOVERY_REQUEST;
    } else if (m instanceof PeerRecoveryResponse) {
      return PEER_RECOVERY_RESPONSE;
    } else if (m instanceof PersistedLsnUpdate) {
      return PERSISTED_LSN_UPDATE;
    }
    throw new AssertionError("unknown message " + m);
  }

  public static byte[] encode(Message m) {
    Wire.Writer w = new Wire.Writer(HEADER_BYTES + 64);
    w.i32(MAGIC).i32(0).u8(VERSION).u8(typeOf(m)).u16(0).i32(0);
    w.timeline(m.timeline());
    writeBody(w, m);
    byte[] out = java.util.Arrays.copyOf(w.buffer(), w.size());
    untorn.core.Invariants.check(out.length <= Limits.MESSAGE_BYTES_MAX, "encoded %s is %d bytes", m, out.length);
    Bytes.putI32(out, 4, out.length);
    Bytes.putI32(out, CRC_OFFSET, Crc32c.skipping(out, 0, out.length, CRC_OFFSET));
    return out;
  }

  private static void writeBody(Wire.Writer w, Message m) {
    if (m instanceof Greeting r) {
      w.i64(r.nonce());
    } else if (m instanceof VoteRequest r) {
      w.term(r.term());
    } else if (m instanceof ProposerElected r) {
      w.term(r.term()).lsn(r.startStreamingAt()).history(r.history());
    } else if (m instanceof AppendRequest r) {
      w.term(r.term()).lsn(r.beginLsn()).lsn(r.commitLsn()).lsn(r.peerHorizonLsn()).bytes(r.wal());
    } else if (m instanceof WalReadRequest r) {
      w.term(r.term()).lsn(r.fromLsn()).lsn(r.toLsn());
    } else if (m instanceof AcceptorGreeting r) {
      w.term(r.term()).i64(r.nonce());
    } else if (m instanceof VoteResponse r) {
      w.term(r.term()).u8(r.granted() ? 1 : 0).lsn(r.flushLsn()).lsn(r.lastRecordLsn()).lsn(r.commitLsn()).history(r.history());
    } else if (m instanceof AppendResponse r) {
      w.term(r.term()).lsn(r.flushLsn()).lsn(r.commitLsn());
    } else if (m instanceof WalChunk r) {
      w.term(r.term()).lsn(r.beginLsn()).bytes(r.wal());
    } else if (m instanceof Reject r) {
      w.term(r.term()).u8(r.reason().code()).lsn(r.flushLsn()).string(r.detail());
    } else if (m instanceof PeerRecoveryRequest r) {
      w.term(r.term()).lsn(r.flushLsn()).lsn(r.lastRecordLsn()).history(r.history());
    } else if (m instanceof PeerRecoveryResponse r) {
      w.term(r.term()).history(r.history()).lsn(r.commitLsn()).lsn(r.beginLsn()).bytes(r.wal());
    } else if (m instanceof PersistedLsnUpdate r) {
      w.lsn(r.persistedLsn());
    } else {
      throw new AssertionError("unknown message " + m);
    }
  }

  /** Decodes one frame that must fill {@code bytes} exactly. */
  public static Message decode(byte[] bytes) throws MessageDecodeException {
    if (bytes == null || bytes.length < HEADER_BYTES) {
      throw new MessageDecodeException(Kind.TRUNCATED, (bytes == null ? 0 : bytes.length) + " bytes, shorter than a header");
    }
    if (Bytes.getI32(bytes, 0) != MAGIC) {
      throw new MessageDecodeException(Kind.BAD_MAGIC, String.format("magic %08x", Bytes.getI32(bytes, 0)));
    }
    long length = Bytes.getU32(bytes, 4);
    if (length > Limits.MESSAGE_BYTES_MAX) {
      throw new MessageDecodeException(Kind.OVERSIZED, "frame length " + length + " exceeds " + Limits.MESSAGE_BYTES_MAX);
    }
    if (length < HEADER_BYTES || bytes.length < length) {
      throw new MessageDecodeException(Kind.TRUNCATED, "frame of " + length + " bytes, " + bytes.length + " received");
    }
    if (bytes.length > length) {
      throw new MessageDecodeException(Kind.OVERSIZED, (bytes.length - length) + " bytes after the frame");
    }
    if (Crc32c.skipping(bytes, 0, bytes.length, CRC_OFFSET) != Bytes.getI32(bytes, CRC_OFFSET)) {
      throw new MessageDecodeException(Kind.BAD_CHECKSUM, "CRC32C mismatch");
    }
    if (Bytes.getU8(bytes, 8) != VERSION) {
      throw new MessageDecodeException(Kind.UNSUPPORTED_VERSION, "version " + Bytes.getU8(bytes, 8));
    }
    if (Bytes.getU16(bytes, 10) != 0) {
      throw new MessageDecodeException(Kind.MALFORMED, "unknown flags " + Bytes.getU16(bytes, 10));
    }
    int type = Bytes.getU8(bytes, 9);
    if (!KNOWN_TYPES.contains(type)) {
      throw new MessageDecodeException(Kind.UNKNOWN_TYPE, "message type " + type);
    }
    Wire.Reader r = new Wire.Reader(bytes, HEADER_BYTES, bytes.length);
    try {
      Message m = readBody(type, r.timeline(), r);
      r.expectEnd("message type " + type);
      return m;
    } catch (Wire.Malformed e) {
      throw new MessageDecodeException(Kind.MALFORMED, "type " + type + ": " + e.getMessage());
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new MessageDecodeException(Kind.MALFORMED, "type " + type + ": " + e.getMessage());
    }
  }

  private static Message readBody(int type, TenantTimeline tt, Wire.Reader r) throws Wire.Malformed, MessageDecodeException {
    switch (type) {
      case GREETING:
        return new Greeting(tt, r.i64("nonce"));
      case VOTE_REQUEST:
        return new VoteRequest(tt, r.term("term"));
      case PROPOSER_ELECTED:
        return new ProposerElected(tt, r.term("term"), r.lsn("start streaming LSN"), r.history());
      case APPEND_REQUEST:
        return new AppendRequest(tt, r.term("term"), r.lsn("begin LSN"), r.lsn("commit LSN"), r.lsn("peer horizon LSN"),
            r.bytes("WAL", Limits.MESSAGE_WAL_BYTES_MAX));
      case WAL_READ_REQUEST:
        return new WalReadRequest(tt, r.term("term"), r.lsn("from LSN"), r.lsn("to LSN"));
      case ACCEPTOR_GREETING:
        return new AcceptorGreeting(tt, r.term("term"), r.i64("nonce"));
      case VOTE_RESPONSE:
        return new VoteResponse(tt, r.term("term"), r.bool("granted"), r.lsn("flush LSN"), r.lsn("last record LSN"),
            r.lsn("commit LSN"), r.history());
      case APPEND_RESPONSE:
        return new AppendResponse(tt, r.term("term"), r.lsn("flush LSN"), r.lsn("commit LSN"));
      case WAL_CHUNK:
        return new WalChunk(tt, r.term("term"), r.lsn("begin LSN"), r.bytes("WAL", Limits.MESSAGE_WAL_BYTES_MAX));
      case REJECT:
        return readReject(tt, r);
      case PEER_RECOVERY_REQUEST:
        return new PeerRecoveryRequest(tt, r.term("term"), r.lsn("flush LSN"), r.lsn("last record LSN"), r.history());
      case PEER_RECOVERY_RESPONSE:
        return new PeerRecoveryResponse(tt, r.term("term"), r.history(), r.lsn("commit LSN"), r.lsn("begin LSN"),
            r.bytes("WAL", Limits.MESSAGE_WAL_BYTES_MAX));
      case PERSISTED_LSN_UPDATE:
        return new PersistedLsnUpdate(tt, r.lsn("persisted LSN"));
      default:
        throw new MessageDecodeException(Kind.UNKNOWN_TYPE, "message type " + type);
    }
  }

  private static Reject readReject(TenantTimeline tt, Wire.Reader r) throws Wire.Malformed {
    var term = r.term("term");
    int code = r.u8("reason");
    RejectReason reason = RejectReason.ofCode(code);
    if (reason == null) {
      throw new Wire.Malformed("unknown reject reason " + code);
    }
    return new Reject(tt, term, reason, r.lsn("flush LSN"), r.string("detail", Limits.REJECT_DETAIL_BYTES_MAX));
  }
}
