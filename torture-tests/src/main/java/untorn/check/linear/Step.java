package untorn.check.linear;

/**
 * Step is one operation compiled for a sequential model: a function from a state to the next
 * state, or {@link #INCONSISTENT} when the operation cannot happen in that state.
 */
public interface Step {
  int INCONSISTENT = -1;

  int apply(int state);

  /** Why the step cannot happen in {@code state}, in Knossos's words ("can't read 3 from register 0"). */
  String whyNot(int state, ValueTable values);
}
