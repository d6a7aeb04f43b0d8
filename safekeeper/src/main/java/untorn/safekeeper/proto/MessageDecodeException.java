package untorn.safekeeper.proto;

/**
 * MessageDecodeException says a byte string is not a valid safekeeper message, and why. Decoding
 * never throws anything else, whatever the bytes.
 */
public final class MessageDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the bytes. */
  public enum Kind {
    /** Fewer bytes than the frame header or than the frame's length field says. */
    TRUNCATED,
    /** A length field above the limit, or more bytes than the frame's length. */
    OVERSIZED,
    BAD_MAGIC,
    BAD_CHECKSUM,
    UNSUPPORTED_VERSION,
    UNKNOWN_TYPE,
    /** The frame checks out but its body does not: bad field values, short or long body. */
    MALFORMED
  }

  private final Kind kind;

  public MessageDecodeException(Kind kind, String message) {
    super(kind + ": " + message);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
