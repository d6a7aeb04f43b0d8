package untorn.torture.pageserver;

import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import untorn.pageserver.check.CheckFailure;
import untorn.pageserver.check.TimelineScenario;
import untorn.torture.SeedResult;
import untorn.torture.TortureOptions;
import untorn.torture.TortureSuite;
import untorn.torture.Violation;

/**
 * PageserverSuite runs the pageserver's scenario checker under the common torture runner, so
 * that {@code untorn torture} covers the pageserver too. The seed picks the image policy (one of
 * {@link #POLICIES}, in turn) and whether the WAL carries full-page images.
 */
public final class PageserverSuite implements TortureSuite {
  /** Policies in turn: the pathology, the classic pass, and thresholds from tiny to large. */
  static final List<String> POLICIES =
      List.of("none", "checkpoint:16384", "delta-threshold:1", "delta-threshold:4", "delta-threshold:16");
  static final int RECORDS = 400;

  @Override
  public String name() {
    return "pageserver";
  }

  @Override
  public String description() {
    return "every GetPage against sequential redo, across images, compaction, GC, restarts and a branch";
  }

  @Override
  public int defaultSeeds() {
    return 40;
  }

  static TimelineScenario.Params params(long seed) {
    String policy = POLICIES.get((int) Math.floorMod(seed, POLICIES.size()));
    boolean fullPageWrites = Math.floorMod(seed / POLICIES.size(), 2) == 0;
    return new TimelineScenario.Params(seed, policy, RECORDS, fullPageWrites, true, true, true);
  }

  @Override
  public SeedResult run(long seed, TortureOptions options) {
    TimelineScenario.Params p = params(seed);
    String policyKey = "policy " + p.policy() + (p.fullPageWrites() ? " fpw-on" : " fpw-off");
    try {
      TimelineScenario.Stats s = TimelineScenario.run(p);
      if (options.verbose()) {
        System.out.printf("[seed %d] scenario %s%n%s", seed, p.encode(), s.lastSummary().toText());
      }
      Map<String, Long> counters = new TreeMap<>();
      counters.put("reads-checked", s.reads());
      counters.put("images", s.images());
      counters.put("compactions", s.compactions());
      counters.put("gc-versions-collected", s.gcVersions());
      counters.put("below-cutoff-refusals", s.belowCutoffRefusals());
      counters.put("branches", s.branched() ? 1L : 0L);
      counters.put(policyKey, 1L);
      Hasher h = Hashing.murmur3_128().newHasher().putString(p.encode(), java.nio.charset.StandardCharsets.UTF_8);
      h.putLong(s.reads()).putLong(s.images()).putLong(s.compactions()).putLong(s.gcVersions()).putInt(s.restarts())
          .putBoolean(s.branched()).putLong(s.belowCutoffRefusals());
      return new SeedResult(name(), seed, s.reads(), Map.of("restarts", (long) s.restarts()), counters, h.hash().asLong(),
          List.of());
    } catch (CheckFailure f) {
      return new SeedResult(name(), seed, 0, Map.of(), Map.of(policyKey, 1L), 0,
          List.of(Violation.of("getpage-equals-reference-redo", f.getMessage())));
    }
  }
}
