package untorn.pageserver.layer;

import untorn.pageserver.PageserverException;

/** LayerCorruptException is a layer whose bytes failed a check: it is never served. */
public final class LayerCorruptException extends PageserverException {
  private static final long serialVersionUID = 1L;
  private final String layerName;

  public LayerCorruptException(String layerName, String message) {
    super(Kind.LAYER_CORRUPT, layerName + ": " + message);
    this.layerName = layerName;
  }

  public LayerCorruptException(String layerName, String message, Throwable cause) {
    super(Kind.LAYER_CORRUPT, layerName + ": " + message, cause);
    this.layerName = layerName;
  }

  /** The name of the damaged layer (its file name for a persistent layer). */
  public String layerName() {
    return layerName;
  }
}
