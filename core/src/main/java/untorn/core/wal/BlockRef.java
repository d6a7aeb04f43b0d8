package untorn.core.wal;

import java.util.Arrays;
import java.util.Objects;
import untorn.core.Limits;
import untorn.core.types.PageKey;

/**
 * BlockRef is one page a WAL record changes: its key, the per-block redo data, and optionally a
 * full-page image that replaces the page (PostgreSQL's {@code has_image}). With {@code willInit}
 * redo does not need the page's previous content (the record initializes the page), so the
 * pageserver can start a reconstruction there.
 */
public record BlockRef(PageKey key, boolean willInit, byte[] data, byte[] image) {
  public BlockRef {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(data, "data");
    if (data.length > Limits.WAL_BLOCK_DATA_BYTES_MAX) {
      throw new IllegalArgumentException("block data of " + data.length + " bytes exceeds " + Limits.WAL_BLOCK_DATA_BYTES_MAX);
    }
    if (image != null && image.length != Limits.PAGE_SIZE_BYTES) {
      throw new IllegalArgumentException("a page image must be " + Limits.PAGE_SIZE_BYTES + " bytes, not " + image.length);
    }
  }

  public static BlockRef delta(PageKey key, byte[] data) {
    return new BlockRef(key, false, data, null);
  }

  public boolean hasImage() {
    return image != null;
  }

  /** The block's encoded size in a record body. */
  int encodedSizeBytes() {
    return WalFormat.BLOCK_HEADER_BYTES + data.length + (image == null ? 0 : image.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockRef b
        && key.equals(b.key)
        && willInit == b.willInit
        && Arrays.equals(data, b.data)
        && Arrays.equals(image, b.image);
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, willInit, Arrays.hashCode(data), Arrays.hashCode(image));
  }

  @Override
  public String toString() {
    return "BlockRef[" + key + (willInit ? " will_init" : "") + " data=" + data.length + "B"
        + (image != null ? " image" : "") + "]";
  }
}
