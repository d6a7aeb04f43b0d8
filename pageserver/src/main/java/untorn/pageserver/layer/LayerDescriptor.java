package untorn.pageserver.layer;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import untorn.core.types.Lsn;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/**
 * LayerDescriptor names a layer file: kind, level, key range, LSN range and a sequence number
 * that keeps names unique (a rewritten or rebuilt layer keeps its ranges). The file name carries
 * all of them, like Neon's layer names:
 *
 * <pre>
 *   delta-L0_0000000000000000-7FFFFFFFFFFFFFFF_0000000000000019-0000000000012341_0000000000000007.layer
 *   kind-Llevel_keyStart-keyEnd_lsnStart-lsnEnd_seq.layer   (all numbers 16 hex digits)
 * </pre>
 */
public record LayerDescriptor(LayerKind kind, int level, KeyRange keys, LsnRange lsns, long seq) {
  public static final String SUFFIX = ".layer";
  public static final int LEVEL_MAX = 1;

  private static final Pattern NAME = Pattern.compile(
      "(delta|image)-L([01])_([0-9A-F]{16})-([0-9A-F]{16})_([0-9A-F]{16})-([0-9A-F]{16})_([0-9A-F]{16})\\.layer");

  public LayerDescriptor {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(lsns, "lsns");
    if (level < 0 || level > LEVEL_MAX || seq < 0 || lsns.isEmpty() || keys.isEmpty()) {
      throw new IllegalArgumentException("bad layer descriptor " + kind + " L" + level + " " + keys + " " + lsns + " #" + seq);
    }
  }

  public String fileName() {
    return String.format("%s-L%d_%016X-%016X_%016X-%016X_%016X%s", kind.prefix(), level, keys.start(), keys.end(),
        lsns.start().value(), lsns.end().value(), seq, SUFFIX);
  }

  /** Parses a layer file name; null if the name is not one. */
  public static LayerDescriptor parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return null;
    }
    try {
      return new LayerDescriptor(LayerKind.ofPrefix(m.group(1)), Integer.parseInt(m.group(2)),
          new KeyRange(Long.parseUnsignedLong(m.group(3), 16), Long.parseUnsignedLong(m.group(4), 16)),
          new LsnRange(Lsn.of(Long.parseUnsignedLong(m.group(5), 16)), Lsn.of(Long.parseUnsignedLong(m.group(6), 16))),
          Long.parseUnsignedLong(m.group(7), 16));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return fileName();
  }
}
