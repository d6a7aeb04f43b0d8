package untorn.check.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.LincheckAssertionError;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck on the concurrent stores, in model-checking and stress modes, each against a
 * sequential specification, and each with its broken twin refuted. This is the harness other
 * modules copy for their concurrent structures: a public test class whose {@code @Operation}
 * methods wrap the structure, a plain sequential class with the same methods, bounded options
 * (Lincheck's defaults take minutes), and a broken variant that must make Lincheck fail.
 */
class StoreLincheckTest {
  /**
   * Bounded for CI (Lincheck's defaults take minutes per structure on 2 cores): 8 scenarios of 2
   * threads with 3 operations each (plus one before and one after), 150 interleavings explored per
   * scenario. The broken twins are refuted within the first scenarios.
   */
  static ModelCheckingOptions modelChecking(Class<?> spec) {
    return new ModelCheckingOptions().iterations(8).invocationsPerIteration(150).threads(2)
        .actorsPerThread(3).actorsBefore(1).actorsAfter(1).sequentialSpecification(spec);
  }

  /** For a broken twin: the same search, without shrinking the failing scenario (slow, and not needed here). */
  static ModelCheckingOptions refuting(Class<?> spec) {
    return modelChecking(spec).minimizeFailedScenario(false);
  }

  /** 8 scenarios run 400 times each on real threads. */
  static StressOptions stress(Class<?> spec) {
    return new StressOptions().iterations(8).invocationsPerIteration(400).threads(2)
        .actorsPerThread(3).actorsBefore(1).actorsAfter(1).sequentialSpecification(spec);
  }

  // ------------------------------------------------------------------ register

  /** The sequential specification of a register of ints starting at 0. */
  public static class SequentialRegister {
    private Object value = 0;

    public Object read() {
      return value;
    }

    public void write(int v) {
      value = v;
    }

    public boolean cas(int expected, int v) {
      if (!Objects.equals(value, expected)) {
        return false;
      }
      value = v;
      return true;
    }
  }

  /** Lincheck's view of a register store: one session per Lincheck thread. */
  @Param(name = "v", gen = IntGen.class, conf = "0:2")
  public abstract static class RegisterTest {
    private final RegisterStore store;
    private final ThreadLocal<RegisterStore.Client> session;

    RegisterTest(RegisterStore store) {
      this.store = store;
      this.session = ThreadLocal.withInitial(() -> store.client((int) Thread.currentThread().getId()));
    }

    @Operation
    public Object read() {
      return session.get().read();
    }

    @Operation
    public void write(@Param(name = "v") int v) {
      session.get().write(v);
    }

    @Operation
    public boolean cas(@Param(name = "v") int expected, @Param(name = "v") int v) {
      return session.get().cas(expected, v);
    }
  }

  public static class AtomicRegisterTest extends RegisterTest {
    public AtomicRegisterTest() {
      super(new AtomicRegisterStore(0));
    }
  }

  public static class StaleReadRegisterTest extends RegisterTest {
    public StaleReadRegisterTest() {
      super(new StaleReadRegisterStore(0, 1000));
    }
  }

  @Test
  void atomicRegisterIsLinearizableUnderModelChecking() {
    LinChecker.check(AtomicRegisterTest.class, modelChecking(SequentialRegister.class));
  }

  @Test
  void atomicRegisterIsLinearizableUnderStress() {
    LinChecker.check(AtomicRegisterTest.class, stress(SequentialRegister.class));
  }

  @Test
  void staleReadRegisterIsRefutedByModelChecking() {
    assertThatThrownBy(() -> LinChecker.check(StaleReadRegisterTest.class, refuting(SequentialRegister.class)))
        .isInstanceOf(LincheckAssertionError.class);
  }

  // ------------------------------------------------------------------ list-append

  /** The sequential specification of a map of lists, each operation one transaction. */
  public static class SequentialLists {
    private final Map<Integer, List<Object>> lists = new HashMap<>();

    public void append(int key, int element) {
      lists.computeIfAbsent(key, k -> new ArrayList<>()).add(element);
    }

    public List<Object> read(int key) {
      return List.copyOf(lists.getOrDefault(key, List.of()));
    }

    public List<Object> appendAndRead(int key, int element) {
      append(key, element);
      return read(key);
    }
  }

  /** Lincheck's view of a list-append store: each operation a transaction, retried until it commits. */
  @Param(name = "key", gen = IntGen.class, conf = "0:1")
  @Param(name = "element", gen = IntGen.class, conf = "0:3")
  public abstract static class ListStoreTest {
    private final ListAppendStore store;

    ListStoreTest(ListAppendStore store) {
      this.store = store;
    }

    @Operation
    public void append(@Param(name = "key") int key, @Param(name = "element") int element) {
      while (true) {
        ListAppendStore.Txn t = store.begin();
        t.append(key, element);
        if (t.commit()) {
          return;
        }
      }
    }

    @Operation
    public List<Object> read(@Param(name = "key") int key) {
      while (true) {
        ListAppendStore.Txn t = store.begin();
        List<Object> r = t.read(key);
        if (t.commit()) {
          return List.copyOf(r);
        }
      }
    }

    @Operation
    public List<Object> appendAndRead(@Param(name = "key") int key, @Param(name = "element") int element) {
      while (true) {
        ListAppendStore.Txn t = store.begin();
        t.append(key, element);
        List<Object> r = t.read(key);
        if (t.commit()) {
          return List.copyOf(r);
        }
      }
    }
  }

  public static class SerializableListStoreTest extends ListStoreTest {
    public SerializableListStoreTest() {
      super(new MvccListStore(MvccListStore.Isolation.SERIALIZABLE));
    }
  }

  public static class LostAppendListStoreTest extends ListStoreTest {
    public LostAppendListStoreTest() {
      super(new MvccListStore(MvccListStore.Isolation.LOST_APPEND));
    }
  }

  @Test
  void serializableListStoreIsLinearizableUnderModelChecking() {
    LinChecker.check(SerializableListStoreTest.class, modelChecking(SequentialLists.class));
  }

  @Test
  void serializableListStoreIsLinearizableUnderStress() {
    LinChecker.check(SerializableListStoreTest.class, stress(SequentialLists.class));
  }

  @Test
  void lostAppendListStoreIsRefutedByModelChecking() {
    assertThatThrownBy(() -> LinChecker.check(LostAppendListStoreTest.class, refuting(SequentialLists.class)))
        .isInstanceOf(LincheckAssertionError.class);
  }
}
