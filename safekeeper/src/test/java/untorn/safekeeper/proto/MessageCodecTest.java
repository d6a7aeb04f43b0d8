package untorn.safekeeper.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;
import untorn.safekeeper.proto.MessageDecodeException.Kind;
import untorn.safekeeper.testing.Messages;

/** Round trips of every message type, and defensive decoding of every kind of bad frame. */
class MessageCodecTest {
  private static final TenantTimeline TT = TenantTimeline.of(7, 9);

  @Property(tries = 1000)
  void everyMessageRoundTrips(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    for (int type = 0; type < Messages.TYPES; type++) {
      Message m = Messages.random(rnd, type);
      byte[] bytes = MessageCodec.encode(m);
      assertThat(MessageCodec.decode(bytes)).as("seed %d type %d", seed, type).isEqualTo(m);
    }
  }

  @Property(tries = 300)
  void anyFlippedBitIsCaught(@ForAll long seed) throws Exception {
    Random rnd = new Random(seed);
    Message m = Messages.random(rnd, rnd.nextInt(Messages.TYPES));
    byte[] bytes = MessageCodec.encode(m);
    for (int i = 0; i < 40; i++) {
      byte[] bad = bytes.clone();
      int bit = rnd.nextInt(bad.length * 8);
      bad[bit / 8] ^= (byte) (1 << (bit % 8));
      MessageDecodeException e = catchThrowableOfType(() -> MessageCodec.decode(bad), MessageDecodeException.class);
      assertThat(e).as("seed %d: flipping bit %d of %s must be caught", seed, bit, m).isNotNull();
    }
  }

  @Property(tries = 200)
  void everyTruncationIsCaught(@ForAll long seed) {
    Random rnd = new Random(seed);
    byte[] bytes = MessageCodec.encode(Messages.random(rnd, rnd.nextInt(Messages.TYPES)));
    for (int n = 0; n < bytes.length; n += 1 + n / 8) {
      byte[] cut = Arrays.copyOf(bytes, n);
      MessageDecodeException e = catchThrowableOfType(() -> MessageCodec.decode(cut), MessageDecodeException.class);
      assertThat(e.kind()).as("cut to %d of %d bytes", n, bytes.length).isIn(Kind.TRUNCATED, Kind.BAD_MAGIC);
    }
  }

  @Property(tries = 2000)
  void garbageYieldsOnlyTypedErrors(@ForAll byte[] garbage) {
    try {
      MessageCodec.decode(garbage);
    } catch (MessageDecodeException expected) {
      return;
    }
    throw new AssertionError("random bytes decoded to a message");
  }

  @Property(tries = 1000)
  void garbageBodiesWithAValidFrameYieldOnlyTypedErrors(@ForAll long seed) {
    Random rnd = new Random(seed);
    byte[] body = new byte[rnd.nextInt(200)];
    rnd.nextBytes(body);
    byte[] frame = frame(1 + rnd.nextInt(50), body);
    try {
      MessageCodec.decode(frame);
    } catch (MessageDecodeException expected) {
      assertThat(expected.kind()).isIn(Kind.MALFORMED, Kind.UNKNOWN_TYPE);
    }
  }

  @Test
  void extraBytesAfterTheFrameAreRefused() {
    byte[] bytes = MessageCodec.encode(new Greeting(TT, 5));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
    assertThat(catchThrowableOfType(() -> MessageCodec.decode(longer), MessageDecodeException.class).kind())
        .isEqualTo(Kind.OVERSIZED);
  }

  @Test
  void aLengthAboveTheLimitIsRefusedBeforeAnythingIsAllocated() {
    byte[] bytes = MessageCodec.encode(new Greeting(TT, 5));
    Bytes.putI32(bytes, 4, Limits.MESSAGE_BYTES_MAX + 1);
    assertThat(catchThrowableOfType(() -> MessageCodec.decode(bytes), MessageDecodeException.class).kind())
        .isEqualTo(Kind.OVERSIZED);
  }

  @Test
  void unknownTypeAndVersionAreTyped() {
    byte[] unknown = frame(99, new byte[16]);
    assertThat(catchThrowableOfType(() -> MessageCodec.decode(unknown), MessageDecodeException.class).kind())
        .isEqualTo(Kind.UNKNOWN_TYPE);
    byte[] v2 = MessageCodec.encode(new Greeting(TT, 5));
    v2[8] = 2;
    reseal(v2);
    assertThat(catchThrowableOfType(() -> MessageCodec.decode(v2), MessageDecodeException.class).kind())
        .isEqualTo(Kind.UNSUPPORTED_VERSION);
  }

  @Test
  void invalidFieldsBehindAValidChecksumAreMalformed() {
    // A history claiming more entries than the limit.
    byte[] elected = MessageCodec.encode(new ProposerElected(TT, Term.of(3), Lsn.ZERO,
        untorn.safekeeper.history.TermHistory.of(untorn.safekeeper.history.TermSwitch.of(3, 0, 0))));
    Bytes.putI32(elected, 16 + 16 + 16, Limits.TERM_HISTORY_ENTRIES_MAX + 1);
    reseal(elected);
    assertMalformed(elected, "history length");
    // A vote whose granted flag is 2.
    byte[] vote = MessageCodec.encode(new VoteResponse(TT, Term.of(3), true, Lsn.ZERO, Lsn.ZERO, Lsn.ZERO,
        untorn.safekeeper.history.TermHistory.EMPTY));
    vote[16 + 16 + 8] = 2;
    reseal(vote);
    assertMalformed(vote, "granted");
    // A negative term.
    byte[] req = MessageCodec.encode(new VoteRequest(TT, Term.of(3)));
    Bytes.putI64(req, 32, -5);
    reseal(req);
    assertMalformed(req, "negative");
    // An append whose begin LSN is not a record boundary.
    byte[] append = MessageCodec.encode(new AppendRequest(TT, Term.of(3), Lsn.of(64), Lsn.ZERO, Lsn.ZERO, new byte[8]));
    Bytes.putI64(append, 40, 65);
    reseal(append);
    assertMalformed(append, "record boundary");
    // An unknown reject reason.
    byte[] reject = MessageCodec.encode(Reject.of(TT, Term.of(3), RejectReason.GAP, Lsn.ZERO, "x"));
    reject[40] = (byte) 200;
    reseal(reject);
    assertMalformed(reject, "reason");
    // WAL bytes whose length runs past the frame.
    byte[] chunk = MessageCodec.encode(new WalChunk(TT, Term.of(3), Lsn.ZERO, new byte[10]));
    Bytes.putI32(chunk, 48, 11);
    reseal(chunk);
    assertMalformed(chunk, "WAL");
  }

  @Test
  void recordsRefuseImpossibleValues() {
    assertThatThrownBy(() -> new AppendResponse(TT, Term.of(1), Lsn.of(8), Lsn.of(16)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AppendRequest(TT, Term.of(1), Lsn.ZERO, Lsn.ZERO, Lsn.ZERO,
        new byte[Limits.MESSAGE_WAL_BYTES_MAX + 1])).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new VoteRequest(TT, Term.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WalReadRequest(TT, Term.of(1), Lsn.of(16), Lsn.of(8))).isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertMalformed(byte[] frame, String detail) {
    MessageDecodeException e = catchThrowableOfType(() -> MessageCodec.decode(frame), MessageDecodeException.class);
    assertThat(e).isNotNull();
    assertThat(e.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(e.getMessage()).contains(detail);
  }

  /** A frame with a correct header and checksum around an arbitrary body. */
  static byte[] frame(int type, byte[] body) {
    byte[] out = new byte[MessageCodec.HEADER_BYTES + body.length];
    Bytes.putI32(out, 0, MessageCodec.MAGIC);
    Bytes.putI32(out, 4, out.length);
    out[8] = MessageCodec.VERSION;
    out[9] = (byte) type;
    System.arraycopy(body, 0, out, MessageCodec.HEADER_BYTES, body.length);
    reseal(out);
    return out;
  }

  static void reseal(byte[] frame) {
    Bytes.putI32(frame, MessageCodec.CRC_OFFSET, Crc32c.skipping(frame, 0, frame.length, MessageCodec.CRC_OFFSET));
  }
}
