package untorn.safekeeper.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import untorn.core.trace.TermSwitch;
import untorn.core.trace.TraceEvent;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.Term;
import untorn.safekeeper.acceptor.Acceptor;
import untorn.safekeeper.acceptor.AcceptorEffect;
import untorn.safekeeper.proto.AppendResponse;
import untorn.safekeeper.proto.VoteResponse;

/**
 * TraceRules replays a recorded trace of one timeline through a small model of each node and
 * reports every event that does not follow from the events before it, as the schema's javadoc
 * defines them (a cheap local check before TLC validates the trace against the spec): votes only
 * in rising terms and at the flushed WAL end, appends only at the write position of the adopted
 * term, flush acknowledgements of exactly the written WAL, commits that only rise and stay below
 * the flush LSN, restarts that recover every durable value (a crash inside a step may add that
 * step's disk effects without its event), proposals that continue the WAL from
 * the term start. It also checks the effect order of an acceptor step (persist, then trace, then
 * send).
 */
public final class TraceRules {
  private TraceRules() {}

  private static final class AcceptorModel {
    Term term = Term.ZERO;
    Lsn write = Lsn.ZERO;
    Lsn flush = Lsn.ZERO;
    Lsn commit = Lsn.ZERO;
    List<TermSwitch> history = List.of();
  }

  private static final class ProposerModel {
    Term greetedMax = Term.ZERO;
    Term term;
    boolean elected;
    Lsn lastEnd;
    Lsn commit = Lsn.ZERO;
  }

  public static List<String> check(List<TraceEvent> trace) {
    Map<NodeId, AcceptorModel> acceptors = new HashMap<>();
    Map<NodeId, ProposerModel> proposers = new HashMap<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    for (TraceEvent e : trace) {
      String p = step(e, acceptors.computeIfAbsent(e.node(), k -> new AcceptorModel()),
          proposers.computeIfAbsent(e.node(), k -> new ProposerModel()));
      if (p != null) {
        problems.add("event " + i + " " + e + ": " + p);
      }
      i++;
    }
    return problems;
  }

  private static Term lastTerm(List<TermSwitch> h) {
    return h.isEmpty() ? Term.ZERO : h.get(h.size() - 1).term();
  }

  private static String step(TraceEvent e, AcceptorModel a, ProposerModel p) {
    if (e instanceof TraceEvent.Vote v) {
      String bad = !v.term().isAfter(a.term) ? "votes in " + v.term() + " after promising " + a.term
          : !v.flushLsn().equals(a.write) ? "votes with flush " + v.flushLsn() + " but its WAL ends at " + a.write : null;
      a.term = v.term();
      a.flush = a.write;
      return bad;
    } else if (e instanceof TraceEvent.AcceptElected ae) {
      String bad = !ae.term().equals(a.term) ? "accepts " + ae.term() + " while in " + a.term
          : !ae.flushLsn().equals(Lsn.min(a.flush, ae.truncateLsn())) ? "flush after the cut " + ae.flushLsn()
              + " is not min(" + a.flush + ", " + ae.truncateLsn() + ")"
          : ae.truncateLsn().isBefore(a.commit) ? "cuts below its commit LSN " + a.commit : null;
      a.write = ae.flushLsn();
      a.flush = ae.flushLsn();
      a.history = ae.history();
      return bad;
    } else if (e instanceof TraceEvent.Append ap) {
      String bad = !ap.beginLsn().equals(a.write) ? "appends at " + ap.beginLsn() + " but writes at " + a.write
          : !ap.term().equals(lastTerm(a.history)) ? "appends in " + ap.term() + " with history " + a.history : null;
      a.write = ap.endLsn();
      return bad;
    } else if (e instanceof TraceEvent.AckFlush af) {
      String bad = !af.flushLsn().equals(a.write) ? "acknowledges " + af.flushLsn() + " but wrote up to " + a.write : null;
      a.flush = a.write;
      return bad;
    } else if (e instanceof TraceEvent.LearnCommit lc) {
      String bad = !lc.commitLsn().isAfter(a.commit) ? "commit does not rise: " + a.commit + " -> " + lc.commitLsn()
          : lc.commitLsn().isAfter(a.flush) ? "commit " + lc.commitLsn() + " above its flush LSN " + a.flush : null;
      a.commit = lc.commitLsn();
      return bad;
    } else if (e instanceof TraceEvent.AcceptorCrash) {
      return null;
    } else if (e instanceof TraceEvent.AcceptorRestart r) {
      // A crash inside a step can leave that step's disk effects durable without its event: a
      // vote persisted but not traced (a higher term), an adoption cut and persisted but not
      // traced (its history, a lower flush LSN), a commit persisted but not traced, the first
      // records of an append that died between two segment writes (more WAL than traced). So
      // the restart may show more than the trace did, but never a lower term or commit, never WAL
      // below the commit LSN, and less WAL than acknowledged only if a newer term's elected
      // message (the only thing that cuts WAL) was under way: its term promised above the
      // history's (cut done, history not yet persisted) or a history the trace never showed
      // (both done, event not yet emitted).
      String bad = r.term().compareTo(a.term) < 0 ? "restarts in " + r.term() + " after promising " + a.term
          : r.commitLsn().isBefore(a.commit) ? "restarts with commit " + r.commitLsn() + " after " + a.commit
          : r.flushLsn().isBefore(r.commitLsn()) ? "restarts with WAL to " + r.flushLsn() + " below its commit"
          : r.flushLsn().isBefore(a.flush) && !r.term().isAfter(lastTerm(r.history())) && r.history().equals(a.history)
              ? "restarts with WAL to " + r.flushLsn() + " after acknowledging " + a.flush
          : !r.history().equals(a.history) && !lastTerm(r.history()).equals(r.term())
              ? "restarts with history " + r.history() + " after " + a.history : null;
      a.term = r.term();
      a.write = r.flushLsn();
      a.flush = r.flushLsn();
      a.commit = r.commitLsn();
      a.history = r.history();
      return bad;
    }
    return proposerStep(e, p);
  }

  private static String proposerStep(TraceEvent e, ProposerModel p) {
    if (e instanceof TraceEvent.Greet g) {
      p.greetedMax = Term.max(p.greetedMax, g.acceptorTerm());
      return p.term != null ? "greets after choosing its term" : null;
    } else if (e instanceof TraceEvent.RequestVote rv) {
      String bad = p.term != null ? "campaigns twice" : !rv.term().isAfter(p.greetedMax) ? "term " + rv.term()
          + " not above the greeted " + p.greetedMax : null;
      p.term = rv.term();
      return bad;
    } else if (e instanceof TraceEvent.Elect el) {
      String bad = !el.term().equals(p.term) || p.elected ? "elected in " + el.term() + " after campaigning in " + p.term : null;
      p.elected = true;
      p.lastEnd = el.termStartLsn();
      return bad;
    } else if (e instanceof TraceEvent.Propose pr) {
      String bad = !p.elected || !pr.term().equals(p.term) ? "proposes without leading" : pr.startLsn().isBefore(p.lastEnd)
          || pr.startLsn().minus(p.lastEnd) > untorn.core.wal.WalFormat.PAGE_HEADER_BYTES ? "record at " + pr.startLsn()
          + " does not continue the WAL at " + p.lastEnd : null;
      p.lastEnd = pr.endLsn();
      return bad;
    } else if (e instanceof TraceEvent.AdvanceCommit ac) {
      String bad = !p.elected || !ac.term().equals(p.term) ? "advances a commit without leading"
          : ac.commitLsn().isBefore(p.commit) ? "commit goes back" : null;
      p.commit = ac.commitLsn();
      return bad;
    } else if (e instanceof TraceEvent.ProposerCrash) {
      p.greetedMax = Term.ZERO;
      p.term = null;
      p.elected = false;
      p.commit = Lsn.ZERO;
      return null;
    }
    return null;
  }

  /**
   * The effect order of one acceptor step: a granted vote only after its term was persisted, a
   * flush report only after the fsync of everything written in the step and its AckFlush event,
   * a commit event only after its persist; a refused step emits no event.
   */
  public static String checkStep(Acceptor.Step step) {
    boolean persisted = false;
    boolean unsyncedWrite = false;
    boolean ackTraced = false;
    for (AcceptorEffect e : step.effects()) {
      if (e instanceof AcceptorEffect.PersistState) {
        persisted = true;
      } else if (e instanceof AcceptorEffect.WriteWal) {
        unsyncedWrite = true;
      } else if (e instanceof AcceptorEffect.SyncWal) {
        unsyncedWrite = false;
      } else if (e instanceof AcceptorEffect.Emit em) {
        if (!step.accepted()) {
          return "a refused step traces " + em.event();
        }
        if (em.event() instanceof TraceEvent.AckFlush) {
          if (unsyncedWrite) {
            return "AckFlush before the fsync";
          }
          ackTraced = true;
        }
        if ((em.event() instanceof TraceEvent.Vote || em.event() instanceof TraceEvent.LearnCommit) && !persisted) {
          return em.event().getClass().getSimpleName() + " before its state was persisted";
        }
      } else if (e instanceof AcceptorEffect.Send s) {
        if (s.message() instanceof VoteResponse v && v.granted() && !persisted) {
          return "a granted vote sent before the term was persisted";
        }
        if (s.message() instanceof AppendResponse && (unsyncedWrite || !ackTraced)) {
          return "a flush report sent before the fsync or its AckFlush";
        }
      }
    }
    return null;
  }
}
