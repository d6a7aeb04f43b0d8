package untorn.check.store;

import untorn.core.Invariants;

/**
 * WorkloadConfig shapes a generated history.
 *
 * @param clients concurrent clients (threads, or simulated clients)
 * @param operations operations (or transactions) to invoke in all
 * @param values distinct register values, or keys for list-append
 * @param crashFraction fraction of operations whose client crashes: the completion is {@code :info}
 *     and the effect happened or not (half and half); the client continues as a new process
 * @param leaveOpen whether operations still in flight at the end stay without a completion
 */
public record WorkloadConfig(int clients, int operations, int values, double crashFraction, boolean leaveOpen) {
  public WorkloadConfig {
    Invariants.check(clients >= 1 && operations >= 0 && values >= 1, "bad workload %s %s %s", clients, operations, values);
    Invariants.check(crashFraction >= 0 && crashFraction < 1, "crashFraction in [0, 1)");
  }

  /** Jepsen's etcd test shape: 5 clients, 5 values, a few crashes. */
  public static WorkloadConfig jepsenLike(int operations) {
    return new WorkloadConfig(5, operations, 5, 0.05, false);
  }

  public WorkloadConfig withCrashFraction(double f) {
    return new WorkloadConfig(clients, operations, values, f, leaveOpen);
  }

  public WorkloadConfig withLeaveOpen(boolean open) {
    return new WorkloadConfig(clients, operations, values, crashFraction, open);
  }
}
