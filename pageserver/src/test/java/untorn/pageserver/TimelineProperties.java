package untorn.pageserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.check.TimelineHarness;
import untorn.pageserver.check.ReferencePages;
import untorn.pageserver.check.TimelineScenario;
import untorn.pageserver.timeline.Timeline;
import untorn.pageserver.timeline.TimelineConfig;
import untorn.pageserver.workload.SyntheticWal;

/**
 * GetPage equals the reference redo for random WAL histories, under every policy and several
 * thresholds, across flush, compaction, GC above the horizon, restarts and a branch; and the
 * bytes never depend on the policy.
 */
class TimelineProperties {
  @Provide
  Arbitrary<String> policies() {
    return Arbitraries.of("none", "checkpoint:16384", "delta-threshold:1", "delta-threshold:2", "delta-threshold:4",
        "delta-threshold:16");
  }

  @Property(tries = 60, shrinking = ShrinkingMode.OFF)
  void getPageEqualsReferenceRedo(@ForAll long seed, @ForAll("policies") String policy, @ForAll boolean fullPageWrites) {
    TimelineScenario.Stats s = TimelineScenario.run(new TimelineScenario.Params(seed, policy, 300, fullPageWrites, true, true, true));
    assertThat(s.reads()).isGreaterThan(100);
  }

  /** A failing scenario prints -Dpageserver.replay=...; this runs exactly that scenario again. */
  @Test
  void replay() {
    String spec = System.getProperty("pageserver.replay");
    Assumptions.assumeTrue(spec != null, "set -Dpageserver.replay=SPEC to replay a scenario");
    System.out.println(TimelineScenario.run(TimelineScenario.Params.decode(spec)));
  }

  /** The property's checks are not vacuous: over fixed seeds every mechanism actually ran. */
  @Test
  void scenariosExerciseEveryMechanism() {
    long images = 0;
    long compactions = 0;
    long collected = 0;
    long refusals = 0;
    int restarts = 0;
    int branches = 0;
    for (long seed = 1; seed <= 6; seed++) {
      TimelineScenario.Stats s = TimelineScenario.run(new TimelineScenario.Params(seed, "delta-threshold:2", 400, false, true, true, true));
      images += s.images();
      compactions += s.compactions();
      collected += s.gcVersions();
      refusals += s.belowCutoffRefusals();
      restarts += s.restarts();
      branches += s.branched() ? 1 : 0;
    }
    assertThat(images).as("images").isGreaterThan(0);
    assertThat(compactions).as("compactions").isGreaterThan(0);
    assertThat(collected).as("versions collected by GC").isGreaterThan(0);
    assertThat(refusals).as("reads refused below the cutoff").isGreaterThan(0);
    assertThat(restarts).as("restarts").isGreaterThan(0);
    assertThat(branches).as("branches").isGreaterThan(0);
  }

  /**
   * The same WAL under three policies: every page at every record boundary has the same bytes,
   * although the reads took different paths (images vs long chains).
   */
  @Property(tries = 12, shrinking = ShrinkingMode.OFF)
  void bytesDoNotDependOnPolicy(@ForAll long seed) throws Exception {
    SyntheticWal gen = new SyntheticWal(SyntheticWal.Options.small().withHotSet(2, 0.5), seed);
    gen.generate(250);
    List<Timeline> runs = new ArrayList<>();
    for (String policy : List.of("none", "checkpoint:8192", "delta-threshold:2")) {
      TimelineHarness h = new TimelineHarness(seed);
      TimelineConfig cfg = TimelineConfig.defaults(ImagePolicy.parse(policy)).withLayerSizes(8192, 2, 2, 16384).withShards(2, 8, 4);
      Timeline t = h.create(new TimelineId(1), cfg, gen.wal());
      for (LoggedRecord r : gen.records()) {
        h.feed(t, r.endLsn(), 2000);
        h.step(2);
      }
      h.settle();
      runs.add(t);
    }
    ReferencePages ref = new ReferencePages(gen.records());
    long differentPaths = 0;
    for (LoggedRecord r : gen.records()) {
      for (PageKey k : ref.keys()) {
        byte[] first = null;
        int firstDeltas = -1;
        for (Timeline t : runs) {
          Timeline.PageResult res;
          try {
            res = t.getPage(k, r.endLsn());
          } catch (PageserverException e) {
            assertThat(e.kind()).isEqualTo(PageserverException.Kind.NO_DATA);
            assertThat(ref.at(k, r.endLsn())).isNull();
            continue;
          }
          byte[] bytes = res.page().toBytes();
          if (first == null) {
            first = bytes;
            firstDeltas = res.deltasReplayed();
          } else {
            assertThat(Arrays.equals(first, bytes)).as("%s at %s under %s", k, r.endLsn(), t.config().policy()).isTrue();
            differentPaths += res.deltasReplayed() != firstDeltas ? 1 : 0;
          }
        }
      }
    }
    assertThat(runs.get(2).summary().imagesGenerated()).isGreaterThan(0);
    assertThat(differentPaths).as("reads that replayed different chains").isGreaterThan(0);
    assertThat(Lsn.ZERO).isNotNull();
  }
}
