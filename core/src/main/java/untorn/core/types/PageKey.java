package untorn.core.types;

/**
 * PageKey addresses one 8 KiB data page: a relation (table or index) and a block number in it,
 * like PostgreSQL's (relfilenode, block). Keys order by relation, then block, which is the order
 * of the pageserver's key space.
 */
public record PageKey(int relation, int block) implements Comparable<PageKey> {
  public PageKey {
    if (relation < 0 || block < 0) {
      throw new IllegalArgumentException("negative page key " + relation + "/" + block);
    }
  }

  public static PageKey of(int relation, int block) {
    return new PageKey(relation, block);
  }

  /** Packs the key into one long whose signed order equals the key order. */
  public long packed() {
    return ((long) relation << 32) | (block & 0xFFFF_FFFFL);
  }

  public static PageKey unpack(long packed) {
    return new PageKey((int) (packed >>> 32), (int) packed);
  }

  @Override
  public int compareTo(PageKey o) {
    int c = Integer.compare(relation, o.relation);
    return c != 0 ? c : Integer.compare(block, o.block);
  }

  @Override
  public String toString() {
    return "rel " + relation + " blk " + block;
  }
}
