package untorn.safekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import untorn.safekeeper.proposer.Proposer;
import untorn.safekeeper.testing.Cluster;
import untorn.safekeeper.testing.CrashableFileSystem.Loss;

/**
 * Seeded random schedules in the unit harness: two to three competing proposers, 3 or 5
 * acceptors, and at every step a random choice among delivering, losing, duplicating or
 * reordering a message, ticking, a power loss of an acceptor (between steps or at a disk
 * operation inside one), a proposer crash, and new WAL. The checker runs after every message;
 * at the end the trace must follow the local trace rules, and once everything is healed a new
 * proposer must commit (liveness with a connected majority). This is not the torture suite (it
 * has no simulated disk faults or partitions); it is the protocol cores under a hostile schedule.
 * A failure names its seed; {@code replay} reruns one.
 */
class RandomScheduleProperties {
  @Property(tries = 120)
  void randomSchedulesAreSafeAndThenLive(@ForAll long seed) {
    run(seed, Mutants.NONE, 400);
  }

  /** Reruns one seed (set it here when a run fails). */
  @Test
  void replay() {
    run(1234567, Mutants.NONE, 400);
  }

  static Cluster run(long seed, Mutants mutants, int steps) {
    Random rnd = new Random(seed);
    int acceptors = rnd.nextBoolean() ? 3 : 5;
    Cluster c = Cluster.of(acceptors, seed, mutants).restartOnCrashPoint();
    List<String> names = schedule(c, rnd, acceptors, steps);
    // Heal: the other proposers die, everything in flight is delivered, and a fresh proposer
    // must win and commit.
    for (String p : names.subList(1, names.size())) {
      c.stopProposer(p);
    }
    c.deliverAll();
    Proposer last = c.restartProposer(names.get(0));
    c.stabilize(40);
    assertThat(last.phase()).as("seed %d: a healed cluster elects", seed).isEqualTo(Proposer.Phase.STREAMING);
    c.append(names.get(0), 3);
    c.stabilize(5);
    assertThat(last.commitLsn()).as("seed %d: and commits", seed).isEqualTo(last.walEndLsn());
    assertThat(c.traceProblems()).as("seed %d", seed).isEmpty();
    return c;
  }

  static List<String> schedule(Cluster c, Random rnd, int acceptors, int steps) {
    List<String> names = List.of("p1", "p2", "p3").subList(0, 2 + rnd.nextInt(2));
    for (String p : names) {
      c.startProposer(p);
    }
    for (int i = 0; i < steps; i++) {
      step(c, rnd, names, acceptors);
    }
    return names;
  }

  /**
   * The first seed whose schedule makes the consensus checker or an invariant of the code report
   * a safety violation with the mutant enabled (with {@code anyRule}, also the effect-order and
   * trace rules), or -1 if none of {@code seeds} does.
   */
  static long firstCatch(Mutant mutant, int seeds, int steps, boolean anyRule) {
    for (long seed = 1; seed <= seeds; seed++) {
      Random rnd = new Random(seed);
      int acceptors = rnd.nextBoolean() ? 3 : 5;
      Cluster c = Cluster.of(acceptors, seed, Mutants.of(mutant)).restartOnCrashPoint().collectViolations();
      try {
        schedule(c, rnd, acceptors, steps);
        c.stabilize(10);
      } catch (RuntimeException | Error e) {
        return seed; // An invariant of the code under test, or the harness refusing a broken state.
      }
      boolean semantic = c.violations().stream().anyMatch(v -> !v.startsWith("step order"));
      if (semantic || (anyRule && (!c.violations().isEmpty() || !c.traceProblems().isEmpty()))) {
        return seed;
      }
    }
    return -1;
  }

  static void step(Cluster c, Random rnd, List<String> proposers, int acceptors) {
    int roll = rnd.nextInt(100);
    String acceptor = "sk" + (1 + rnd.nextInt(acceptors));
    String proposer = proposers.get(rnd.nextInt(proposers.size()));
    boolean inFlight = !c.inFlight().isEmpty();
    if (roll < 55 && inFlight) {
      c.deliverOne();
    } else if (roll < 60 && inFlight) {
      c.dropNext();
    } else if (roll < 63 && inFlight) {
      c.duplicateNext();
    } else if (roll < 68 && inFlight) {
      c.deferNext();
    } else if (roll < 78) {
      c.tickOnly();
    } else if (roll < 80) {
      c.crash(acceptor, Loss.ANY_PREFIX);
    } else if (roll < 82) {
      c.armCrash(acceptor, rnd.nextInt(8));
    } else if (roll < 84) {
      Proposer p = c.proposer(proposer);
      if (p.phase() == Proposer.Phase.DEFEATED || rnd.nextInt(3) == 0) {
        c.restartProposer(proposer);
      }
    } else if (c.proposer(proposer).canAppend(1 << 16)) {
      c.append(proposer, 1 + rnd.nextInt(3));
    }
  }

  /** Every mutant the unit harness can express is caught by random schedules, and quickly. */
  @Test
  void randomSchedulesCatchEveryMutant() {
    StringBuilder report = new StringBuilder();
    for (Mutant m : Mutant.values()) {
      if (m == Mutant.SKIP_RESTART_SYNC || m == Mutant.TRUST_PAGE_CACHE) {
        // They need a process kill that keeps the page cache (after a failed fsync, for the
        // second), then a power loss before the next sync: this harness only loses power and
        // never fails an fsync. TimelineStorageTest and the consensus torture suite catch them.
        continue;
      }
      if (m == Mutant.REMOVE_ABOVE_PERSISTED || m == Mutant.HORIZON_WITHOUT_LAGGARDS) {
        // No pageserver takes part in these schedules (nothing is ever removed): MutantTest's
        // script and the consensus torture suite (with its simulated pageserver) catch it.
        continue;
      }
      long semantic = firstCatch(m, 200, 400, false);
      long any = firstCatch(m, 200, 400, true);
      report.append(m).append(": safety violation at seed ").append(semantic).append(", any rule at seed ").append(any)
          .append('\n');
      assertThat(semantic).as("mutant %s caught by a safety check within 200 seeds", m).isPositive();
    }
    System.out.println("mutants caught by random schedules (first seed):\n" + report);
  }

  @Test
  void theSchedulesCommitAndElectSomething() {
    long elections = 0;
    long committedBytes = 0;
    for (long seed = 1; seed <= 20; seed++) {
      Cluster c = run(seed, Mutants.NONE, 400);
      elections += c.eventsOf(untorn.core.trace.TraceEvent.Elect.class).size();
      committedBytes += c.committedEnd().value();
    }
    // A schedule that never commits proves little: these do, many times over.
    assertThat(elections).isGreaterThan(40);
    assertThat(committedBytes).isGreaterThan(20 * 1000);
  }
}
