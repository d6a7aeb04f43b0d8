-------------------------- MODULE SafekeeperTrace --------------------------
(***************************************************************************)
(* Trace validation of the implementation against Safekeeper.tla, in the   *)
(* style of "Validating Traces of Distributed Programs Against TLA+        *)
(* Specifications" (Cirstea, Kuppe, Merz et al.).                          *)
(*                                                                         *)
(* TraceLog (generated from a recorded run) defines Trace, a sequence of   *)
(* events with the values the implementation logged, LSNs already turned   *)
(* into entry counts.  Each event must be matched, in order, by the spec   *)
(* action it is named after, taken with the logged parameters and leaving  *)
(* the logged values.  Whatever the log leaves out (which message was      *)
(* received, how much of an unflushed WAL a crash kept) TLC searches for.  *)
(* The spec admits the trace iff some behaviour matches every event, that  *)
(* is iff TLC reaches a state with l = Len(Trace) + 1.  ReportProgress      *)
(* prints l - 1 for every state TLC reaches; the checker reads the highest. *)
(* (Not an invariant "violated" at the end: TLC would print the whole      *)
(* behaviour, every state with its whole WAL, which for thousands of       *)
(* events costs far more than the check itself.)                           *)
(*                                                                         *)
(* Two things happen between logged events:                                *)
(*  - Silent acceptor steps: a crash in the middle of an implementation    *)
(*    step can make its durable effects survive without its event (a vote *)
(*    persisted, a WAL cut, an entry written, a commit LSN persisted) and  *)
(*    without its message.  So right before its AcceptorCrash event an     *)
(*    acceptor may take the local part of any of its actions, sending      *)
(*    nothing.  (It logged nothing since: it was dead, so moving its       *)
(*    silent steps up to the crash event changes nothing anyone saw.)  A   *)
(*    silent commit LSN is the one its restart will report                 *)
(*    (restartCommit), or TLC would try every LSN.                         *)
(*  - Greetings: the spec folds greeting into RequestVote; here each       *)
(*    logged Greet(p, a, t) needs t to be a term acceptor a held since p's *)
(*    incarnation began (held), and RequestVote's term must be above the  *)
(*    highest greeted term, after greeting a majority.                     *)
(***************************************************************************)
EXTENDS Safekeeper, TraceLog, TLC

VARIABLES
    l,          \* index of the next event of Trace to match
    held,       \* held[p][a]: terms acceptor a held since proposer p's incarnation began
    tGreeted,   \* tGreeted[p]: acceptors p's incarnation greeted
    tSeen       \* tSeen[p]: highest term p's incarnation was greeted with

traceVars == <<l, held, tGreeted, tSeen>>

E == Trace[l]

TraceInit ==
    /\ Init
    /\ l = 1
    /\ held = [p \in Proposers |-> [a \in Acceptors |-> {0}]]
    /\ tGreeted = [p \in Proposers |-> {}]
    /\ tSeen = [p \in Proposers |-> 0]

\* After every step: the terms each acceptor holds now are held since every
\* proposer's incarnation began, and a proposer that crashed starts afresh.
UpdateHeld ==
    held' = [p \in Proposers |-> [a \in Acceptors |->
                IF proposerCrashes' # proposerCrashes /\ propPhase'[p] = "greet" /\ propPhase[p] # "greet"
                THEN {accTerm'[a]}
                ELSE held[p][a] \cup {accTerm'[a]}]]

\* A matched event: the action happened, and the next event is due.
Matched(A) == A /\ l' = l + 1 /\ UpdateHeld

Is(name) == l <= Len(Trace) /\ E.event = name

-----------------------------------------------------------------------------
(* One disjunct per event kind. *)

GreetEvent ==
    /\ Is("Greet")
    /\ propPhase[E.proposer] = "greet"
    /\ E.acceptorTerm \in held[E.proposer][E.acceptor]
    /\ tGreeted' = [tGreeted EXCEPT ![E.proposer] = @ \cup {E.acceptor}]
    /\ tSeen' = [tSeen EXCEPT ![E.proposer] = Max2(@, E.acceptorTerm)]
    /\ UNCHANGED vars
    /\ Matched(TRUE)

RequestVoteEvent ==
    /\ Is("RequestVote")
    /\ IsQuorum(tGreeted[E.proposer])
    /\ Matched(RequestVoteAbove(E.proposer, tSeen[E.proposer], E.term))
    /\ tGreeted' = [tGreeted EXCEPT ![E.proposer] = {}]
    /\ tSeen' = [tSeen EXCEPT ![E.proposer] = 0]

VoteEvent ==
    /\ Is("Vote")
    /\ \E m \in voteReqs :
        /\ m.proposer = E.proposer /\ m.term = E.term
        /\ VoteReply(E.acceptor, m).flush = E.flush
        /\ VoteReply(E.acceptor, m).hist = E.history
        /\ Matched(VoteOn(E.acceptor, m))
    /\ UNCHANGED <<tGreeted, tSeen>>

ElectEvent ==
    /\ Is("Elect")
    /\ propTerm[E.proposer] = E.term
    /\ \E Q \in SUBSET {v \in votes : v.proposer = E.proposer /\ v.term = E.term} :
        /\ {v.acceptor : v \in Q} = E.voters
        /\ \E d \in Q :
            /\ d.acceptor = E.donor
            /\ Matched(ElectWith(E.proposer, Q, d))
            /\ propHist'[E.proposer] = E.history
    /\ UNCHANGED <<tGreeted, tSeen>>

AcceptElectedEvent ==
    /\ Is("AcceptElected")
    /\ \E m \in elected :
        /\ m.term = E.term /\ m.hist = E.history
        /\ Matched(AcceptElectedOn(E.acceptor, m))
        /\ Len(accWal'[E.acceptor]) = E.truncate
        /\ accFlush'[E.acceptor] = E.flush
    /\ UNCHANGED <<tGreeted, tSeen>>

ProposeEvent ==
    /\ Is("Propose")
    /\ propTerm[E.proposer] = E.term
    /\ Matched(Propose(E.proposer))
    /\ propLen'[E.proposer] = E.length
    /\ UNCHANGED <<tGreeted, tSeen>>

AppendEvent ==
    /\ Is("Append")
    /\ \E m \in elected :
        /\ m.term = E.term
        /\ Matched(AppendWalOn(E.acceptor, m))
        /\ Len(accWal'[E.acceptor]) = E.length
    /\ UNCHANGED <<tGreeted, tSeen>>

AckFlushEvent ==
    /\ Is("AckFlush")
    /\ AcceptingTerm(E.acceptor) = E.term
    /\ Matched(AckFlushAny(E.acceptor))
    /\ accFlush'[E.acceptor] = E.flush
    /\ UNCHANGED <<tGreeted, tSeen>>

\* The implementation traces every acknowledgement it processes; one that
\* leaves the commit LSN where it was changes nothing in the spec.
AdvanceCommitEvent ==
    /\ Is("AdvanceCommit")
    /\ propPhase[E.proposer] = "elected" /\ propTerm[E.proposer] = E.term
    /\ acked[E.acceptor][E.term] >= E.flush
    /\ \/ E.commit = propCommit[E.proposer] /\ Matched(UNCHANGED vars)
       \/ Matched(AdvanceCommitTo(E.proposer, E.commit))
    /\ UNCHANGED <<tGreeted, tSeen>>

LearnCommitEvent ==
    /\ Is("LearnCommit")
    /\ AcceptingTerm(E.acceptor) = E.term
    /\ Matched(LearnCommitLocal(E.acceptor, E.commit) /\ UNCHANGED <<propVars, msgVars>>)
    /\ UNCHANGED <<tGreeted, tSeen>>

AcceptorCrashEvent ==
    /\ Is("AcceptorCrash")
    /\ Matched(AcceptorCrashAny(E.acceptor))
    /\ UNCHANGED <<tGreeted, tSeen>>

\* The spec restarted the acceptor within AcceptorCrash; the restart event
\* checks that it came back with exactly what the spec says survived.
AcceptorRestartEvent ==
    /\ Is("AcceptorRestart")
    /\ accTerm[E.acceptor] = E.term
    /\ Len(accWal[E.acceptor]) = E.flush
    /\ accFlush[E.acceptor] = E.flush
    /\ accCommit[E.acceptor] = E.commit
    /\ accHist[E.acceptor] = E.history
    /\ Matched(UNCHANGED vars)
    /\ UNCHANGED <<tGreeted, tSeen>>

\* A proposer that crashes (or gives up) while still greeting has no state in
\* the spec (greeting is folded into RequestVote), so the spec stutters; what
\* ends is what this incarnation greeted: the next one greets afresh, and
\* only terms acceptors hold from now on count for it.
ProposerCrashEvent ==
    /\ Is("ProposerCrash")
    /\ \/ Matched(ProposerCrash(E.proposer))
       \/ /\ propPhase[E.proposer] = "greet"
          /\ UNCHANGED vars
          /\ l' = l + 1
          /\ held' = [held EXCEPT ![E.proposer] = [a \in Acceptors |-> {accTerm[a]}]]
    /\ tGreeted' = [tGreeted EXCEPT ![E.proposer] = {}]
    /\ tSeen' = [tSeen EXCEPT ![E.proposer] = 0]

\* The local part of an acceptor step whose event and message a crash
\* swallowed, just before the crash event.
SilentStep ==
    /\ Is("AcceptorCrash")
    /\ \E a \in {E.acceptor} :
        /\ \/ \E m \in voteReqs : VoteLocal(a, m)
           \/ \E m \in elected : TruncateLocal(a, m) \/ AcceptElectedLocal(a, m) \/ AppendWalLocal(a, m)
           \/ AcceptingTerm(a) > 0 /\ AckFlushLocal(a)
           \/ LearnCommitLocal(a, E.restartCommit)
        /\ UNCHANGED <<propVars, msgVars, l, tGreeted, tSeen>>
        /\ UpdateHeld

TraceNext ==
    \/ GreetEvent \/ RequestVoteEvent \/ VoteEvent \/ ElectEvent \/ AcceptElectedEvent
    \/ ProposeEvent \/ AppendEvent \/ AckFlushEvent \/ AdvanceCommitEvent \/ LearnCommitEvent
    \/ AcceptorCrashEvent \/ AcceptorRestartEvent \/ ProposerCrashEvent
    \/ SilentStep

TraceSpec == TraceInit /\ [][TraceNext]_<<vars, traceVars>>

\* How many events some behaviour matched so far: a state constraint that
\* always holds and prints once per state TLC reaches; the highest printed
\* value is the longest matched prefix, Len(Trace) when the trace is admitted.
ReportProgress == PrintT(<<"untorn-trace-matched", l - 1>>)
=============================================================================
