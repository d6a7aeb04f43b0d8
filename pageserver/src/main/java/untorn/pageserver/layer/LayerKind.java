package untorn.pageserver.layer;

/** LayerKind says what a layer holds: WAL-derived deltas, or generated page images. */
public enum LayerKind {
  DELTA("delta", 1),
  IMAGE("image", 2);

  private final String prefix;
  private final int code;

  LayerKind(String prefix, int code) {
    this.prefix = prefix;
    this.code = code;
  }

  public String prefix() {
    return prefix;
  }

  public int code() {
    return code;
  }

  /** The kind of a format code, or null. */
  public static LayerKind ofCode(int code) {
    for (LayerKind k : values()) {
      if (k.code == code) {
        return k;
      }
    }
    return null;
  }

  /** The kind of a file-name prefix, or null. */
  public static LayerKind ofPrefix(String prefix) {
    for (LayerKind k : values()) {
      if (k.prefix.equals(prefix)) {
        return k;
      }
    }
    return null;
  }
}
