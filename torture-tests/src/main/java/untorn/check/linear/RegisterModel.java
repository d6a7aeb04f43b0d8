package untorn.check.linear;

import java.util.List;
import untorn.check.edn.EdnWriter;
import untorn.check.edn.Keyword;
import untorn.check.history.HistoryException;
import untorn.check.history.Operation;

/**
 * RegisterModel is Knossos's {@code register} and {@code cas-register}: {@code :write v} sets the
 * value; {@code :read v} requires it to be {@code v}, except that a read of {@code nil} matches any
 * state; {@code :cas [old new]} (cas-register only) sets {@code new} if the value is {@code old}
 * and cannot happen otherwise.
 */
public final class RegisterModel implements SequentialModel {
  static final Keyword READ = Keyword.of("read");
  static final Keyword WRITE = Keyword.of("write");
  static final Keyword CAS = Keyword.of("cas");

  private final boolean cas;
  private final Object initial;

  private RegisterModel(boolean cas, Object initial) {
    this.cas = cas;
    this.initial = initial;
  }

  public static RegisterModel register(Object initial) {
    return new RegisterModel(false, initial);
  }

  public static RegisterModel casRegister(Object initial) {
    return new RegisterModel(true, initial);
  }

  @Override
  public String name() {
    return cas ? "cas-register" : "register";
  }

  @Override
  public int initialState(ValueTable values) {
    return values.id(initial);
  }

  @Override
  public Step compile(Operation op, ValueTable values) throws HistoryException {
    Object f = op.f();
    if (f == READ) {
      boolean constrains = op.value() != null && op.outcome() == Operation.Outcome.OK;
      return constrains ? new Read(values.id(op.value())) : null;
    }
    if (f == WRITE) {
      return new Write(values.id(op.value()));
    }
    if (f == CAS && cas) {
      if (!(op.value() instanceof List) || ((List<?>) op.value()).size() != 2) {
        throw HistoryException.at(op.invoke(), ":cas value must be [old new], found " + EdnWriter.toEdn(op.value()));
      }
      List<?> v = (List<?>) op.value();
      return new Cas(values.id(v.get(0)), values.id(v.get(1)));
    }
    throw HistoryException.at(op.invoke(), "the " + name() + " model has no operation :f " + EdnWriter.toEdn(f)
        + (f == CAS ? " (use cas-register)" : " (it knows :read, :write" + (cas ? ", :cas)" : ")")));
  }

  @Override
  public String describeState(int state, ValueTable values) {
    return values.edn(state);
  }

  /**
   * RegisterStep exposes what a register step needs and does to the state, for the search's
   * analysis of which indeterminate operations can still matter.
   */
  interface RegisterStep extends Step {
    int NONE = -1;

    /** The state the step requires, or NONE if it applies in any state. */
    int requires();

    /** The state the step leaves, or NONE if it leaves the state unchanged. */
    int produces();
  }

  record Read(int value) implements RegisterStep {
    @Override
    public int requires() {
      return value;
    }

    @Override
    public int produces() {
      return NONE;
    }

    @Override
    public int apply(int state) {
      return state == value ? state : INCONSISTENT;
    }

    @Override
    public String whyNot(int state, ValueTable values) {
      return "can't read " + values.edn(value) + " from register " + values.edn(state);
    }
  }

  record Write(int value) implements RegisterStep {
    @Override
    public int requires() {
      return NONE;
    }

    @Override
    public int produces() {
      return value;
    }

    @Override
    public int apply(int state) {
      return value;
    }

    @Override
    public String whyNot(int state, ValueTable values) {
      return "a write always applies";
    }
  }

  record Cas(int expected, int value) implements RegisterStep {
    @Override
    public int requires() {
      return expected;
    }

    @Override
    public int produces() {
      return value;
    }

    @Override
    public int apply(int state) {
      return state == expected ? value : INCONSISTENT;
    }

    @Override
    public String whyNot(int state, ValueTable values) {
      return "can't CAS register " + values.edn(state) + " from " + values.edn(expected) + " to " + values.edn(value);
    }
  }
}
