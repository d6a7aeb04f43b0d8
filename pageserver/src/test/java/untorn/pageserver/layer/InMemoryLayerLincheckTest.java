package untorn.pageserver.layer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.BooleanGen;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.core.wal.BlockRef;
import untorn.core.wal.WalOp;
import untorn.pageserver.testkit.LincheckSupport;
import untorn.pageserver.value.Value;
import untorn.pageserver.value.Version;

/**
 * Lincheck (model checking) of {@link InMemoryLayer} under concurrent insert, freeze and lookup:
 * one writer (insert and freeze never run in parallel, as ingest is one thread), readers in
 * parallel with it. The sequential specification is a sorted map per page. A twin that publishes
 * a version before storing it is refuted, so the check can fail.
 */
class InMemoryLayerLincheckTest {
  /** Operations per thread: three: insert, freeze and lookups interleave richly yet cheaply. */
  static final int ACTORS = 3;

  static {
    // Classes are initialized and call sites linked (records' hashCode, lambdas) before model
    // checking starts: work done only in the first explored execution looks like non-determinism.
    // No record with static fields (Lsn) may be reachable from a test instance or a static field
    // here: Lincheck reads such fields through Unsafe, which the JDK refuses for records.
    for (Object o : new Object[] {new Real(), new Spec(), new Racy()}) {
      warmUp(o);
    }
  }

  static void warmUp(Object o) {
    for (int i = 0; i < 3; i++) {
      if (o instanceof Real r) {
        r.put(i % 2, i == 0);
        r.get(i % 2);
        r.freeze();
      } else if (o instanceof Spec s) {
        s.put(i % 2, i == 0);
        s.get(i % 2);
        s.freeze();
      } else if (o instanceof Racy x) {
        x.put(i % 2, i == 0);
        x.get(i % 2);
        x.freeze();
      }
    }
  }

  static Value value(int key, boolean init) {
    PageKey k = PageKey.of(1, key);
    return init ? new Value.Delta(WalOp.PAGE_INIT, Lsn.of(8), new BlockRef(k, true, new byte[0], null))
        : new Value.Delta(WalOp.HEAP_DELETE, Lsn.of(8), BlockRef.delta(k, new byte[2]));
  }

  @Test
  void linearizableAgainstSortedMapSpec() {
    LinChecker.Companion.check(Real.class, LincheckSupport.options(Spec.class, ACTORS));
  }

  @Test
  void racyPublicationTwinIsRefuted() {
    assertThatThrownBy(() -> LinChecker.Companion.check(Racy.class, LincheckSupport.refutation(Spec.class, ACTORS))).isInstanceOf(LincheckAssertionError.class);
  }

  /** The real layer behind the operations. */
  @Param(name = "key", gen = IntGen.class, conf = "0:1")
  @Param(name = "init", gen = BooleanGen.class)
  public static class Real {
    private final InMemoryLayer layer = new InMemoryLayer(Lsn.of(8));
    private long lsn = 8;

    @Operation(nonParallelGroup = "writer")
    public void put(@Param(name = "key") int key, @Param(name = "init") boolean init) {
      if (!layer.isFrozen()) {
        lsn += 8;
        layer.put(new Version(PageKey.of(1, key), Lsn.of(lsn), value(key, init)));
      }
    }

    @Operation(nonParallelGroup = "writer")
    public void freeze() {
      if (!layer.isFrozen()) {
        layer.freeze(Lsn.of(lsn + 1));
      }
    }

    /** The LSNs a read of the page at the newest LSN visits, newest first, to the chain start. */
    @Operation
    public List<Long> get(@Param(name = "key") int key) {
      List<Long> out = new ArrayList<>();
      // Lsn.of, not Lsn.ZERO/MAX: see LincheckSupport on record statics.
      layer.collect(PageKey.of(1, key), Lsn.of(0), Lsn.of(-1), (l, v) -> out.add(l.value()));
      return out;
    }
  }

  /** The sequential specification: per page, a sorted map of LSN to "starts a chain". */
  public static class Spec {
    private final TreeMap<Long, Boolean>[] pages = newPages();
    private boolean frozen;
    private long lsn = 8;

    @SuppressWarnings("unchecked")
    private static TreeMap<Long, Boolean>[] newPages() {
      return new TreeMap[] {new TreeMap<>(), new TreeMap<>()};
    }

    public void put(int key, boolean init) {
      if (!frozen) {
        lsn += 8;
        pages[key].put(lsn, init);
      }
    }

    public void freeze() {
      frozen = true;
    }

    public List<Long> get(int key) {
      List<Long> out = new ArrayList<>();
      for (var e : pages[key].descendingMap().entrySet()) {
        out.add(e.getKey());
        if (e.getValue()) {
          break;
        }
      }
      return out;
    }
  }

  /**
   * The twin: the same append-and-publish chain as {@link InMemoryLayer}, but it publishes the new
   * count before storing the version, so a reader can see a slot that is not written yet.
   */
  @Param(name = "key", gen = IntGen.class, conf = "0:1")
  @Param(name = "init", gen = BooleanGen.class)
  public static class Racy {
    private final long[][] lsns = new long[2][64];
    private final boolean[][] inits = new boolean[2][64];
    private final int[] counts = new int[2];
    private volatile int published;
    private boolean frozen;
    private long lsn = 8;

    @Operation(nonParallelGroup = "writer")
    public void put(@Param(name = "key") int key, @Param(name = "init") boolean init) {
      if (!frozen) {
        lsn += 8;
        int i = counts[key]++;
        published++; // publishes the slot ...
        lsns[key][i] = lsn; // ... before it is written
        inits[key][i] = init;
        published++;
      }
    }

    @Operation(nonParallelGroup = "writer")
    public void freeze() {
      frozen = true;
    }

    @Operation
    public List<Long> get(@Param(name = "key") int key) {
      int seen = published;
      List<Long> out = new ArrayList<>();
      for (int i = counts[key] - 1; i >= 0 && seen >= 0; i--) {
        out.add(lsns[key][i]);
        if (inits[key][i]) {
          break;
        }
      }
      return out;
    }
  }
}
