package untorn.core.wal;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import untorn.core.Limits;

/**
 * WalRecord is the content of one WAL record: an operation, the pages it changes and record-level
 * data. Where it lies in the stream is {@link LoggedRecord}'s business.
 */
public record WalRecord(WalOp op, List<BlockRef> blocks, byte[] mainData) {
  public WalRecord {
    Objects.requireNonNull(op, "op");
    blocks = List.copyOf(blocks);
    Objects.requireNonNull(mainData, "mainData");
    if (blocks.size() > Limits.WAL_BLOCKS_PER_RECORD_MAX) {
      throw new IllegalArgumentException(blocks.size() + " block references exceed " + Limits.WAL_BLOCKS_PER_RECORD_MAX);
    }
    if (mainData.length > Limits.WAL_MAIN_DATA_BYTES_MAX) {
      throw new IllegalArgumentException("main data of " + mainData.length + " bytes exceeds " + Limits.WAL_MAIN_DATA_BYTES_MAX);
    }
    if (op == WalOp.FPI) {
      for (BlockRef b : blocks) {
        if (!b.hasImage()) {
          throw new IllegalArgumentException("an FPI record needs an image in every block reference");
        }
      }
    }
    if (!op.touchesPages() && !blocks.isEmpty()) {
      throw new IllegalArgumentException(op + " records carry no block references");
    }
  }

  public static WalRecord of(WalOp op, BlockRef... blocks) {
    return new WalRecord(op, List.of(blocks), new byte[0]);
  }

  public static WalRecord message(byte[] payload) {
    return new WalRecord(WalOp.MESSAGE, List.of(), payload);
  }

  /** Encoded size of header plus body, without alignment padding and page headers. */
  public int encodedSizeBytes() {
    int size = WalFormat.RECORD_HEADER_BYTES + mainData.length;
    for (BlockRef b : blocks) {
      size += b.encodedSizeBytes();
    }
    return size;
  }

  /** Bytes of full-page images this record carries. */
  public int imageBytes() {
    int n = 0;
    for (BlockRef b : blocks) {
      n += b.hasImage() ? b.image().length : 0;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WalRecord r && op == r.op && blocks.equals(r.blocks) && Arrays.equals(mainData, r.mainData);
  }

  @Override
  public int hashCode() {
    return Objects.hash(op, blocks, Arrays.hashCode(mainData));
  }

  @Override
  public String toString() {
    return "WalRecord[" + op + " " + blocks + " main=" + mainData.length + "B]";
  }
}
