package untorn.spec.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import untorn.core.trace.TermSwitch;
import untorn.core.trace.TraceEvent;
import untorn.core.types.NodeId;
import untorn.core.types.Term;

/**
 * TraceModule converts the events of one timeline into the TLA+ module {@code TraceLog} that
 * SafekeeperTrace.tla replays: {@code Trace}, one record per specification step with entry counts
 * in place of byte LSNs (see {@link LsnMap}) and the constants of the model. An Append
 * event that wrote k whole records becomes k steps of one entry each; one that completed no record
 * becomes none. {@link #eventOfStep} maps steps back to events for reporting.
 */
public final class TraceModule {
  public static final String MODULE = "TraceLog";

  private final List<String> steps = new ArrayList<>();
  private final List<Integer> eventOfStep = new ArrayList<>();
  private final Set<String> acceptors = new TreeSet<>();
  private final Set<String> proposers = new TreeSet<>();
  private final Map<NodeId, List<TermSwitch>> acceptorHistory = new HashMap<>();
  private final Map<Term, List<TermSwitch>> proposalHistory = new HashMap<>();
  private final LsnMap lsns;
  private long maxTerm = 1;
  private long proposes;
  private long proposerCrashes;

  private TraceModule(List<? extends TraceEvent> events, List<String> clusterAcceptors) {
    this.lsns = new LsnMap(events);
    acceptors.addAll(clusterAcceptors);
    for (int i = 0; i < events.size(); i++) {
      convert(i, events.get(i));
    }
  }

  /** Converts {@code events} (one timeline and the node crashes); {@code acceptors} may be empty (then: every one named). */
  public static TraceModule of(List<? extends TraceEvent> events, List<String> acceptors) {
    return new TraceModule(events, acceptors);
  }

  public int steps() {
    return steps.size();
  }

  /** The 0-based index of the event that step {@code step} (0-based) comes from. */
  public int eventOfStep(int step) {
    return eventOfStep.get(step);
  }

  public Set<String> acceptors() {
    return acceptors;
  }

  private void convert(int index, TraceEvent e) {
    if (e instanceof TraceEvent.Greet g) {
      add(index, null, "Greet", "proposer", str(g.proposer()), "acceptor", str(g.acceptor()), "acceptorTerm",
          num(g.acceptorTerm().value()));
    } else if (e instanceof TraceEvent.RequestVote r) {
      term(r.term());
      add(index, null, "RequestVote", "proposer", str(r.proposer()), "term", num(r.term().value()));
    } else if (e instanceof TraceEvent.Vote v) {
      term(v.term());
      acceptorHistory.put(v.acceptor(), v.history());
      add(index, v.acceptor(), "Vote", "acceptor", str(v.acceptor()), "proposer", str(v.proposer()), "term",
          num(v.term().value()), "flush", num(lsns.count(v.history(), v.flushLsn())), "history", hist(v.history()));
    } else if (e instanceof TraceEvent.Elect el) {
      proposalHistory.put(el.term(), el.history());
      List<String> voters = el.voters().stream().map(TraceModule::str).toList();
      add(index, null, "Elect", "proposer", str(el.proposer()), "term", num(el.term().value()), "voters",
          "{" + String.join(", ", voters) + "}", "donor", str(el.donor()), "history", hist(el.history()));
    } else if (e instanceof TraceEvent.AcceptElected ae) {
      acceptorHistory.put(ae.acceptor(), ae.history());
      add(index, ae.acceptor(), "AcceptElected", "acceptor", str(ae.acceptor()), "term", num(ae.term().value()),
          "truncate", num(lsns.count(ae.history(), ae.truncateLsn())), "flush", num(lsns.count(ae.history(), ae.flushLsn())),
          "history", hist(ae.history()));
    } else if (e instanceof TraceEvent.Propose p) {
      proposes++;
      List<TermSwitch> h = proposalHistory.getOrDefault(p.term(), List.of());
      add(index, null, "Propose", "proposer", str(p.proposer()), "term", num(p.term().value()), "length",
          num(lsns.count(h, p.endLsn())));
    } else if (e instanceof TraceEvent.Append ap) {
      List<TermSwitch> h = proposalHistory.getOrDefault(ap.term(), acceptorHistory.getOrDefault(ap.acceptor(), List.of()));
      long from = lsns.count(h, ap.beginLsn());
      long to = lsns.count(h, ap.endLsn());
      for (long n = from + 1; n <= to; n++) {
        add(index, ap.acceptor(), "Append", "acceptor", str(ap.acceptor()), "term", num(ap.term().value()), "length", num(n));
      }
    } else if (e instanceof TraceEvent.AckFlush af) {
      add(index, af.acceptor(), "AckFlush", "acceptor", str(af.acceptor()), "term", num(af.term().value()), "flush",
          num(lsns.count(historyOf(af.acceptor(), af.term()), af.flushLsn())));
    } else if (e instanceof TraceEvent.AdvanceCommit ac) {
      List<TermSwitch> h = proposalHistory.getOrDefault(ac.term(), List.of());
      acceptors.add(ac.acceptor().name());
      add(index, null, "AdvanceCommit", "proposer", str(ac.proposer()), "term", num(ac.term().value()), "acceptor",
          str(ac.acceptor()), "flush", num(lsns.count(h, ac.flushLsn())), "commit", num(lsns.count(h, ac.commitLsn())));
    } else if (e instanceof TraceEvent.LearnCommit lc) {
      add(index, lc.acceptor(), "LearnCommit", "acceptor", str(lc.acceptor()), "term", num(lc.term().value()), "commit",
          num(lsns.count(historyOf(lc.acceptor(), lc.term()), lc.commitLsn())));
    } else if (e instanceof TraceEvent.AcceptorCrash c) {
      add(index, c.acceptor(), "AcceptorCrash", "acceptor", str(c.acceptor()));
    } else if (e instanceof TraceEvent.AcceptorRestart r) {
      acceptorHistory.put(r.acceptor(), r.history());
      add(index, r.acceptor(), "AcceptorRestart", "acceptor", str(r.acceptor()), "term", num(r.term().value()), "flush",
          num(lsns.count(r.history(), r.flushLsn())), "commit", num(lsns.count(r.history(), r.commitLsn())), "history",
          hist(r.history()));
    } else if (e instanceof TraceEvent.ProposerCrash pc) {
      proposerCrashes++;
      add(index, null, "ProposerCrash", "proposer", str(pc.proposer()));
    } else {
      throw new AssertionError("unknown trace event " + e);
    }
  }

  /** The history an acceptor's LSN of {@code term} is read in: the term's proposal, else its own. */
  private List<TermSwitch> historyOf(NodeId acceptor, Term term) {
    return proposalHistory.getOrDefault(term, acceptorHistory.getOrDefault(acceptor, List.of()));
  }

  private void term(Term t) {
    maxTerm = Math.max(maxTerm, t.value());
  }

  private void add(int index, NodeId acceptor, String kind, String... fields) {
    StringBuilder s = new StringBuilder("[event |-> \"").append(kind).append('"');
    for (int i = 0; i < fields.length; i += 2) {
      s.append(", ").append(fields[i]).append(" |-> ").append(fields[i + 1]);
      if (fields[i].equals("acceptor")) {
        acceptors.add(unquote(fields[i + 1]));
      } else if (fields[i].equals("proposer")) {
        proposers.add(unquote(fields[i + 1]));
      }
    }
    steps.add(s.append(']').toString());
    eventOfStep.add(index);
  }

  private String hist(List<TermSwitch> history) {
    List<String> parts = new ArrayList<>();
    for (long[] sw : lsns.history(history)) {
      parts.add("<<" + sw[0] + ", " + sw[1] + ">>");
    }
    return "<<" + String.join(", ", parts) + ">>";
  }

  private static String str(NodeId id) {
    return "\"" + id.name().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String unquote(String s) {
    return s.substring(1, s.length() - 1);
  }

  private static String num(long n) {
    return Long.toString(n);
  }

  /** The module text. */
  public String text() {
    StringBuilder s = new StringBuilder();
    s.append("---- MODULE ").append(MODULE).append(" ----\n");
    s.append("\\* Generated by untorn from a recorded implementation trace; LSNs are entry counts.\n");
    s.append("EXTENDS Integers, Sequences, TLC\n");
    s.append("TraceAcceptors == ").append(set(acceptors)).append('\n');
    s.append("TraceProposers == ").append(set(proposers.isEmpty() ? Set.of("none") : proposers)).append('\n');
    s.append("TraceMaxTerm == ").append(maxTerm).append('\n');
    s.append("TraceMaxEntries == ").append(proposes).append('\n');
    s.append("TraceMaxProposerCrashes == ").append(proposerCrashes).append('\n');
    s.append("Trace == <<\n");
    for (int i = 0; i < steps.size(); i++) {
      s.append("  ").append(steps.get(i)).append(i + 1 < steps.size() ? ",\n" : "\n");
    }
    s.append(">>\n");
    s.append("====\n");
    return s.toString();
  }

  private static String set(Set<String> names) {
    List<String> q = names.stream().map(n -> "\"" + n + "\"").toList();
    return "{" + String.join(", ", q) + "}";
  }

  /** The configuration that checks this trace with SafekeeperTrace.tla. */
  public static String config() {
    return "\\* Generated by untorn: trace validation.\n"
        + "CONSTANTS\n"
        + "  Acceptors <- TraceAcceptors\n"
        + "  Proposers <- TraceProposers\n"
        + "  MaxTerm <- TraceMaxTerm\n"
        + "  MaxEntries <- TraceMaxEntries\n"
        + "  MaxProposerCrashes <- TraceMaxProposerCrashes\n"
        + "  MUTANT = \"none\"\n"
        + "INIT TraceInit\n"
        + "NEXT TraceNext\n"
        + "CONSTRAINT ReportProgress\n";
  }
}
