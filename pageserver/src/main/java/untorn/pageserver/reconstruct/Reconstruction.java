package untorn.pageserver.reconstruct;

import java.util.List;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverException;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * Reconstruction is what a search found for page {@code key} at {@code lsn}: the version that
 * starts the chain ({@code base}, null if none was found) and the deltas above it in LSN order.
 */
public record Reconstruction(PageKey key, Lsn lsn, Version base, List<Version> deltas, int layersVisited) {
  public Reconstruction {
    deltas = List.copyOf(deltas);
  }

  /** Redo steps {@link #materialize} performs: the deltas, plus the base if it is a delta. */
  public int deltasReplayed() {
    return deltas.size() + (base != null && base.value() instanceof Value.Delta ? 1 : 0);
  }

  /** The LSN of the chain's start, or null if none was found. */
  public Lsn baseLsn() {
    return base == null ? null : base.lsn();
  }

  /** Replays the chain; the page's bytes equal sequential redo of all its records up to lsn. */
  public Page materialize() throws PageserverException {
    if (base == null && deltas.isEmpty()) {
      throw new PageserverException(PageserverException.Kind.NO_DATA, key + " has no version at or below " + lsn);
    }
    try {
      Page page = null;
      if (base != null) {
        page = base.value() instanceof Value.Image img ? img.toPage() : ((Value.Delta) base.value()).redo(null, base.lsn());
      }
      for (Version d : deltas) {
        page = ((Value.Delta) d.value()).redo(page, d.lsn());
      }
      return page;
    } catch (PageException e) {
      throw new PageserverException(PageserverException.Kind.REDO_FAILED, "reconstructing " + key + " at " + lsn
          + " from " + (base == null ? "no base" : "base at " + base.lsn()) + " and " + deltas.size() + " deltas: " + e.getMessage(), e);
    }
  }
}
