package untorn.pageserver.layer;

import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverException;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/**
 * Layer is a set of versions for a key range and an LSN range, searchable by page. Layers are
 * shared by concurrent readers: {@link #collect} must be safe to call from any thread.
 */
public interface Layer {
  LayerKind kind();

  KeyRange keys();

  /** The LSN range of the versions; an open in-memory layer ends at {@link Lsn#MAX}. */
  LsnRange lsns();

  /** A stable name for reports and errors. */
  String name();

  /**
   * Gives {@code sink} the versions of {@code key} with {@code above < lsn <= upTo}, newest
   * first, and stops after the first one that starts a chain (older ones are never needed).
   */
  void collect(PageKey key, Lsn above, Lsn upTo, VersionSink sink) throws PageserverException;

  /**
   * The LSN of the newest version of {@code key} at or below {@code upTo} that starts a chain, if
   * the layer can tell cheaply (from an index, without reading values); null if it has none or
   * cannot tell. Searches use it as a hint to skip versions older than any possible base.
   */
  default Lsn newestChainStart(PageKey key, Lsn upTo) {
    return null;
  }
}
