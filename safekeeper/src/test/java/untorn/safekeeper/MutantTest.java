package untorn.safekeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import untorn.core.types.Term;
import untorn.core.wal.EncodedRecord;
import untorn.safekeeper.proto.ProposerElected;
import untorn.safekeeper.testing.Cluster;

/**
 * Negative controls: each mutant, in a script that reaches the state its bug needs, makes the
 * harness's checker (or an invariant in the code) report a violation; the same script with the
 * correct protocol reports none. A checker that catches nothing proves nothing.
 */
class MutantTest {
  static Predicate<Cluster.Envelope> to(String... names) {
    return e -> List.of(names).contains(e.to().name());
  }

  /** Runs the script with and without the mutant; returns the mutant run's violations. */
  static List<String> caught(Mutant mutant, Function<Cluster, Cluster> script) {
    Cluster correct = script.apply(Cluster.of(3, 42, Mutants.NONE).collectViolations());
    assertThat(correct.violations()).as("the correct protocol in the %s script", mutant).isEmpty();
    Cluster broken = script.apply(Cluster.of(3, 42, Mutants.of(mutant)).collectViolations());
    assertThat(broken.violations()).as("mutant %s must be caught", mutant).isNotEmpty();
    return broken.violations();
  }

  /** sk1 votes for p1's term, loses power before the elected message; p2 asks sk1 and sk3. */
  static Cluster voteThenCrash(Cluster c) {
    c.isolate("sk3");
    c.startProposer("p1");
    c.deliverUntil(e -> e.message() instanceof ProposerElected);
    c.crash("sk1");
    c.deliverAll();
    c.heal().isolate("p1", "sk2");
    c.startProposer("p2");
    c.stabilize(2);
    return c;
  }

  @Test
  void voteWithoutPersistElectsTwoProposersInOneTerm() {
    assertThat(caught(Mutant.VOTE_WITHOUT_PERSIST, MutantTest::voteThenCrash))
        .anyMatch(v -> v.contains("election safety") && v.contains("t1"));
  }

  @Test
  void skipDirFsyncLosesTheVoteAndElectsTwoProposersInOneTerm() {
    assertThat(caught(Mutant.SKIP_DIR_FSYNC, MutantTest::voteThenCrash)).anyMatch(v -> v.contains("election safety"));
  }

  @Test
  void noTruncateKeepsADivergentTailUnderTheNewTermsHistory() {
    assertThat(caught(Mutant.NO_TRUNCATE, c -> {
      c.startProposer("p1");
      c.deliverAll();
      c.append("p1", 3);
      c.stabilize(2);
      c.append("p1", 4);
      c.deliverAll(to("sk1"));
      c.isolate("p1", "sk1");
      c.startProposer("p2", Term.of(2));
      c.stabilize(1);
      c.append("p2", 2);
      c.stabilize(2);
      c.heal().isolate("p1").stabilize(12);
      return c;
    })).anyMatch(v -> v.contains("log safety"));
  }

  @Test
  void commitOnMinorityCommitsWhatANewMajorityThenLoses() {
    assertThat(caught(Mutant.COMMIT_ON_MINORITY, c -> {
      c.startProposer("p1");
      c.deliverAll();
      c.isolate("sk2", "sk3");
      c.append("p1", 3);
      c.deliverAll();
      c.heal().isolate("p1", "sk1");
      c.startProposer("p2", Term.of(2));
      c.stabilize(2);
      return c;
    })).anyMatch(v -> v.contains("minority")).anyMatch(v -> v.contains("leader completeness"));
  }

  @Test
  void donorNotMostAdvancedStartsANewTermWithoutCommittedWal() {
    assertThat(caught(Mutant.DONOR_NOT_MOST_ADVANCED, c -> {
      c.startProposer("p1");
      c.deliverAll();
      c.isolate("sk3");
      c.append("p1", 3);
      c.stabilize(2);
      c.heal().isolate("p1", "sk2");
      c.startProposer("p2", Term.of(2));
      c.stabilize(2);
      return c;
    })).anyMatch(v -> v.contains("leader completeness") || v.contains("above the donor's WAL end"));
  }

  @Test
  void acceptStaleTermLetsADeposedProposerCommitWhatTheNewTermCuts() {
    assertThat(caught(Mutant.ACCEPT_STALE_TERM, c -> {
      c.startProposer("p1");
      c.deliverAll();
      c.append("p1", 2);
      c.stabilize(2);
      c.isolate("sk1");
      c.startProposer("p2", Term.of(2));
      // p2 wins sk2 and sk3, but its elected messages are lost for now.
      c.deliverUntil(e -> e.message() instanceof ProposerElected);
      c.deliverAll(e -> !(e.message() instanceof ProposerElected));
      c.heal().isolate("sk1");
      c.append("p1", 3);
      c.deliverAll();
      c.stabilize(8);
      return c;
    })).anyMatch(v -> v.contains("log safety") || v.contains("below its commit LSN"));
  }

  @Test
  void ackBeforeFsyncLosesAcknowledgedWalInACrash() {
    List<String> v = caught(Mutant.ACK_BEFORE_FSYNC, c -> {
      c.startProposer("p1");
      c.deliverAll();
      c.isolate("sk3");
      List<EncodedRecord> r = c.append("p1", 3);
      c.deliverAll();
      c.crash("sk1");
      c.heal().isolate("p1", "sk2");
      c.startProposer("p2", Term.of(2));
      c.stabilize(2);
      return c;
    });
    assertThat(v).anyMatch(x -> x.contains("leader completeness"));
  }

  /**
   * All three acceptors hold 300 records, committed and flushed everywhere (the peer horizon is at
   * their end), but the pageserver has persisted only the first ten: the mutant removes every
   * segment below the commit LSN, WAL the pageserver would still have to read.
   */
  @Test
  void removeAbovePersistedRemovesWalThePageserverStillNeeds() {
    assertThat(caught(Mutant.REMOVE_ABOVE_PERSISTED, c -> {
      c.startProposer("p1");
      c.deliverAll();
      List<EncodedRecord> wal = c.append("p1", 300);
      c.stabilize(3);
      untorn.core.types.Lsn persisted = wal.get(10).logged().endLsn();
      for (untorn.core.types.NodeId a : c.acceptors()) {
        c.inject("pageserver", a.name(), new untorn.safekeeper.proto.PersistedLsnUpdate(Cluster.TT, persisted));
      }
      c.stabilize(3);
      return c;
    })).anyMatch(v -> v.contains("WAL removal") && v.contains("persisted"));
  }

  /**
   * sk3 is cut off from the start; p1 commits 300 records on sk1 and sk2 and the pageserver
   * persists them all. The mutant's peer horizon ignores sk3, so sk1 and sk2 remove WAL sk3 needs:
   * it could never catch up from them.
   */
  @Test
  void horizonWithoutLaggardsRemovesWalALaggingAcceptorNeeds() {
    assertThat(caught(Mutant.HORIZON_WITHOUT_LAGGARDS, c -> {
      c.isolate("sk3");
      c.startProposer("p1");
      c.stabilize(2);
      List<EncodedRecord> wal = c.append("p1", 300);
      c.stabilize(3);
      untorn.core.types.Lsn end = wal.get(wal.size() - 1).logged().endLsn();
      for (String a : List.of("sk1", "sk2")) {
        c.inject("pageserver", a, new untorn.safekeeper.proto.PersistedLsnUpdate(Cluster.TT, end));
      }
      c.stabilize(3);
      return c;
    })).anyMatch(v -> v.contains("WAL removal") && v.contains("sk3") && v.contains("needs WAL"));
  }
}
