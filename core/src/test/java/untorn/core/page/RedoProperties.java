package untorn.core.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import untorn.core.wal.LoggedRecord;

class RedoProperties {
  static Page replay(PageChains chain, int upTo) throws PageException {
    Page page = null;
    for (int i = 0; i < upTo; i++) {
      page = Redo.apply(page, chain.records.get(i), 0);
    }
    return page;
  }

  @Property(tries = 300)
  void redoMatchesTheNaiveModelAfterEveryRecord(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int length)
      throws PageException {
    PageChains chain = PageChains.generate(seed, length, 0.1);
    Page page = null;
    for (int i = 0; i < length; i++) {
      LoggedRecord r = chain.records.get(i);
      page = Redo.apply(page, r, 0);
      page.checkStructure();
      assertThat(page.lsn()).isEqualTo(r.endLsn());
      Map<Integer, byte[]> model = chain.models.get(i);
      for (int s = 0; s < page.slotCount() + 2; s++) {
        assertThat(page.tuple(s)).as("slot %d after record %d (seed %d)", s, i, seed).isEqualTo(model.get(s));
      }
    }
  }

  @Property(tries = 300)
  void redoIsDeterministic(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int length) throws PageException {
    PageChains chain = PageChains.generate(seed, length, 0.1);
    assertThat(replay(chain, length).toBytes()).isEqualTo(replay(chain, length).toBytes());
  }

  @Property(tries = 300)
  void applyingARecordAgainChangesNothing(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int length,
      @ForAll @IntRange(min = 0, max = 119) int again) throws PageException {
    PageChains chain = PageChains.generate(seed, length, 0.1);
    Page expected = replay(chain, length);
    Page page = null;
    for (int i = 0; i < length; i++) {
      page = Redo.apply(page, chain.records.get(i), 0);
      // Re-apply this record and an earlier one: both are already in the page.
      page = Redo.apply(page, chain.records.get(i), 0);
      page = Redo.apply(page, chain.records.get(Math.min(i, again)), 0);
    }
    assertThat(page.toBytes()).isEqualTo(expected.toBytes());
  }

  @Property(tries = 200)
  void imagesAreAPureOptimization(@ForAll long seed, @ForAll @IntRange(min = 1, max = 120) int length) throws PageException {
    // Same operations with and without full-page images in the WAL: identical pages, except for
    // the page LSN (records with images are longer, so they end at other LSNs).
    PageChains plain = PageChains.generate(seed, length, 0.0);
    PageChains imaged = PageChains.generate(seed, length, 0.5);
    for (int i = 1; i <= length; i++) {
      Page a = replay(imaged, i);
      Page b = replay(plain, i);
      assertThat(a.lsn()).isEqualTo(imaged.records.get(i - 1).endLsn());
      a.setLsn(untorn.core.types.Lsn.ZERO);
      b.setLsn(untorn.core.types.Lsn.ZERO);
      assertThat(a.toBytes()).isEqualTo(b.toBytes());
    }
  }

  @Property(tries = 200)
  void aChainMayStartAtAnyImage(@ForAll long seed, @ForAll @IntRange(min = 2, max = 120) int length) throws PageException {
    // The pageserver reconstructs from the newest image: replay from there gives the same page.
    PageChains chain = PageChains.generate(seed, length, 0.2);
    Page full = replay(chain, length);
    for (int start = 0; start < length; start++) {
      LoggedRecord r = chain.records.get(start);
      if (!r.record().blocks().get(0).hasImage() && !r.record().blocks().get(0).willInit()) {
        continue;
      }
      Page page = null;
      for (int i = start; i < length; i++) {
        page = Redo.apply(page, chain.records.get(i), 0);
      }
      assertThat(page.toBytes()).isEqualTo(full.toBytes());
    }
  }

  @Property(tries = 100)
  void aDeltaWithoutItsPageIsRefused(@ForAll long seed) throws PageException {
    PageChains chain = PageChains.generate(seed, 5, 0.0);
    assertThatThrownBy(() -> Redo.apply(null, chain.records.get(1), 0)).isInstanceOf(PageException.class);
  }
}
