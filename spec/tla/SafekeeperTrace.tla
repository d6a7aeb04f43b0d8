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
(* Three things happen between logged events:                            *)
(*  - Crashes are deferred to the restart.  An acceptor logs nothing from  *)
(*    its AcceptorCrash event to its AcceptorRestart (TLC checks that: an  *)
(*    own event while down is rejected, unless the acceptor held nothing   *)
(*    of the timeline, so its restart had none to trace: see Gone), and    *)
(*    nothing another node logs reads its state but its term, for          *)
(*    greetings (see UpdateHeld), so the spec's crash step                 *)
(*    is taken at the restart event, where the logged restart fixes its    *)
(*    outcome, rather than at the crash, where TLC would carry every       *)
(*    possible outcome through all the events up to the restart (for a    *)
(*    crash without restart: to the end of the trace; those made whole    *)
(*    traces of busy seeds take hours).                                    *)
(*  - Silent acceptor steps: a crash in the middle of an implementation    *)
(*    step can make its durable effects survive without its event (a vote *)
(*    persisted, a WAL cut, an entry written, a commit LSN persisted) and  *)
(*    without its message.  So right before the spec's crash an acceptor   *)
(*    may take the local part of any of its actions, sending nothing.      *)
(*    (It logged nothing since: it was dead.)  They read the messages as   *)
(*    they were at the crash event (atCrash): a request sent after the     *)
(*    crash cannot have reached a dead acceptor.  A silent commit LSN is   *)
(*    the one the restart reports, silent entries go only up to the flush  *)
(*    LSN it reports, or TLC would try every LSN.                          *)
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
    tSeen,      \* tSeen[p]: highest term p's incarnation was greeted with
    atCrash,    \* atCrash[a]: the messages acceptor a's silent steps may read, while it is
                \* down (between its AcceptorCrash and AcceptorRestart events); Up otherwise
    tVotes      \* tVotes[p]: votes cast for p since its incarnation's last RequestVote

traceVars == <<l, held, tGreeted, tSeen, atCrash, tVotes>>

Up == [up |-> TRUE]
Down(a) == atCrash[a] # Up

\* An acceptor that went down holding nothing of the timeline may come back
\* without a traced restart: its restart found no timeline to trace (a
\* silent step would have left one), and the spec's crash of an acceptor in
\* its initial state changes nothing.  Gone: down with something at stake,
\* silent until its AcceptorRestart.
NeverHeld(a) == /\ accTerm[a] = 0 /\ accDurableTerm[a] = 0 /\ accHist[a] = << >>
                /\ accWal[a] = << >> /\ accCommit[a] = 0
Gone(a) == Down(a) /\ ~NeverHeld(a)

\* The spec as it reads the messages acceptor a's crash left it: the local
\* part of an action needs no other change.
Crashed(a) == INSTANCE Safekeeper WITH voteReqs <- atCrash[a].voteReqs, elected <- atCrash[a].elected,
                                       proposals <- atCrash[a].proposals, announced <- atCrash[a].announced

E == Trace[l]

TraceInit ==
    /\ Init
    /\ l = 1
    /\ held = [p \in Proposers |-> [a \in Acceptors |-> {0}]]
    /\ tGreeted = [p \in Proposers |-> {}]
    /\ tSeen = [p \in Proposers |-> 0]
    /\ atCrash = [a \in Acceptors |-> Up]
    /\ tVotes = [p \in Proposers |-> {}]

\* Whether acceptor a's term may be read after this step (l' is set): it is
\* not Gone, or this is its restart event.
Shown(a) == \/ ~Gone(a)
            \/ l' = l + 1 /\ E.event = "AcceptorRestart" /\ E.acceptor = a
ShownTerm(a) == IF Shown(a) THEN {accTerm'[a]} ELSE {}

\* After every step: the terms each acceptor holds now are held since every
\* proposer's incarnation began, and a proposer that crashed starts afresh.
\* A down acceptor's term is not one it holds (its restart may report a
\* higher one, persisted by a silent vote before it died): only its
\* restart, which ends its down time, shows its term again (Shown).  An
\* incarnation that began while it was down can hear from it only after
\* that; an earlier one has its pre-crash terms already.
UpdateHeld ==
    held' = [p \in Proposers |-> [a \in Acceptors |->
                IF proposerCrashes' # proposerCrashes /\ propPhase'[p] = "greet" /\ propPhase[p] # "greet"
                THEN ShownTerm(a)
                ELSE held[p][a] \cup ShownTerm(a)]]

\* A matched event: the action happened, and the next event is due.
Matched(A) == A /\ l' = l + 1 /\ UpdateHeld

Is(name) == l <= Len(Trace) /\ E.event = name

\* An acceptor's own events: it logs nothing while it is Gone.  The first
\* own event of one down with nothing at stake ends its down time (Awake).
Alive == ~Gone(E.acceptor)
Awake == atCrash' = [atCrash EXCEPT ![E.acceptor] = Up]

-----------------------------------------------------------------------------
(* One disjunct per event kind. *)

GreetEvent ==
    /\ Is("Greet")
    /\ propPhase[E.proposer] = "greet"
    /\ E.acceptorTerm \in held[E.proposer][E.acceptor]
    /\ tGreeted' = [tGreeted EXCEPT ![E.proposer] = @ \cup {E.acceptor}]
    /\ tSeen' = [tSeen EXCEPT ![E.proposer] = Max2(@, E.acceptorTerm)]
    /\ UNCHANGED <<vars, atCrash, tVotes>>
    /\ Matched(TRUE)

RequestVoteEvent ==
    /\ Is("RequestVote")
    /\ IsQuorum(tGreeted[E.proposer])
    /\ Matched(RequestVoteAbove(E.proposer, tSeen[E.proposer], E.term))
    /\ tGreeted' = [tGreeted EXCEPT ![E.proposer] = {}]
    /\ tSeen' = [tSeen EXCEPT ![E.proposer] = 0]
    /\ tVotes' = [tVotes EXCEPT ![E.proposer] = {}]
    /\ UNCHANGED atCrash

VoteEvent ==
    /\ Is("Vote") /\ Alive
    /\ \E m \in voteReqs :
        /\ m.proposer = E.proposer /\ m.term = E.term
        /\ VoteReply(E.acceptor, m).flush = E.flush
        /\ VoteReply(E.acceptor, m).hist = E.history
        /\ Matched(VoteOn(E.acceptor, m))
        /\ tVotes' = [tVotes EXCEPT ![E.proposer] = @ \cup {VoteReply(E.acceptor, m)}]
    /\ UNCHANGED <<tGreeted, tSeen>> /\ Awake

\* The spec lets a proposer count any vote addressed to it in its term; the
\* implementation counts only the answers to its own incarnation's request.
ElectEvent ==
    /\ Is("Elect")
    /\ propTerm[E.proposer] = E.term
    /\ \E Q \in SUBSET {v \in tVotes[E.proposer] : v.term = E.term} :
        /\ {v.acceptor : v \in Q} = E.voters
        /\ \E d \in Q :
            /\ d.acceptor = E.donor
            /\ Matched(ElectWith(E.proposer, Q, d))
            /\ propHist'[E.proposer] = E.history
    /\ UNCHANGED <<tGreeted, tSeen, atCrash, tVotes>>

AcceptElectedEvent ==
    /\ Is("AcceptElected") /\ Alive
    /\ \E m \in elected :
        /\ m.term = E.term /\ m.hist = E.history
        /\ Matched(AcceptElectedOn(E.acceptor, m))
        /\ Len(accWal'[E.acceptor]) = E.truncate
        /\ accFlush'[E.acceptor] = E.flush
    /\ UNCHANGED <<tGreeted, tSeen, tVotes>> /\ Awake

ProposeEvent ==
    /\ Is("Propose")
    /\ propTerm[E.proposer] = E.term
    /\ Matched(Propose(E.proposer))
    /\ propLen'[E.proposer] = E.length
    /\ UNCHANGED <<tGreeted, tSeen, atCrash, tVotes>>

AppendEvent ==
    /\ Is("Append") /\ Alive
    /\ \E m \in elected :
        /\ m.term = E.term
        /\ Matched(AppendWalOn(E.acceptor, m))
        /\ Len(accWal'[E.acceptor]) = E.length
    /\ UNCHANGED <<tGreeted, tSeen, tVotes>> /\ Awake

AckFlushEvent ==
    /\ Is("AckFlush") /\ Alive
    /\ AcceptingTerm(E.acceptor) = E.term
    /\ Matched(AckFlushAny(E.acceptor))
    /\ accFlush'[E.acceptor] = E.flush
    /\ UNCHANGED <<tGreeted, tSeen, tVotes>> /\ Awake

\* The implementation traces every acknowledgement it processes; one that
\* leaves the commit LSN where it was changes nothing in the spec.
AdvanceCommitEvent ==
    /\ Is("AdvanceCommit")
    /\ propPhase[E.proposer] = "elected" /\ propTerm[E.proposer] = E.term
    /\ acked[E.acceptor][E.term] >= E.flush
    /\ \/ E.commit = propCommit[E.proposer] /\ Matched(UNCHANGED vars)
       \/ Matched(AdvanceCommitTo(E.proposer, E.commit))
    /\ UNCHANGED <<tGreeted, tSeen, atCrash, tVotes>>

LearnCommitEvent ==
    /\ Is("LearnCommit") /\ Alive
    /\ AcceptingTerm(E.acceptor) = E.term
    /\ Matched(LearnCommitLocal(E.acceptor, E.commit) /\ UNCHANGED <<propVars, msgVars>>)
    /\ UNCHANGED <<tGreeted, tSeen, tVotes>> /\ Awake

\* The acceptor died: the spec's crash waits for its restart event (see the
\* module's header); what it may still read is what had been sent.  A crash
\* of an acceptor already down keeps what the first crash left (the restart
\* in between found the timeline broken, or died before tracing it: no
\* step of the timeline ran), unless it never held anything: then it may
\* have come back untraced, created the timeline and been swallowed in its
\* first step (a vote persisted, not traced), whose request may postdate
\* the first crash.
AcceptorCrashEvent ==
    /\ Is("AcceptorCrash")
    /\ UNCHANGED vars
    /\ l' = l + 1
    /\ UNCHANGED <<held, tGreeted, tSeen, tVotes>>
    /\ atCrash' = IF Gone(E.acceptor) THEN atCrash
                  ELSE [atCrash EXCEPT ![E.acceptor] =
                          [voteReqs |-> voteReqs, elected |-> elected,
                           proposals |-> proposals, announced |-> announced]]

\* The spec's crash, keeping exactly the WAL the restart reports as flushed,
\* and the restart's values.
AcceptorRestartEvent ==
    /\ Is("AcceptorRestart")
    /\ Down(E.acceptor)
    /\ Matched(AcceptorCrashKeeping(E.acceptor, E.flush))
    /\ accTerm'[E.acceptor] = E.term
    /\ accCommit'[E.acceptor] = E.commit
    /\ accHist'[E.acceptor] = E.history
    /\ atCrash' = [atCrash EXCEPT ![E.acceptor] = Up]
    /\ UNCHANGED <<tGreeted, tSeen, tVotes>>

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
          /\ held' = [held EXCEPT ![E.proposer] = [a \in Acceptors |-> ShownTerm(a)]]
    /\ tGreeted' = [tGreeted EXCEPT ![E.proposer] = {}]
    /\ tSeen' = [tSeen EXCEPT ![E.proposer] = 0]
    /\ tVotes' = [tVotes EXCEPT ![E.proposer] = {}]
    /\ UNCHANGED atCrash

\* The local part of an acceptor step whose event and message its crash
\* swallowed, just before the spec's crash: at its restart event, reading
\* the messages as they were at the crash.  Entries past the flush LSN the
\* restart reports, and commit LSNs other than the one it reports, would be
\* lost or contradicted: they are not tried.
SilentStep ==
    /\ Is("AcceptorRestart")
    /\ Down(E.acceptor)
    /\ \E a \in {E.acceptor} :
        /\ \/ \E m \in atCrash[a].voteReqs : m.term <= E.term /\ VoteLocal(a, m)
           \/ \E m \in atCrash[a].elected : TruncateLocal(a, m) \/ AcceptElectedLocal(a, m)
           \/ \E m \in atCrash[a].elected : Len(accWal[a]) < E.flush /\ Crashed(a)!AppendWalLocal(a, m)
           \/ AcceptingTerm(a) > 0 /\ AckFlushLocal(a)
           \/ Crashed(a)!LearnCommitLocal(a, E.commit)
        /\ UNCHANGED <<propVars, msgVars, l, tGreeted, tSeen, atCrash, tVotes>>
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
