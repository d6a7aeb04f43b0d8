package untorn.pageserver.layermap;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.LincheckAssertionError;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Test;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;
import untorn.pageserver.PageserverException;
import untorn.pageserver.layer.InMemoryLayer;
import untorn.pageserver.layer.Layer;
import untorn.pageserver.layer.LayerKind;
import untorn.pageserver.layer.VersionSink;
import untorn.pageserver.testkit.LincheckSupport;
import untorn.pageserver.value.KeyRange;
import untorn.pageserver.value.LsnRange;

/**
 * Lincheck (model checking) of {@link LayerMap} under concurrent freeze, flush, compaction,
 * reclamation and lookups. Writers are serialized (as in the timeline, by the map's lock and the
 * background locks); a lookup pins a snapshot, reads every layer in it, and returns the set of
 * layer names it saw. Linearizable means: every lookup sees the layers of one instant (never
 * half a compaction), and never a layer whose file was already closed. Two broken twins are
 * refuted: a lookup that does not pin, and a compaction that publishes in two steps.
 */
class LayerMapLincheckTest {
  /** Operations per thread: two: each explored interleaving runs snapshot builds and sorts, which are costly to model-check. */
  static final int ACTORS = 2;

  static {
    // Link call sites and initialize classes before model checking (see LincheckSupport).
    for (int i = 0; i < 3; i++) {
      Pinned p = new Pinned();
      Unpinned u = new Unpinned();
      TwoStep t = new TwoStep();
      Spec s = new Spec();
      for (Ops o : List.of(p.ops, u.ops, t.ops)) {
        o.freeze();
        o.flush();
        o.freeze();
        o.flush();
        o.compact(false);
        o.reclaim();
        o.read(true);
      }
      s.freeze();
      s.flush();
      s.compact();
      s.read();
    }
  }

  @Test
  void linearizableAgainstListSpec() {
    LinChecker.Companion.check(Pinned.class, LincheckSupport.options(Spec.class, ACTORS));
  }

  @Test
  void lookupWithoutPinningIsRefuted() {
    assertThatThrownBy(() -> LinChecker.Companion.check(Unpinned.class, LincheckSupport.refutation(Spec.class, ACTORS)))
        .isInstanceOf(LincheckAssertionError.class);
  }

  @Test
  void compactionPublishedInTwoStepsIsRefuted() {
    assertThatThrownBy(() -> LinChecker.Companion.check(TwoStep.class, LincheckSupport.refutation(Spec.class, ACTORS)))
        .isInstanceOf(LincheckAssertionError.class);
  }

  /** A file layer stand-in that fails loudly if read after it was closed. LSNs kept primitive. */
  static final class FakeFile implements Layer {
    final String name;
    final long start;
    final long end;
    volatile boolean closed;

    FakeFile(String name, long start, long end) {
      this.name = name;
      this.start = start;
      this.end = end;
    }

    @Override
    public LayerKind kind() {
      return LayerKind.DELTA;
    }

    @Override
    public KeyRange keys() {
      return new KeyRange(0, Long.MAX_VALUE);
    }

    @Override
    public LsnRange lsns() {
      return new LsnRange(Lsn.of(start), Lsn.of(end));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public void collect(PageKey key, Lsn above, Lsn upTo, VersionSink sink) {
      if (closed) {
        throw new IllegalStateException(name + " read after its file was closed");
      }
    }
  }

  /** The operations over a real map; {@code compact} and {@code read} come in a broken form. */
  static final class Ops {
    // Two files to start with, so that a compaction has work within a short scenario.
    private final LayerMap map = new LayerMap(new InMemoryLayer(Lsn.of(24)),
        List.of(new FakeFile("L0-a", 8, 16), new FakeFile("L0-b", 16, 24)));
    private long end = 24;
    private int flushed;
    private int compacted;

    void freeze() {
      if (map.current().frozen().size() < 2) {
        end += 8;
        map.freezeOpen(Lsn.of(end), new InMemoryLayer(Lsn.of(end)));
      }
    }

    void flush() {
      List<InMemoryLayer> frozen = map.current().frozen();
      if (!frozen.isEmpty()) {
        InMemoryLayer f = frozen.get(0);
        map.replaceFrozen(f, List.of(new FakeFile("L0-" + flushed++, f.start().value(), f.lsns().end().value())));
      }
    }

    void compact(boolean twoSteps) {
      List<Layer> in = new ArrayList<>(map.current().historic());
      if (in.size() < 2) {
        return;
      }
      long lo = Long.MAX_VALUE;
      long hi = 0;
      for (Layer l : in) {
        lo = Math.min(lo, ((FakeFile) l).start);
        hi = Math.max(hi, ((FakeFile) l).end);
      }
      FakeFile out = new FakeFile("L1-" + compacted++, lo, hi);
      if (twoSteps) {
        map.replaceHistoric(in, List.of());
        map.replaceHistoric(List.of(), List.of(out));
      } else {
        map.replaceHistoric(in, List.of(out));
      }
    }

    void reclaim() {
      for (Layer l : map.reclaim()) {
        if (l instanceof FakeFile f) {
          f.closed = true;
        }
      }
    }

    String read(boolean pin) {
      LayerMap.Snapshot s = pin ? map.pin() : map.current();
      try {
        TreeSet<String> names = new TreeSet<>();
        for (Layer l : s.byEndDescending()) {
          try {
            l.collect(PageKey.of(1, 1), Lsn.of(0), Lsn.of(-1), (lsn, v) -> { });
          } catch (PageserverException e) {
            throw new IllegalStateException(e);
          }
          // An in-memory layer's role is the snapshot's: a freeze changes the object in place.
          names.add(l instanceof InMemoryLayer m ? (m == s.open() ? "open" : "frozen") + "@" + m.start().value() : l.name());
        }
        return names.toString();
      } finally {
        if (pin) {
          map.unpin(s);
        }
      }
    }
  }

  // The three operation classes repeat their operations on purpose: Lincheck 2.39 misses (or
  // misreads) @Operation methods inherited from a base class, so each test class declares its own.

  /** The real map with correct lookups. */
  public static class Pinned {
    final Ops ops = new Ops();

    @Operation(nonParallelGroup = "writer")
    public void freeze() {
      ops.freeze();
    }

    @Operation(nonParallelGroup = "writer")
    public void flush() {
      ops.flush();
    }

    @Operation(nonParallelGroup = "writer")
    public void compact() {
      ops.compact(false);
    }

    @Operation(nonParallelGroup = "writer")
    public void reclaim() {
      ops.reclaim();
    }

    @Operation
    public String read() {
      return ops.read(true);
    }
  }

  /** Twin: lookups read the current snapshot without pinning it. */
  public static class Unpinned {
    final Ops ops = new Ops();

    @Operation(nonParallelGroup = "writer")
    public void freeze() {
      ops.freeze();
    }

    @Operation(nonParallelGroup = "writer")
    public void flush() {
      ops.flush();
    }

    @Operation(nonParallelGroup = "writer")
    public void compact() {
      ops.compact(false);
    }

    @Operation(nonParallelGroup = "writer")
    public void reclaim() {
      ops.reclaim();
    }

    @Operation
    public String read() {
      return ops.read(false);
    }
  }

  /** Twin: compaction removes its inputs and adds its output in two publications. */
  public static class TwoStep {
    final Ops ops = new Ops();

    @Operation(nonParallelGroup = "writer")
    public void freeze() {
      ops.freeze();
    }

    @Operation(nonParallelGroup = "writer")
    public void flush() {
      ops.flush();
    }

    @Operation(nonParallelGroup = "writer")
    public void compact() {
      ops.compact(true);
    }

    @Operation(nonParallelGroup = "writer")
    public void reclaim() {
      ops.reclaim();
    }

    @Operation
    public String read() {
      return ops.read(true);
    }
  }

  /** The sequential specification: the set of layer names, changed atomically by each writer. */
  public static class Spec {
    private final TreeSet<String> frozen = new TreeSet<>();
    private final TreeSet<String> files = new TreeSet<>(List.of("L0-a", "L0-b"));
    private long end = 24;
    private long openStart = 24;
    private int flushed;
    private int compacted;
    private final List<Long> frozenStarts = new ArrayList<>();

    public void freeze() {
      if (frozenStarts.size() < 2) {
        end += 8;
        frozenStarts.add(openStart);
        frozen.add("frozen@" + openStart);
        openStart = end;
      }
    }

    public void flush() {
      if (!frozenStarts.isEmpty()) {
        frozen.remove("frozen@" + frozenStarts.remove(0));
        files.add("L0-" + flushed++);
      }
    }

    public void compact() {
      if (files.size() >= 2) {
        files.clear();
        files.add("L1-" + compacted++);
      }
    }

    public void reclaim() {}

    public String read() {
      TreeSet<String> all = new TreeSet<>(files);
      all.addAll(frozen);
      all.add("open@" + openStart);
      return all.toString();
    }
  }
}
