package untorn.core.page;

import java.util.Arrays;
import untorn.core.Bytes;
import untorn.core.types.Lsn;
import untorn.core.wal.BlockRef;
import untorn.core.wal.LoggedRecord;

/**
 * Redo applies one block of a WAL record to a page. The rules, as in PostgreSQL:
 *
 * <ul>
 *   <li>A record is applied only if {@code record.endLsn > page.lsn}; otherwise the page already
 *       contains it and is returned unchanged (so redo is idempotent).
 *   <li>A block with a full-page image replaces the page with the image (which already contains
 *       the record's change); a {@code will_init} block starts from an empty page; any other
 *       block needs the page's previous version.
 *   <li>The result's page LSN is the record's end LSN.
 * </ul>
 *
 * Redo is a pure function of (page bytes, record): the same chain always gives the same bytes.
 */
public final class Redo {
  private Redo() {}

  /**
   * Applies block {@code blockIndex} of {@code record} to {@code page} (null if there is no
   * previous version) and returns the resulting page: {@code page} itself, changed in place, or
   * a new page when the block replaces or initializes it.
   */
  public static Page apply(Page page, LoggedRecord record, int blockIndex) throws PageException {
    if (blockIndex < 0 || blockIndex >= record.record().blocks().size()) {
      throw new PageException("record at " + record.startLsn() + " has no block " + blockIndex);
    }
    BlockRef block = record.record().blocks().get(blockIndex);
    Lsn lsn = record.endLsn();
    if (page != null && !page.isNew() && !lsn.isAfter(page.lsn())) {
      return page;
    }
    Page result;
    if (block.hasImage()) {
      result = Page.fromImage(block.image());
    } else {
      if (block.willInit()) {
        result = page == null ? Page.zeroed() : page;
        result.init();
      } else if (page == null || !page.isInitialized()) {
        throw new PageException("record at " + record.startLsn() + " (" + record.op() + ") needs the previous version of "
            + block.key() + " but there is none");
      } else {
        result = page;
      }
      applyDelta(result, record, block);
    }
    result.setLsn(lsn);
    return result;
  }

  private static void applyDelta(Page page, LoggedRecord record, BlockRef block) throws PageException {
    byte[] data = block.data();
    switch (record.op()) {
      case PAGE_INIT:
        if (data.length != 0) {
          throw new PageException("PAGE_INIT with " + data.length + " data bytes");
        }
        return;
      case HEAP_INSERT:
        page.insert(slot(data), tuple(data));
        return;
      case HEAP_UPDATE:
        page.update(slot(data), tuple(data));
        return;
      case HEAP_DELETE:
        if (data.length != 2) {
          throw new PageException("HEAP_DELETE with " + data.length + " data bytes");
        }
        page.delete(slot(data));
        return;
      default:
        throw new PageException(record.op() + " record at " + record.startLsn() + " has no delta redo for " + block.key());
    }
  }

  private static int slot(byte[] data) throws PageException {
    if (data.length < 2) {
      throw new PageException("block data too short for a slot number");
    }
    return Bytes.getU16(data, 0);
  }

  private static byte[] tuple(byte[] data) {
    return Arrays.copyOfRange(data, 2, data.length);
  }
}
