package untorn.pageserver.check;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import untorn.core.Invariants;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.types.TimelineId;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.PageserverException;
import untorn.pageserver.image.ImagePolicy;
import untorn.pageserver.metrics.PageserverSummary;
import untorn.pageserver.timeline.Timeline;
import untorn.pageserver.timeline.TimelineConfig;
import untorn.pageserver.workload.SyntheticWal;

/**
 * TimelineScenario is one seeded run of the pageserver against the reference redo: random WAL,
 * fed in random chunks, interleaved at random with background steps (flush, images, compaction,
 * GC, in a seeded order), checkpoints, GC requests, restarts from the files, and a branch with WAL
 * of its own. After every phase, GetPage must equal the reference for every page at sampled
 * LSNs, and reads below a GC cutoff must be refused. Everything follows from {@link Params}: a
 * failure message carries the replay command.
 */
public final class TimelineScenario {
  static final TimelineId ROOT = new TimelineId(1);
  static final TimelineId CHILD = new TimelineId(2);
  private static final int STEPS_MAX = 4000;

  /** Everything a run depends on. */
  public record Params(long seed, String policy, int records, boolean fullPageWrites, boolean gc, boolean restarts, boolean branch) {
    public String encode() {
      return seed + ":" + policy + ":" + records + ":" + fullPageWrites + ":" + gc + ":" + restarts + ":" + branch;
    }

    public static Params decode(String s) {
      String[] p = s.split(":");
      return new Params(Long.parseLong(p[0]), p[1] + (p.length == 8 ? ":" + p[2] : ""), Integer.parseInt(p[p.length - 5]),
          Boolean.parseBoolean(p[p.length - 4]), Boolean.parseBoolean(p[p.length - 3]), Boolean.parseBoolean(p[p.length - 2]),
          Boolean.parseBoolean(p[p.length - 1]));
    }
  }

  /** What a run did, to show it was not vacuous. */
  public record Stats(long reads, long images, long compactions, long gcVersions, int restarts, boolean branched, long belowCutoffRefusals,
      PageserverSummary lastSummary) {}

  private final Params p;
  private final SplittableRandom random;
  private final TimelineHarness h;
  private final SyntheticWal.Options options;
  private final SyntheticWal gen;
  private final ReferencePages ref;
  private Timeline root;
  private Timeline child;
  private SyntheticWal childGen;
  private ReferencePages childRef;
  private List<LoggedRecord> childHistory;
  private Lsn branchPoint;
  private long reads;
  private long refusals;
  private int restarts;
  private long images;
  private long compactions;
  private long gcVersions;

  private TimelineScenario(Params p) throws PageserverException {
    this.p = p;
    this.random = new SplittableRandom(p.seed() ^ 0x5EED);
    this.h = new TimelineHarness(p.seed());
    this.options = SyntheticWal.Options.small().withHotSet(random.nextInt(3), random.nextDouble() * 0.8)
        .withFullPageWrites(p.fullPageWrites(), 20 + random.nextInt(60));
    this.gen = new SyntheticWal(options, p.seed());
    gen.generate(p.records());
    this.ref = new ReferencePages(gen.records());
  }

  /** Runs the scenario; a failure is a {@link CheckFailure} naming the replay commands. */
  public static Stats run(Params p) {
    try {
      return new TimelineScenario(p).execute();
    } catch (AssertionError | Invariants.InvariantViolation | Exception e) {
      throw new CheckFailure("scenario failed: " + e.getMessage() + "\n  replay: " + replayCommand(p), e);
    }
  }

  /** The commands that rerun exactly this scenario. */
  public static String replayCommand(Params p) {
    return "./untorn pageserver torture --replay " + p.encode() + "   (or: mvn -B -o -q -pl pageserver -am verify"
        + " -Dtest=TimelineProperties#replay -Dsurefire.failIfNoSpecifiedTests=false -Dpageserver.replay=" + p.encode() + ")";
  }

  private TimelineConfig config() {
    ImagePolicy policy = ImagePolicy.parse(p.policy());
    return TimelineConfig.defaults(policy)
        .withLayerSizes(4096 + random.nextInt(4) * 4096, 2 + random.nextInt(3), 2 + random.nextInt(3), 8192 + random.nextInt(4) * 8192)
        .withShards(1 + random.nextInt(3), 2 + random.nextInt(16), 1 + random.nextInt(8));
  }

  private Stats execute() throws Exception {
    root = h.create(ROOT, config(), gen.wal());
    for (int step = 0; step < STEPS_MAX && !allFed(); step++) {
      act();
    }
    finish();
    countWork();
    return new Stats(reads, images, compactions, gcVersions, restarts, child != null, refusals, root.summary());
  }

  /** Adds the root's counters (which restart with each incarnation) to the run's totals. */
  private void countWork() {
    images += root.summary().imagesGenerated();
    compactions += root.summary().compactions();
    gcVersions += root.summary().versionsCollected();
  }

  private boolean allFed() {
    return root.lastRecordLsn().equals(gen.endLsn()) && (childGen == null || child.lastRecordLsn().equals(childGen.endLsn()));
  }

  private void act() throws Exception {
    double x = random.nextDouble();
    if (x < 0.30) {
      h.feed(root, root.receivedLsn().plus(1 + random.nextInt(6000)), 1 + random.nextInt(3000));
    } else if (x < 0.55) {
      h.step(1 + random.nextInt(6));
    } else if (x < 0.60) {
      root.checkpoint();
    } else if (x < 0.66 && p.gc()) {
      requestGc(root, gen.records());
    } else if (x < 0.69 && p.restarts()) {
      restart();
    } else if (x < 0.73 && p.branch() && child == null) {
      createBranch();
    } else if (x < 0.82 && child != null) {
      h.feed(child, child.receivedLsn().plus(1 + random.nextInt(6000)), 1 + random.nextInt(3000));
      if (p.gc() && random.nextInt(4) == 0) {
        requestGc(child, childGen.records());
      }
    } else {
      checkAll(4, "mid-run");
    }
  }

  private void requestGc(Timeline t, List<LoggedRecord> records) {
    List<LoggedRecord> ingested = records.stream().filter(r -> !r.endLsn().isAfter(t.lastRecordLsn())).toList();
    if (!ingested.isEmpty()) {
      t.requestGc(ingested.get(random.nextInt(ingested.size())).endLsn());
    }
  }

  /** Restarts from the files; the senders then stream again what was committed before. */
  private void restart() throws PageserverException {
    Lsn rootWas = root.lastRecordLsn();
    Lsn childWas = child == null ? null : child.lastRecordLsn();
    countWork();
    h.restart();
    restarts++;
    root = h.timeline(ROOT);
    h.feed(root, rootWas, 1 + random.nextInt(4000));
    if (child != null) {
      child = h.timeline(CHILD);
      h.feed(child, childWas, 1 + random.nextInt(4000));
    }
    checkAll(4, "after restart " + restarts);
  }

  private void createBranch() throws PageserverException {
    List<LoggedRecord> candidates = new ArrayList<>();
    for (LoggedRecord r : gen.records()) {
      if (!r.endLsn().isAfter(root.lastRecordLsn()) && !r.endLsn().isBefore(root.gcCutoff())) {
        candidates.add(r);
      }
    }
    if (candidates.isEmpty()) {
      return;
    }
    LoggedRecord at = candidates.get(random.nextInt(candidates.size()));
    branchPoint = at.endLsn();
    childGen = SyntheticWal.branch(options, p.seed() + 1, gen.records(), at);
    childGen.generate(p.records() / 2);
    childHistory = new ArrayList<>(gen.records().stream().filter(r -> !r.endLsn().isAfter(branchPoint)).toList());
    childHistory.addAll(childGen.records());
    childRef = ReferencePages.forBranch(gen.records(), branchPoint, childGen.records());
    child = h.branch(CHILD, ROOT, branchPoint, config(), childGen.wal());
  }

  private void finish() throws Exception {
    h.feed(root, gen.endLsn(), 4000);
    if (child != null) {
      h.feed(child, childGen.endLsn(), 4000);
    }
    h.settle();
    checkAll(30, "after ingest settled");
    root.checkpoint();
    if (child != null) {
      child.checkpoint();
    }
    if (p.gc()) {
      requestGc(root, gen.records());
    }
    h.settle();
    checkAll(30, "after final flush and GC");
    PageChecker.checkImages(root, ref, "images after final flush and GC (root)");
    if (child != null) {
      PageChecker.checkImages(child, childRef, "images after final flush and GC (branch at " + branchPoint + ")");
    }
    if (p.restarts()) {
      restart();
      h.settle();
      checkAll(30, "after final restart");
    }
  }

  private void checkAll(int samples, String when) {
    reads += PageChecker.check(root, ref, gen.records(), root.gcCutoff(), samples, random, when + " (root)");
    checkRefusedBelowCutoff(root, ref);
    if (child != null) {
      Lsn from = Lsn.max(child.gcCutoff(), Lsn.min(root.gcCutoff(), branchPoint));
      reads += PageChecker.check(child, childRef, childHistory, from, samples, random, when + " (branch at " + branchPoint + ")");
      if (!from.isAfter(branchPoint) && !branchPoint.isAfter(child.lastRecordLsn())) {
        for (PageKey k : childRef.keys()) {
          PageChecker.compare(child, childRef, k, branchPoint, when + " (at the branch point)");
        }
      }
    }
  }

  /** A read below the cutoff must be refused, never answered from what GC left. */
  private void checkRefusedBelowCutoff(Timeline t, ReferencePages r) {
    if (t.gcCutoff().value() < 16 || r.keys().isEmpty()) {
      return;
    }
    Lsn below = Lsn.of(t.gcCutoff().value() - 1 - random.nextInt((int) Math.min(t.gcCutoff().value() - 1, 1 << 20)));
    PageKey k = r.keys().iterator().next();
    try {
      t.getPage(k, below);
      throw new CheckFailure("GetPage(" + k + ", " + below + ") below the GC cutoff " + t.gcCutoff() + " was answered");
    } catch (PageserverException e) {
      if (e.kind() != PageserverException.Kind.BELOW_GC_CUTOFF) {
        throw new CheckFailure("GetPage below the GC cutoff failed with " + e.getMessage(), e);
      }
      refusals++;
    }
  }
}
