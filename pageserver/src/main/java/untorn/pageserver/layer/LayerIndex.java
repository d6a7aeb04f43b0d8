package untorn.pageserver.layer;

import untorn.core.types.Lsn;

/**
 * LayerIndex is a layer's (key, LSN) index without the values: what garbage collection and
 * compaction plan from. Entries are in strictly increasing (key, LSN) order.
 */
public interface LayerIndex {
  LayerDescriptor descriptor();

  int entryCount();

  long packedKeyAt(int i);

  Lsn lsnAt(int i);

  boolean startsChainAt(int i);
}
