package untorn.pageserver.layer;

import untorn.core.types.Lsn;
import untorn.core.types.PageKey;

/**
 * QuarantinedLayer stands in the layer map for a layer file that failed a check. Every read that
 * would have to visit it fails with {@link LayerCorruptException}, so a damaged file's versions
 * are never skipped silently (which could return an older page) nor served. It stays until the
 * rebuild from WAL replaces it.
 */
public final class QuarantinedLayer extends FileLayer {
  private final String reason;
  private final LayerIndex knownIndex;

  /**
   * A stand-in for the damaged layer {@code desc}; {@code knownIndex} is its index if that was
   * still readable (a damaged data block), else null.
   */
  public QuarantinedLayer(LayerDescriptor desc, String reason, LayerIndex knownIndex) {
    super(desc);
    this.reason = reason;
    this.knownIndex = knownIndex;
  }

  /** The damaged layer's index, if it could be read, else null. */
  public LayerIndex knownIndex() {
    return knownIndex;
  }

  public String reason() {
    return reason;
  }

  @Override
  public void collect(PageKey key, Lsn above, Lsn upTo, VersionSink sink) throws LayerCorruptException {
    throw new LayerCorruptException(name(), "quarantined, waiting for rebuild from WAL (" + reason + ")");
  }

  @Override
  public String toString() {
    return "quarantined " + name();
  }
}
