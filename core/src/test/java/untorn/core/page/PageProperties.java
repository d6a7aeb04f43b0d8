package untorn.core.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class PageProperties {
  @Property(tries = 1000)
  void anyFlippedBitOfAStoredPageIsDetected(@ForAll long seed, @ForAll @IntRange(min = 0, max = Page.SIZE * 8 - 1) int bit)
      throws PageException {
    byte[] stored = RedoProperties.replay(PageChains.generate(seed, 30, 0.0), 30).toBytes();
    assertThat(Page.fromStored(stored).toBytes()).isEqualTo(stored);
    stored[bit / 8] ^= (byte) (1 << (bit % 8));
    assertThatThrownBy(() -> Page.fromStored(stored)).isInstanceOf(PageException.class);
  }

  @Example
  void aStoredPageWithAValidChecksumButABrokenLayoutIsRefused() {
    // A page sealed with inconsistent bounds (a writer bug, not rot): the checksum alone passes it.
    for (int[] field : new int[][] {{14, 10}, {14, 27}, {16, 100}, {16, Page.SIZE + 8}, {18, 0x5502}}) {
      byte[] stored = Page.empty().toBytes();
      untorn.core.Bytes.putU16(stored, field[0], field[1]);
      untorn.core.Bytes.putI32(stored, 8, untorn.core.Crc32c.skipping(stored, 0, Page.SIZE, 8));
      assertThatThrownBy(() -> Page.fromStored(stored)).as("u16 at %d = %d", field[0], field[1])
          .isInstanceOf(PageException.class);
    }
  }

  @Example
  void aNewPageIsAllZerosAndValid() throws PageException {
    Page p = Page.fromStored(new byte[Page.SIZE]);
    assertThat(p.isNew()).isTrue();
    assertThat(p.isInitialized()).isFalse();
    assertThatThrownBy(() -> p.insert(0, new byte[] {1})).isInstanceOf(PageException.class);
  }

  @Example
  void slotsAreReusedAndSpaceIsReclaimed() throws PageException {
    Page p = Page.empty();
    int free = p.freeSpaceBytes();
    p.insert(0, new byte[100]);
    p.insert(1, new byte[200]);
    p.delete(0);
    assertThat(p.tuple(0)).isNull();
    assertThat(p.freeSpaceBytes()).isEqualTo(free - 2 * Page.SLOT_BYTES - 200);
    p.insert(0, new byte[] {7});
    assertThat(p.tuple(0)).containsExactly(7);
    assertThat(p.tuple(1)).hasSize(200);
    assertThatThrownBy(() -> p.insert(1, new byte[] {1})).isInstanceOf(PageException.class);
    assertThatThrownBy(() -> p.insert(5, new byte[] {1})).isInstanceOf(PageException.class);
    assertThatThrownBy(() -> p.update(2, new byte[] {1})).isInstanceOf(PageException.class);
    p.checkStructure();
  }

  @Example
  void aFullPageRefusesMore() throws PageException {
    Page p = Page.empty();
    int slot = 0;
    while (p.canInsert(slot, 1000)) {
      p.insert(slot++, new byte[1000]);
    }
    assertThat(slot).isEqualTo(8);
    int next = slot;
    assertThatThrownBy(() -> p.insert(next, new byte[1000])).isInstanceOf(PageException.class);
    assertThatThrownBy(() -> p.update(0, new byte[2000])).isInstanceOf(PageException.class);
    p.checkStructure();
  }
}
