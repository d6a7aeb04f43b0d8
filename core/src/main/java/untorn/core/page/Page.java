package untorn.core.page;

import java.util.Arrays;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.Invariants;
import untorn.core.Limits;
import untorn.core.types.Lsn;

/**
 * Page is one 8 KiB slotted data page, in the spirit of PostgreSQL's heap page. Layout
 * (little-endian):
 *
 * <pre>
 *   0  u64  page LSN: end LSN of the last WAL record applied
 *   8  u32  CRC32C of the page with this field zero (set by {@link #seal()})
 *  12  u16  flags (0)
 *  14  u16  lower: end of the slot array
 *  16  u16  upper: start of the tuple area
 *  18  u16  layout version 0x5501
 *  20  u32  0
 *  24  slot array, 4 bytes a slot: u16 tuple offset (0 = unused slot), u16 tuple length
 *  ... free space ...
 *  upper..8192  tuples, packed towards the end of the page
 * </pre>
 *
 * A page of all zeros is a "new" page that was never initialized (as in PostgreSQL).
 *
 * <p>Tuple space is kept packed: removing or resizing a tuple moves the tuples below it, so the
 * bytes of a page depend only on the sequence of operations applied to it. That makes redo
 * deterministic, which recovery checks rely on. Not thread-safe.
 */
public final class Page {
  public static final int SIZE = Limits.PAGE_SIZE_BYTES;
  public static final int HEADER_BYTES = 24;
  public static final int SLOT_BYTES = 4;
  public static final int LAYOUT_VERSION = 0x5501;
  private static final int CRC_OFFSET = 8;

  private final byte[] bytes;

  private Page(byte[] bytes) {
    Invariants.check(bytes.length == SIZE, "page of %d bytes", bytes.length);
    this.bytes = bytes;
  }

  /** A new page of all zeros (not initialized). */
  public static Page zeroed() {
    return new Page(new byte[SIZE]);
  }

  /** An initialized, empty page. */
  public static Page empty() {
    Page p = zeroed();
    p.init();
    return p;
  }

  /**
   * Wraps a copy of stored page bytes after checking them: the checksum (unless the page is all
   * zeros) and the header's structure.
   */
  public static Page fromStored(byte[] stored) throws PageException {
    if (stored.length != SIZE) {
      throw new PageException("page of " + stored.length + " bytes, expected " + SIZE);
    }
    Page p = new Page(stored.clone());
    if (p.isNew()) {
      return p;
    }
    if (!p.checksumValid()) {
      throw new PageException("page checksum mismatch (stored " + Integer.toHexString(Bytes.getI32(stored, CRC_OFFSET))
          + ", computed " + Integer.toHexString(p.computeChecksum()) + ")");
    }
    p.checkStructure();
    return p;
  }

  /** Wraps a copy of a full-page image from WAL (already covered by the record's CRC). */
  public static Page fromImage(byte[] image) throws PageException {
    if (image.length != SIZE) {
      throw new PageException("page image of " + image.length + " bytes");
    }
    Page p = new Page(image.clone());
    if (!p.isNew()) {
      p.checkStructure();
    }
    return p;
  }

  public boolean isNew() {
    return Bytes.isZero(bytes, 0, SIZE);
  }

  public void init() {
    Arrays.fill(bytes, (byte) 0);
    Bytes.putU16(bytes, 14, HEADER_BYTES);
    Bytes.putU16(bytes, 16, SIZE);
    Bytes.putU16(bytes, 18, LAYOUT_VERSION);
  }

  public Lsn lsn() {
    return Lsn.of(Bytes.getI64(bytes, 0));
  }

  public void setLsn(Lsn lsn) {
    Bytes.putI64(bytes, 0, lsn.value());
  }

  private int lower() {
    return Bytes.getU16(bytes, 14);
  }

  private int upper() {
    return Bytes.getU16(bytes, 16);
  }

  private void setUpper(int upper) {
    Bytes.putU16(bytes, 16, upper);
  }

  public int slotCount() {
    return isInitialized() ? (lower() - HEADER_BYTES) / SLOT_BYTES : 0;
  }

  public boolean isInitialized() {
    return Bytes.getU16(bytes, 18) == LAYOUT_VERSION;
  }

  public int freeSpaceBytes() {
    return isInitialized() ? upper() - lower() : 0;
  }

  /** The tuple at a slot, or null if the slot is unused or beyond the slot array. */
  public byte[] tuple(int slot) {
    if (slot < 0 || slot >= slotCount()) {
      return null;
    }
    int off = slotOffset(slot);
    return off == 0 ? null : Arrays.copyOfRange(bytes, off, off + slotLength(slot));
  }

  private int slotOffset(int slot) {
    return Bytes.getU16(bytes, HEADER_BYTES + slot * SLOT_BYTES);
  }

  private int slotLength(int slot) {
    return Bytes.getU16(bytes, HEADER_BYTES + slot * SLOT_BYTES + 2);
  }

  private void setSlot(int slot, int offset, int length) {
    Bytes.putU16(bytes, HEADER_BYTES + slot * SLOT_BYTES, offset);
    Bytes.putU16(bytes, HEADER_BYTES + slot * SLOT_BYTES + 2, length);
  }

  /** Whether {@link #insert} at {@code slot} of a tuple this long would succeed. */
  public boolean canInsert(int slot, int length) {
    if (!isInitialized() || length <= 0 || length > Limits.TUPLE_BYTES_MAX) {
      return false;
    }
    int n = slotCount();
    if (slot == n) {
      return freeSpaceBytes() >= length + SLOT_BYTES;
    }
    return slot >= 0 && slot < n && slotOffset(slot) == 0 && freeSpaceBytes() >= length;
  }

  /** Puts a tuple at a slot: the next new slot, or an unused one. */
  public void insert(int slot, byte[] tuple) throws PageException {
    requireInitialized();
    if (!canInsert(slot, tuple.length)) {
      throw new PageException("cannot insert " + tuple.length + " bytes at slot " + slot + " (slots " + slotCount()
          + ", free " + freeSpaceBytes() + ")");
    }
    if (slot == slotCount()) {
      Bytes.putU16(bytes, 14, lower() + SLOT_BYTES);
    }
    place(slot, tuple);
  }

  /** Replaces the tuple at a used slot. */
  public void update(int slot, byte[] tuple) throws PageException {
    requireUsed(slot);
    if (tuple.length <= 0 || tuple.length > Limits.TUPLE_BYTES_MAX
        || freeSpaceBytes() + slotLength(slot) < tuple.length) {
      throw new PageException("cannot update slot " + slot + " to " + tuple.length + " bytes (free " + freeSpaceBytes() + ")");
    }
    removeTupleBytes(slot);
    place(slot, tuple);
  }

  /** Removes the tuple at a used slot; the slot becomes unused. */
  public void delete(int slot) throws PageException {
    requireUsed(slot);
    removeTupleBytes(slot);
    setSlot(slot, 0, 0);
  }

  private void place(int slot, byte[] tuple) {
    int upper = upper() - tuple.length;
    Invariants.check(upper >= lower(), "tuple placement overlaps the slot array");
    System.arraycopy(tuple, 0, bytes, upper, tuple.length);
    setUpper(upper);
    setSlot(slot, upper, tuple.length);
  }

  /** Frees a tuple's bytes and packs the tuples stored below it up against the gap. */
  private void removeTupleBytes(int slot) {
    int off = slotOffset(slot);
    int len = slotLength(slot);
    int upper = upper();
    System.arraycopy(bytes, upper, bytes, upper + len, off - upper);
    Arrays.fill(bytes, upper, upper + len, (byte) 0);
    for (int s = 0; s < slotCount(); s++) {
      int o = slotOffset(s);
      if (o != 0 && o < off) {
        setSlot(s, o + len, slotLength(s));
      }
    }
    setSlot(slot, 0, 0);
    setUpper(upper + len);
  }

  private void requireInitialized() throws PageException {
    if (!isInitialized()) {
      throw new PageException("page is not initialized");
    }
  }

  private void requireUsed(int slot) throws PageException {
    requireInitialized();
    if (slot < 0 || slot >= slotCount() || slotOffset(slot) == 0) {
      throw new PageException("slot " + slot + " holds no tuple (slots " + slotCount() + ")");
    }
  }

  /** Checks the header and slot array are consistent; a failed check means corruption. */
  public void checkStructure() throws PageException {
    if (!isInitialized()) {
      throw new PageException(String.format("unknown page layout version %04x", Bytes.getU16(bytes, 18)));
    }
    int lower = lower();
    int upper = upper();
    if (lower < HEADER_BYTES || (lower - HEADER_BYTES) % SLOT_BYTES != 0 || upper < lower || upper > SIZE) {
      throw new PageException("bad page bounds lower=" + lower + " upper=" + upper);
    }
    int used = 0;
    for (int s = 0; s < slotCount(); s++) {
      int o = slotOffset(s);
      int l = slotLength(s);
      if (o == 0 ? l != 0 : (o < upper || l <= 0 || o + l > SIZE)) {
        throw new PageException("bad slot " + s + " offset=" + o + " length=" + l);
      }
      used += l;
    }
    if (used != SIZE - upper) {
      throw new PageException("tuple area holds " + (SIZE - upper) + " bytes but slots use " + used);
    }
  }

  private int computeChecksum() {
    return Crc32c.skipping(bytes, 0, SIZE, CRC_OFFSET);
  }

  /** Stores the checksum; call before writing the page out. */
  public void seal() {
    Bytes.putI32(bytes, CRC_OFFSET, isNew() ? 0 : computeChecksum());
  }

  public boolean checksumValid() {
    return isNew() || Bytes.getI32(bytes, CRC_OFFSET) == computeChecksum();
  }

  /** A sealed copy of the page's bytes. */
  public byte[] toBytes() {
    seal();
    return bytes.clone();
  }

  public Page copy() {
    return new Page(bytes.clone());
  }

  /** Equal content, ignoring the checksum field (which is only meaningful once sealed). */
  public boolean sameContent(Page other) {
    return Arrays.equals(bytes, 0, CRC_OFFSET, other.bytes, 0, CRC_OFFSET)
        && Arrays.equals(bytes, CRC_OFFSET + 4, SIZE, other.bytes, CRC_OFFSET + 4, SIZE);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Page p && sameContent(p);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(Bytes.getI64(bytes, 0)) * 31 + slotCount();
  }

  @Override
  public String toString() {
    return "Page[lsn=" + lsn() + " slots=" + slotCount() + " free=" + freeSpaceBytes() + "]";
  }
}
