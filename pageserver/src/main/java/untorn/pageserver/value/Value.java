package untorn.pageserver.value;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import untorn.core.Limits;
import untorn.core.page.Page;
import untorn.core.page.PageException;
import untorn.core.page.Redo;
import untorn.core.types.Lsn;
import untorn.core.wal.BlockRef;
import untorn.core.wal.LoggedRecord;
import untorn.core.wal.WalOp;
import untorn.core.wal.WalRecord;

/** Value is what a version holds: a delta to replay, or a whole page. */
public sealed interface Value permits Value.Delta, Value.Image {
  /** True if redo of this value needs no older version of the page. */
  boolean startsChain();

  /** Bytes this value takes in memory and in a layer file (approximately its encoding). */
  int sizeBytes();

  /**
   * Delta is one block of a WAL record: the operation, where the record started (for messages)
   * and the block reference with its data and, for a full-page-image record, its image.
   */
  record Delta(WalOp op, Lsn recordStart, BlockRef block) implements Value {
    public Delta {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(recordStart, "recordStart");
      Objects.requireNonNull(block, "block");
      if (!op.touchesPages()) {
        throw new IllegalArgumentException(op + " records change no page");
      }
      if (op == WalOp.FPI && !block.hasImage()) {
        throw new IllegalArgumentException("an FPI delta needs an image");
      }
    }

    @Override
    public boolean startsChain() {
      return block.hasImage() || block.willInit();
    }

    @Override
    public int sizeBytes() {
      return 16 + block.data().length + (block.hasImage() ? Limits.PAGE_SIZE_BYTES : 0);
    }

    /**
     * Applies this delta to {@code page} (null if there is no older version) exactly as {@link
     * Redo} applies the original record's block, given the version's LSN (the record's end).
     */
    public Page redo(Page page, Lsn lsn) throws PageException {
      WalRecord one = new WalRecord(op, List.of(block), new byte[0]);
      LoggedRecord logged = new LoggedRecord(recordStart, lsn, Lsn.ZERO, one.encodedSizeBytes(), one);
      return Redo.apply(page, logged, 0);
    }
  }

  /** Image is a whole page as of the version's LSN; its bytes are sealed (checksummed). */
  record Image(byte[] page) implements Value {
    public Image {
      Objects.requireNonNull(page, "page");
      if (page.length != Limits.PAGE_SIZE_BYTES) {
        throw new IllegalArgumentException("an image must be " + Limits.PAGE_SIZE_BYTES + " bytes, not " + page.length);
      }
    }

    public static Image of(Page page) {
      return new Image(page.toBytes());
    }

    /** The page, after checking its checksum and structure. */
    public Page toPage() throws PageException {
      return Page.fromStored(page);
    }

    @Override
    public boolean startsChain() {
      return true;
    }

    @Override
    public int sizeBytes() {
      return 4 + Limits.PAGE_SIZE_BYTES;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Image i && Arrays.equals(page, i.page);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(page);
    }

    @Override
    public String toString() {
      return "Image[" + page.length + "B]";
    }
  }
}
