----------------------------- MODULE Safekeeper -----------------------------
(***************************************************************************)
(* The safekeeper protocol of a disaggregated PostgreSQL storage system    *)
(* (Neon style): walproposers (proposers) make WAL durable on a quorum of  *)
(* safekeepers (acceptors), one term at a time.                            *)
(*                                                                         *)
(* Model.                                                                  *)
(*  - A WAL is a sequence of entries; an LSN counts entries (LSN i is the  *)
(*    end of the i-th entry, LSN 0 the start of the WAL).  An entry is     *)
(*    <<t, p>>: created by proposer p elected in term t.  The proposer of  *)
(*    a term publishes each entry it creates exactly once, as a "propose"  *)
(*    message; every copy anywhere is a copy of such a message.            *)
(*  - A term history is a sequence of <<term, startLsn>>: the WAL after    *)
(*    startLsn (up to the next switch) was written by that term.           *)
(*  - Messages in flight are sets, one per kind: a sent message stays in   *)
(*    its set, so every message may be lost (never received), duplicated   *)
(*    (received again) or reordered.  Flush acknowledgements and commit    *)
(*    announcements are cumulative (an ack of LSN f acknowledges every     *)
(*    f' <= f), so only the newest one per sender and term is kept, and a  *)
(*    receiver may read any value up to it.                                *)
(*  - A proposer learns the terms of a majority (greets it) and picks its  *)
(*    term in one step, RequestVote: only answers to the current           *)
(*    incarnation's greeting count, so they are at least as new as the    *)
(*    incarnation; reading them at the decision is the same up to the      *)
(*    free choice of any higher term (and the state space is ~40x smaller  *)
(*    than with a step per greeting).  Trace validation replays the        *)
(*    implementation's per-acceptor Greet events against the terms each    *)
(*    acceptor held since the incarnation began (SafekeeperTrace.tla).     *)
(*  - Acceptors crash and restart: what was persisted survives (term,      *)
(*    history, commit LSN, WAL up to the flush LSN); WAL written but not   *)
(*    flushed survives only as some prefix, maybe empty.  A crashed        *)
(*    acceptor that has not restarted yet is indistinguishable from a slow *)
(*    one, so crash and restart are one step.  Proposers crash and lose    *)
(*    everything; the next incarnation starts by greeting.                 *)
(*                                                                         *)
(* MUTANT names one deliberately broken variant (a negative control that   *)
(* the ordinary invariants must refute), "none" for the protocol itself.   *)
(***************************************************************************)
EXTENDS Integers, Sequences, FiniteSets

CONSTANTS
    Acceptors,   \* safekeepers
    Proposers,   \* walproposers (computes)
    MaxTerm,     \* terms are 1..MaxTerm (0 means "never voted")
    MaxEntries,  \* at most this many entries are ever created (so no WAL is longer)
    MaxProposerCrashes, \* proposers crash at most this many times in all (a model bound)
    MUTANT       \* "none" or one of Mutants

Mutants == {"vote-without-persist", "no-truncate", "commit-on-minority",
            "donor-not-most-advanced", "accept-stale-term"}

ASSUME /\ Acceptors # {} /\ Proposers # {}
       /\ MaxTerm \in Nat \ {0} /\ MaxEntries \in Nat /\ MaxProposerCrashes \in Nat
       /\ MUTANT \in Mutants \cup {"none"}

VARIABLES
    \* acceptors
    accTerm,          \* promised term, in memory
    accDurableTerm,   \* promised term on disk (equals accTerm unless a mutant forgets to persist)
    accHist,          \* adopted term history (durable)
    accWal,           \* WAL written so far (durable up to accFlush)
    accFlush,         \* LSN up to which the WAL is durable
    accCommit,        \* commit LSN learned (durable)
    \* proposers
    propPhase,        \* "greet" (learning terms), "vote" (campaigning), "elected"
    propTerm,         \* term chosen (0 while greeting)
    propHist,         \* proposal history once elected: the donor's history plus <<term, donor's flush LSN>>
    propLen,          \* length of its WAL: the donor's WAL, then the entries it created
    propCommit,       \* commit LSN
    proposerCrashes,  \* how many times proposers crashed (bounded by MaxProposerCrashes)
    \* messages in flight
    voteReqs,         \* [proposer, term]: vote requests
    votes,            \* [acceptor, proposer, term, hist, flush]: granted votes with the voter's WAL end and history
    elected,          \* [proposer, term, hist]: elected messages with the proposal history
    proposals,        \* [term, lsn, entry]: each entry created, as its term's proposer streams it
    acked,            \* acked[a][t]: newest flush LSN acceptor a acknowledged in term t (-1: none)
    announced         \* announced[t]: newest commit LSN announced in term t (0: none); also the
                      \* history of commits the invariants read

accVars == <<accTerm, accDurableTerm, accHist, accWal, accFlush, accCommit>>
propVars == <<propPhase, propTerm, propHist, propLen, propCommit, proposerCrashes>>
msgVars == <<voteReqs, votes, elected, proposals, acked, announced>>
vars == <<accVars, propVars, msgVars>>

Terms == 1..MaxTerm
Quorum == Cardinality(Acceptors) \div 2 + 1
IsQuorum(S) == Cardinality(S) >= Quorum
Quorums == {Q \in SUBSET Acceptors : IsQuorum(Q)}

Max(S) == CHOOSE x \in S : \A y \in S : x >= y
Min(S) == CHOOSE x \in S : \A y \in S : x <= y
Max2(x, y) == IF x >= y THEN x ELSE y
Min2(x, y) == IF x <= y THEN x ELSE y

-----------------------------------------------------------------------------
(* Term histories *)

LastTerm(h) == IF h = << >> THEN 0 ELSE h[Len(h)][1]
LastStart(h) == IF h = << >> THEN 0 ELSE h[Len(h)][2]

\* The history of the first n entries: the switches that start at or below n
\* (starts never decrease, so they are a prefix).
HistUpTo(h, n) == SubSeq(h, 1, Cardinality({k \in 1..Len(h) : h[k][2] <= n}))

\* The term that wrote entry i (1-based) according to history h; 0 if none did.
TermAt(h, i) == LET ks == {k \in 1..Len(h) : h[k][2] < i}
                IN IF ks = {} THEN 0 ELSE h[Max(ks)][1]

\* The "last log term" voters are ranked by: the last term of the history of
\* the first n entries (a switch at exactly n counts, even with no entry yet).
LastLogTerm(h, n) == LastTerm(HistUpTo(h, n))

\* Where an acceptor whose WAL holds n entries under history ah must cut it to
\* follow proposal history ph: the last switch both share, ended at the
\* earliest of the next switch in either history and n; 0 if they share none.
CommonPoint(ph, ah, n) ==
    LET acc == HistUpTo(ah, n)
        shared == Cardinality({k \in 1..Min2(Len(acc), Len(ph)) :
                                   SubSeq(acc, 1, k) = SubSeq(ph, 1, k)})
        endAcc == IF shared < Len(acc) THEN acc[shared + 1][2] ELSE n
        endProp == IF shared < Len(ph) THEN ph[shared + 1][2] ELSE n
    IN IF shared = 0 THEN 0 ELSE Min({n, endAcc, endProp})

-----------------------------------------------------------------------------
(* Messages *)

\* The entries at LSN i of the WAL that history h describes: what the term
\* the history assigns to i created there (one, unless a term had two
\* proposers).
EntriesAt(h, i) == LET t == TermAt(h, i)
                   IN {m.entry : m \in {x \in proposals : x.lsn = i /\ x.term = t}}
NoEntry == <<0, "none">>
EntryAt(h, i) == IF EntriesAt(h, i) = {} THEN NoEntry ELSE CHOOSE e \in EntriesAt(h, i) : TRUE

\* The history the proposer elected in term t proposed.
ElectedHist(t) == (CHOOSE m \in elected : m.term = t).hist

-----------------------------------------------------------------------------
(* Initial state *)

Init ==
    /\ accTerm = [a \in Acceptors |-> 0]
    /\ accDurableTerm = [a \in Acceptors |-> 0]
    /\ accHist = [a \in Acceptors |-> << >>]
    /\ accWal = [a \in Acceptors |-> << >>]
    /\ accFlush = [a \in Acceptors |-> 0]
    /\ accCommit = [a \in Acceptors |-> 0]
    /\ propPhase = [p \in Proposers |-> "greet"]
    /\ propTerm = [p \in Proposers |-> 0]
    /\ propHist = [p \in Proposers |-> << >>]
    /\ propLen = [p \in Proposers |-> 0]
    /\ propCommit = [p \in Proposers |-> 0]
    /\ proposerCrashes = 0
    /\ voteReqs = {}
    /\ votes = {}
    /\ elected = {}
    /\ proposals = {}
    /\ acked = [a \in Acceptors |-> [t \in Terms |-> -1]]
    /\ announced = [t \in Terms |-> 0]

-----------------------------------------------------------------------------
(* Proposer actions *)

\* RequestVote: the proposer, having greeted a majority and learned that
\* none of them is in a term above `seen`, picks term t and asks every
\* acceptor for a vote.
\* Guard: it has not picked a term yet, and t is above every term it learned.
RequestVoteAbove(p, seen, t) ==
    /\ propPhase[p] = "greet"
    /\ t > seen
    /\ propPhase' = [propPhase EXCEPT ![p] = "vote"]
    /\ propTerm' = [propTerm EXCEPT ![p] = t]
    /\ voteReqs' = voteReqs \cup {[proposer |-> p, term |-> t]}
    /\ UNCHANGED <<accVars, propHist, propLen, propCommit, proposerCrashes, votes, elected, proposals, acked, announced>>

\* Greeting a majority now: t must be above the terms of some majority, that
\* is above the lowest of the majorities' highest terms.
LowestMajorityTerm == Min({Max({accTerm[a] : a \in Q}) : Q \in Quorums})
RequestVote(p) == \E t \in (LowestMajorityTerm + 1)..MaxTerm : RequestVoteAbove(p, LowestMajorityTerm, t)

\* Donor ranking: a voter is at least as advanced as another if its last log
\* term is higher, or equal with at least as long a WAL.
AtLeastAsAdvanced(v, w) ==
    \/ LastTerm(v.hist) > LastTerm(w.hist)
    \/ LastTerm(v.hist) = LastTerm(w.hist) /\ v.flush >= w.flush

IsDonor(d, Q) ==
    IF MUTANT = "donor-not-most-advanced"
    THEN \A v \in Q : AtLeastAsAdvanced(v, d)     \* MUTANT: the least advanced voter
    ELSE \A v \in Q : AtLeastAsAdvanced(d, v)

\* Elect: with the votes Q of its term, the proposer takes donor d's WAL and
\* history, appends <<its term, d's flush LSN>> and announces that history.
\* Guard: Q are votes for it in its term from a majority of distinct
\* acceptors, and d is the most advanced of them.
ElectWith(p, Q, d) ==
    LET t == propTerm[p]
        h == Append(d.hist, <<t, d.flush>>)
    IN
    /\ propPhase[p] = "vote"
    /\ Q \subseteq votes
    /\ \A v \in Q : v.proposer = p /\ v.term = t
    /\ Cardinality({v.acceptor : v \in Q}) = Quorum
    /\ Cardinality(Q) = Quorum
    /\ d \in Q /\ IsDonor(d, Q)
    /\ propPhase' = [propPhase EXCEPT ![p] = "elected"]
    /\ propHist' = [propHist EXCEPT ![p] = h]
    /\ propLen' = [propLen EXCEPT ![p] = d.flush]
    /\ propCommit' = [propCommit EXCEPT ![p] = 0]
    /\ elected' = elected \cup {[proposer |-> p, term |-> t, hist |-> h]}
    /\ UNCHANGED <<accVars, propTerm, proposerCrashes, voteReqs, votes, proposals, acked, announced>>

\* With exactly a majority of votes: the proposer decides when the quorum-th arrives.
Elect(p) ==
    \E Q \in SUBSET {v \in votes : v.proposer = p /\ v.term = propTerm[p]} :
        \E d \in Q : ElectWith(p, Q, d)

\* Propose: the elected proposer creates the next entry of its WAL.
\* Guard: it is elected and the model's entry bound is not reached.
Propose(p) ==
    /\ propPhase[p] = "elected"
    /\ Cardinality(proposals) < MaxEntries
    /\ propLen' = [propLen EXCEPT ![p] = @ + 1]
    /\ proposals' = proposals \cup {[term |-> propTerm[p], lsn |-> propLen[p] + 1, entry |-> <<propTerm[p], p>>]}
    /\ UNCHANGED <<accVars, propPhase, propTerm, propHist, propCommit, proposerCrashes, voteReqs, votes, elected, acked, announced>>

\* Commit LSN c is acknowledged by a quorum in term t: enough acceptors
\* acknowledged a flush LSN of at least c in t.
CommitQuorum == IF MUTANT = "commit-on-minority" THEN Max2(1, Quorum - 1)   \* MUTANT: a minority
                ELSE Quorum
\* The acceptors whose acknowledgement (in ack, acked or the View's) reaches c.
AckedByIn(ack, t, c) == {a \in Acceptors : ack[a][t] >= c}
AckedBy(t, c) == AckedByIn(acked, t, c)

\* AdvanceCommit: the elected proposer reads flush acknowledgements of its
\* term and raises its commit LSN to c: the quorum-th highest acknowledged
\* flush LSN (or less), counting only acceptors whose flush reached the term
\* start, so entries of earlier terms commit only together with the current
\* term (Raft's figure 8).  It announces c to the acceptors.
\* Guard: c is above its commit LSN, at least its term start, and a quorum
\* acknowledged at least c in its term.
AdvanceCommitTo(p, c) ==
    LET t == propTerm[p]
    IN
    /\ propPhase[p] = "elected"
    /\ c > propCommit[p]
    /\ c >= LastStart(propHist[p])
    /\ Cardinality(AckedBy(t, c)) >= CommitQuorum
    /\ propCommit' = [propCommit EXCEPT ![p] = c]
    /\ announced' = [announced EXCEPT ![t] = Max2(@, c)]
    /\ UNCHANGED <<accVars, propPhase, propTerm, propHist, propLen, proposerCrashes, voteReqs, votes, elected, proposals, acked>>

\* In the model the proposer goes straight to the highest commit LSN it may
\* take: a lower one is a weaker state (it allows everything the higher one
\* does), and trace validation replays the implementation's exact values.
HighestCommitIn(ack, p) ==
    LET ok == {c \in (propCommit[p] + 1)..MaxEntries :
                 c >= LastStart(propHist[p]) /\ Cardinality(AckedByIn(ack, propTerm[p], c)) >= CommitQuorum}
    IN IF ok = {} THEN 0 ELSE Max(ok)
HighestCommit(p) == HighestCommitIn(acked, p)
AdvanceCommit(p) == propPhase[p] = "elected" /\ HighestCommit(p) > 0 /\ AdvanceCommitTo(p, HighestCommit(p))

\* ProposerCrash: the proposer loses all its state; the next incarnation greets.
\* Guard: it has state to lose (and the model's crash bound is not reached).
\* Votes are addressed to a proposer, not to an incarnation: a next
\* incarnation that picks the same term again (possible while no majority
\* promised it) may count the votes its predecessor got in it, which a real
\* proposer would not see.  That only adds behaviours, so the invariants
\* checked cover the real protocol; trace validation tells incarnations
\* apart (SafekeeperTrace.tla's tVotes).
ProposerCrash(p) ==
    /\ propPhase[p] # "greet"
    /\ proposerCrashes < MaxProposerCrashes
    /\ proposerCrashes' = proposerCrashes + 1
    /\ propPhase' = [propPhase EXCEPT ![p] = "greet"]
    /\ propTerm' = [propTerm EXCEPT ![p] = 0]
    /\ propHist' = [propHist EXCEPT ![p] = << >>]
    /\ propLen' = [propLen EXCEPT ![p] = 0]
    /\ propCommit' = [propCommit EXCEPT ![p] = 0]
    /\ UNCHANGED <<accVars, msgVars>>

-----------------------------------------------------------------------------
(* Acceptor actions.  Each is written as its local, durable part (XLocal)  *)
(* and the message it sends, so that trace validation can replay the local *)
(* part of a step whose message was never sent (the node crashed first).   *)

\* The term in which acceptor a takes WAL, acknowledges and learns commits:
\* its promised term, once it adopted that term's history; otherwise none (0).
AcceptingTerm(a) ==
    IF MUTANT = "accept-stale-term"
    THEN LastTerm(accHist[a])               \* MUTANT: the adopted term, even below a newer promise
    ELSE IF LastTerm(accHist[a]) = accTerm[a] THEN accTerm[a] ELSE 0

\* Vote: acceptor a promises term m.term to its proposer, persisting the term
\* and flushing its WAL before it answers with its WAL end and history.
\* Guard: the requested term is above every term it promised.
VoteLocal(a, m) ==
    /\ m.term > accTerm[a]
    /\ accTerm' = [accTerm EXCEPT ![a] = m.term]
    /\ accDurableTerm' = IF MUTANT = "vote-without-persist"
                         THEN accDurableTerm          \* MUTANT: the promise is not persisted
                         ELSE [accDurableTerm EXCEPT ![a] = m.term]
    /\ accFlush' = [accFlush EXCEPT ![a] = Len(accWal[a])]
    /\ UNCHANGED <<accHist, accWal, accCommit>>

VoteReply(a, m) ==
    [acceptor |-> a, proposer |-> m.proposer, term |-> m.term,
     hist |-> HistUpTo(accHist[a], Len(accWal[a])), flush |-> Len(accWal[a])]

VoteOn(a, m) ==
    /\ VoteLocal(a, m)
    /\ votes' = votes \cup {VoteReply(a, m)}
    /\ UNCHANGED <<propVars, voteReqs, elected, proposals, acked, announced>>

\* Truncate: the first half of accepting an elected message: acceptor a cuts
\* its WAL at the common point with the proposal history (durably) but has
\* not yet persisted that history; a crash may fall right here.
\* Guard: it promised the proposer's term, and its WAL reaches past the point.
TruncateLocal(a, m) ==
    LET cp == CommonPoint(m.hist, accHist[a], Len(accWal[a]))
    IN
    /\ m.term = accTerm[a]
    /\ MUTANT # "no-truncate"                 \* MUTANT: the WAL is never cut
    /\ cp < Len(accWal[a])
    /\ accWal' = [accWal EXCEPT ![a] = SubSeq(@, 1, cp)]
    /\ accFlush' = [accFlush EXCEPT ![a] = Min2(@, cp)]
    /\ UNCHANGED <<accTerm, accDurableTerm, accHist, accCommit>>

TruncateOn(a, m) == TruncateLocal(a, m) /\ UNCHANGED <<propVars, msgVars>>

\* AcceptElected (truncate on divergence): acceptor a cuts its WAL at the
\* common point with the proposal history, then adopts and persists that
\* history (with its promised term); from now on it takes WAL of this term.
\* Guard: it promised exactly the proposer's term (it voted in it).
AcceptElectedLocal(a, m) ==
    LET cp == CommonPoint(m.hist, accHist[a], Len(accWal[a]))
        cut == IF MUTANT = "no-truncate" THEN Len(accWal[a]) ELSE cp   \* MUTANT: no cut
    IN
    /\ m.term = accTerm[a]
    /\ accWal' = [accWal EXCEPT ![a] = SubSeq(@, 1, cut)]
    /\ accFlush' = [accFlush EXCEPT ![a] = Min2(@, cut)]
    /\ accHist' = [accHist EXCEPT ![a] = m.hist]
    /\ accDurableTerm' = [accDurableTerm EXCEPT ![a] = accTerm[a]]
    /\ UNCHANGED <<accTerm, accCommit>>

AcceptElectedOn(a, m) == AcceptElectedLocal(a, m) /\ UNCHANGED <<propVars, msgVars>>

\* Append: acceptor a writes (not yet flushes) the next entry of the WAL of
\* the term it accepts, as that term's proposer (or a peer of the term) sent it.
\* Guard: the entry is the one at its WAL end in that term's proposal history.
AppendWalLocal(a, m) ==
    /\ AcceptingTerm(a) > 0
    /\ m.term = AcceptingTerm(a)
    /\ LET i == Len(accWal[a]) + 1
       IN \E e \in EntriesAt(m.hist, i) :
            /\ accWal' = [accWal EXCEPT ![a] = Append(@, e)]
    /\ UNCHANGED <<accTerm, accDurableTerm, accHist, accFlush, accCommit>>

AppendWalOn(a, m) == AppendWalLocal(a, m) /\ UNCHANGED <<propVars, msgVars>>

\* AckFlush: acceptor a flushes its WAL and acknowledges the flush LSN in the
\* term it accepts.
\* Guard: it accepts some term (it adopted the history of its promised term).
AckFlushLocal(a) ==
    /\ AcceptingTerm(a) > 0
    /\ accFlush' = [accFlush EXCEPT ![a] = Len(accWal[a])]
    /\ UNCHANGED <<accTerm, accDurableTerm, accHist, accWal, accCommit>>

\* AckFlushAny may repeat an acknowledgement, changing nothing: trace
\* validation replays every one the implementation sends.  In the model
\* (AckFlush) a repetition is a stuttering step, which [Next]_vars allows
\* anyway: leaving it out spares TLC fingerprinting it.
AckFlushAny(a) ==
    /\ AckFlushLocal(a)
    /\ acked' = [acked EXCEPT ![a][AcceptingTerm(a)] = Len(accWal[a])]
    /\ UNCHANGED <<propVars, voteReqs, votes, elected, proposals, announced>>

AckFlush(a) == AckFlushAny(a) /\ <<accFlush, acked>>' # <<accFlush, acked>>

\* LearnCommit: acceptor a raises its commit LSN to c (durably): c is at most
\* a commit LSN announced in the term it accepts or an earlier one (relayed by
\* a peer of its term), and at most its flush LSN.
\* Guard: such an announcement exists and c is above its commit LSN.
LearnCommitLocal(a, c) ==
    /\ AcceptingTerm(a) > 0
    /\ c > accCommit[a]
    /\ c <= accFlush[a]
    /\ \E t \in 1..AcceptingTerm(a) : c <= announced[t]
    /\ accCommit' = [accCommit EXCEPT ![a] = c]
    /\ UNCHANGED <<accTerm, accDurableTerm, accHist, accWal, accFlush>>

\* In the model the acceptor learns the highest commit LSN it may (a lower
\* one is a weaker state); trace validation replays the exact values.
LearnableCommit(a) ==
    Min2(accFlush[a], Max({announced[t] : t \in 1..AcceptingTerm(a)} \cup {0}))
LearnCommit(a) == /\ AcceptingTerm(a) > 0
                  /\ LearnableCommit(a) > accCommit[a]
                  /\ LearnCommitLocal(a, LearnableCommit(a))
                  /\ UNCHANGED <<propVars, msgVars>>

\* AcceptorCrash: acceptor a crashes and restarts with what its disk holds:
\* its WAL up to the flush LSN and some prefix of the rest (torn or lost
\* writes), its persisted promise, history and commit LSN.
\* Guard: none; any acceptor may crash at any time.
AcceptorCrashKeeping(a, k) ==
    /\ k \in accFlush[a]..Len(accWal[a])
    /\ accWal' = [accWal EXCEPT ![a] = SubSeq(@, 1, k)]
    /\ accFlush' = [accFlush EXCEPT ![a] = k]
    /\ accTerm' = [accTerm EXCEPT ![a] = accDurableTerm[a]]
    /\ UNCHANGED <<accDurableTerm, accHist, accCommit, propVars, msgVars>>

\* A crash may lose nothing (AcceptorCrashAny, for trace validation); in the
\* model that is a stuttering step and left out (AcceptorCrash).
AcceptorCrashAny(a) == \E k \in accFlush[a]..Len(accWal[a]) : AcceptorCrashKeeping(a, k)

AcceptorCrash(a) == AcceptorCrashAny(a) /\ accVars' # accVars

-----------------------------------------------------------------------------
(* The protocol.  Each action below takes its message from the set it is   *)
(* in, so TLC's counterexamples name the action.  No disjunct of Next is a *)
(* stuttering step: an elected message accepted again, like a repeated     *)
(* acknowledgement and a crash that loses nothing, is left out (it changes *)
(* no behaviour: [Next]_vars allows stuttering anyway).  Most steps TLC    *)
(* generated were such: leaving them out takes a third off the default     *)
(* model's time (README).                                                  *)

Vote(a) == \E m \in voteReqs : VoteOn(a, m)
Truncate(a) == \E m \in elected : TruncateOn(a, m)
AcceptElected(a) == \E m \in elected : AcceptElectedOn(a, m) /\ accVars' # accVars
AppendWal(a) == \E m \in elected : AppendWalOn(a, m)

Next ==
    \/ \E p \in Proposers :
        \/ RequestVote(p)
        \/ Elect(p)
        \/ Propose(p)
        \/ AdvanceCommit(p)
        \/ ProposerCrash(p)
    \/ \E a \in Acceptors :
        \/ Vote(a)
        \/ Truncate(a)
        \/ AcceptElected(a)
        \/ AppendWal(a)
        \/ AckFlush(a)
        \/ LearnCommit(a)
        \/ AcceptorCrash(a)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* Invariants *)

Entries == {<<t, p>> : t \in Terms, p \in Proposers}
IsHistory(h) == \A k \in DOMAIN h : h[k] \in Terms \X (0..MaxEntries)
IsWal(w) == \A k \in DOMAIN w : w[k] \in Entries

TypeOK ==
    /\ accTerm \in [Acceptors -> 0..MaxTerm]
    /\ accDurableTerm \in [Acceptors -> 0..MaxTerm]
    /\ \A a \in Acceptors : accDurableTerm[a] <= accTerm[a]
    /\ \A a \in Acceptors :
        /\ IsHistory(accHist[a]) /\ Len(accHist[a]) <= MaxTerm
        /\ IsWal(accWal[a]) /\ Len(accWal[a]) <= MaxEntries
        /\ accFlush[a] \in 0..Len(accWal[a])
    /\ accCommit \in [Acceptors -> 0..MaxEntries]
    /\ propPhase \in [Proposers -> {"greet", "vote", "elected"}]
    /\ propTerm \in [Proposers -> 0..MaxTerm]
    /\ \A p \in Proposers : IsHistory(propHist[p])
    /\ propLen \in [Proposers -> 0..MaxEntries]
    /\ propCommit \in [Proposers -> 0..MaxEntries]
    /\ proposerCrashes \in 0..MaxProposerCrashes
    /\ voteReqs \subseteq [proposer : Proposers, term : Terms]
    /\ \A v \in votes : v.acceptor \in Acceptors /\ v.proposer \in Proposers /\ v.term \in Terms
                        /\ IsHistory(v.hist) /\ v.flush \in 0..MaxEntries
    /\ \A m \in elected : m.proposer \in Proposers /\ m.term \in Terms /\ IsHistory(m.hist)
    /\ proposals \subseteq [term : Terms, lsn : 1..MaxEntries, entry : Entries]
    /\ acked \in [Acceptors -> [Terms -> -1..MaxEntries]]
    /\ announced \in [Terms -> 0..MaxEntries]

\* The committed entries: <<lsn, entry, term in which it was committed>>.
Committed ==
    UNION {{<<i, EntryAt(ElectedHist(t), i), t>> : i \in 1..announced[t]} :
               t \in {x \in Terms : announced[x] > 0}}

ElectedProposers == {p \in Proposers : propPhase[p] = "elected"}

\* At most one proposer is elected per term, across time: elected messages
\* are never removed, so two of one term with a different proposer or
\* history are two elections.  (A proposer's current election is one of them.)
ElectionSafety ==
    /\ \A m1, m2 \in elected : m1.term = m2.term => m1 = m2
    /\ \A p \in ElectedProposers : [proposer |-> p, term |-> propTerm[p], hist |-> propHist[p]] \in elected

\* Log safety, over committed WAL: (1) a committed LSN holds one entry,
\* across acceptors, proposers and time; (2) every acceptor's WAL up to its
\* own commit LSN is flushed and holds exactly the committed entries; (3) a
\* proposer's commit LSN lies within its WAL.  (Acceptors may hold different
\* entries at one LSN *below another node's* commit LSN: a lagging acceptor's
\* uncommitted tail, cut when it adopts the next history.  LogSafetyLiteral
\* states that stronger claim, which TLC refutes.)
LogSafety ==
    /\ \A x, y \in Committed : x[1] = y[1] => x[2] = y[2]
    /\ \A a \in Acceptors :
        /\ accCommit[a] <= accFlush[a]
        /\ \A x \in Committed : x[1] <= accCommit[a] => accWal[a][x[1]] = x[2]
    /\ \A a, b \in Acceptors : \A i \in 1..Min2(accCommit[a], accCommit[b]) : accWal[a][i] = accWal[b][i]
    /\ \A p \in ElectedProposers : propCommit[p] <= propLen[p]

LogSafetyLiteral ==
    LET maxCommit == Max({accCommit[a] : a \in Acceptors} \cup {propCommit[p] : p \in Proposers})
    IN \A a, b \in Acceptors : \A i \in 1..Min({maxCommit, Len(accWal[a]), Len(accWal[b])}) :
           accWal[a][i] = accWal[b][i]

\* Committed entries are never lost: whichever majority elects the next
\* proposer, the donor it must choose (its most advanced member, by last log
\* term and then WAL end; every tied one) holds every committed entry at its
\* LSN.  Acceptors are judged by their WAL as they would report it in a vote.
Rank(a) == <<LastLogTerm(accHist[a], Len(accWal[a])), Len(accWal[a])>>
RankGeq(r, s) == r[1] > s[1] \/ (r[1] = s[1] /\ r[2] >= s[2])
MostAdvanced(Q) == {d \in Q : \A v \in Q : RankGeq(Rank(d), Rank(v))}
CommittedNeverLost ==
    \A x \in Committed : \A Q \in Quorums : \A d \in MostAdvanced(Q) :
        x[1] <= Len(accWal[d]) /\ accWal[d][x[1]] = x[2]

\* The stronger, physical wording ("every majority still holds them"): a
\* majority of acceptors hold every committed entry in flushed WAL.  Not an
\* invariant of this protocol family (see the README); kept to show it.
CommittedHeldByMajority ==
    \A x \in Committed :
        IsQuorum({a \in Acceptors : x[1] <= accFlush[a] /\ accWal[a][x[1]] = x[2]})

\* Leader completeness: every election of term t (current or past, crashed
\* proposers included) started from a WAL holding every entry committed in
\* an earlier term: the committed LSN lies at or below t's start LSN and the
\* proposal history's entry there is the committed one.
LeaderCompleteness ==
    \A m \in elected : \A x \in Committed :
        x[3] < m.term => x[1] <= LastStart(m.hist) /\ EntryAt(m.hist, x[1]) = x[2]

\* Term histories are consistent: (1) each is well formed (terms increase,
\* starts never decrease, an acceptor's adopted term never above its
\* promise, a proposal ends with its proposer's term); (2) two histories
\* that name one term agree on everything up to and including that term's
\* switch; (3) an acceptor's WAL is the WAL its history describes: each
\* entry was created by the term the history assigns to its LSN.
WellFormed(h) ==
    \A k \in 1..Len(h) - 1 : h[k][1] < h[k + 1][1] /\ h[k][2] <= h[k + 1][2]
AllHists == {accHist[a] : a \in Acceptors} \cup {m.hist : m \in elected} \cup {v.hist : v \in votes}
TermHistoryConsistency ==
    /\ \A h \in AllHists : WellFormed(h)
    /\ \A a \in Acceptors : LastTerm(accHist[a]) <= accTerm[a]
    /\ \A m \in elected : LastTerm(m.hist) = m.term
    /\ \A h1, h2 \in AllHists : \A i \in 1..Len(h1) : \A j \in 1..Len(h2) :
           h1[i][1] = h2[j][1] => SubSeq(h1, 1, i) = SubSeq(h2, 1, j)
    /\ \A a \in Acceptors : \A i \in 1..Len(accWal[a]) :
           accWal[a][i] = EntryAt(accHist[a], i)

\* Commit LSNs never decrease: an acceptor's across crashes, a proposer's
\* while it leads the same term.
CommitLsnMonotonic ==
    [][/\ \A a \in Acceptors : accCommit'[a] >= accCommit[a]
       /\ \A p \in Proposers :
            (propPhase[p] = "elected" /\ propPhase'[p] = "elected" /\ propTerm'[p] = propTerm[p])
                => propCommit'[p] >= propCommit[p]]_vars

-----------------------------------------------------------------------------
(* State-space reduction for model checking: the VIEW.                     *)
(*                                                                         *)
(* TLC identifies two states with the same View (up to symmetry) and       *)
(* explores one of them.  That is sound when states with one View are      *)
(* bisimilar up to steps that keep the View (each step of one is matched  *)
(* by a step of the other to the same View, or changes only hidden parts) *)
(* and agree on every property checked: View keeps every variable but the *)
(* parts of three message sets that no action will ever read again and no *)
(* property reads (or whose properties follow from kept parts), and a     *)
(* hidden part stays hidden in every successor.  View is symmetric in     *)
(* Acceptors and Proposers, so it is consistent with the SYMMETRY.  Each   *)
(* part is argued below; the facts used are                                *)
(*  (F1) accDurableTerm never decreases and accTerm >= accDurableTerm, in  *)
(*       every variant (TypeOK checks the second);                         *)
(*  (F2) RequestVote picks a term above LowestMajorityTerm, and that is at *)
(*       least the same over durable terms: once a majority has durably    *)
(*       promised t or more (Settled(t)), no proposer ever picks t again;  *)
(*  (F3) the only writer of accHist is AcceptElected, which copies an      *)
(*       elected message's history; elected messages are never removed.   *)
(* Measured (README): 3 acceptors, 2 proposers, terms <= 3, 1 entry:       *)
(* 94,993 distinct states without it, 9,332 with it; with 2 entries (the   *)
(* default) 167,536 with it, and no end in sight after minutes without it. *)
(* Checked: on four small models without symmetry, the Views of all the    *)
(* states reachable without the VIEW are exactly the Views TLC reaches     *)
(* with it.                                                                *)
(*                                                                         *)
(* The argument reads particular guards: Vote's (a term strictly above the *)
(* promise), Elect's (the votes of its own campaign), AdvanceCommit's      *)
(* (acked >= c, c above the commit LSN and at least the term start) and    *)
(* the updates of accDurableTerm.  Whoever changes one of them, a new      *)
(* mutant included, must argue View again or check with --no-view: an      *)
(* off-by-one in AckedBy (acked >= c - 1) makes AckView hide values that   *)
(* are still read, and TLC then needs a 13-state counterexample instead of *)
(* 10.  (MutantsTest refutes every mutant with and without the VIEW.)      *)

Settled(t) == \A Q \in Quorums : \E a \in Q : accDurableTerm[a] >= t

\* A vote request is read only by Vote, which needs an acceptor promised
\* below its term; once every acceptor is durably promised at or above it,
\* none ever is again (F1).  TypeOK reads its shape, fixed when RequestVote
\* built it from Proposers and Terms.
LiveVoteReqs == {m \in voteReqs : \E a \in Acceptors : accDurableTerm[a] < m.term}

\* A vote is read only by Elect of its proposer while campaigning in its
\* term; a proposer that is not doing so now (a crashed proposer's next
\* incarnation included) can only start to by picking that term, impossible
\* once it is settled (F2, and Settled never ends by F1).  TypeOK reads its shape
\* (Vote builds it from checked values).  TermHistoryConsistency reads its
\* history, but a vote's history is a prefix of its voter's history, which
\* is empty or an elected message's history (F3), so the conjuncts about
\* it follow from the same conjuncts about the elected histories, which
\* View keeps: a prefix of a well-formed history is well formed, and if
\* h1 and h2 are prefixes of e1 and e2 then h1[i][1] = h2[j][1] implies
\* e1[i][1] = e2[j][1], so SubSeq(e1, 1, i) = SubSeq(e2, 1, j), and these
\* are SubSeq(h1, 1, i) and SubSeq(h2, 1, j).
LiveVotes == {v \in votes : \/ propPhase[v.proposer] = "vote" /\ propTerm[v.proposer] = v.term
                            \/ ~Settled(v.term)}

\* acked[a][t] is read only by AdvanceCommit of a proposer elected in t,
\* comparing it with a commit LSN c >= 1, c > its commit LSN and c >= its
\* term start; AckFlush overwrites it with a value computed from kept
\* variables (it reads the old value only in its no-stuttering conjunct,
\* so of two states differing in a hidden value one may have an AckFlush
\* step the other lacks, and that step keeps the View).  When t is
\* settled and nobody campaigns in it, the readers are the proposers
\* elected in t now (F2: a new election in t needs a campaign in t), whose
\* commit LSN never decreases while they lead and whose term start is
\* fixed; a crash only removes a reader: a value below every reader's
\* least possible c (AckFloor) can never again pass a comparison, just
\* like -1.  Otherwise AckFloor is 1, its least value (0 and -1 fail every
\* c >= 1 alike), so AckFloor never decreases along a step.
\* (ViewObligations, below View, states these facts for TLC.)
\* TypeOK reads its range, which holds by construction (-1 or a WAL length).
AckFloor(t) ==
    IF ~Settled(t) \/ \E p \in Proposers : propPhase[p] = "vote" /\ propTerm[p] = t
    THEN 1
    ELSE Min({Max2(propCommit[p] + 1, LastStart(propHist[p])) :
                  p \in {q \in Proposers : propPhase[q] = "elected" /\ propTerm[q] = t}}
             \cup {MaxEntries + 1})
AckView == [a \in Acceptors |-> [t \in Terms |-> IF acked[a][t] >= AckFloor(t) THEN acked[a][t] ELSE -1]]

View == <<accVars, propVars, LiveVoteReqs, LiveVotes, elected, proposals, AckView, announced>>

\* The state facts the argument above rests on, for TLC to check over whole
\* states (--no-view --also ViewObligations): every reader of a hidden
\* part sees the same with it hidden (AdvanceCommit's candidate commit
\* LSNs through AckedByIn and HighestCommitIn, the very operators the
\* actions use, Vote's guard, Elect's votes); a settled term can no longer
\* be picked (F2); a hidden vote's history is a prefix of an elected
\* history (F3).  With F1 (the updates of accDurableTerm) and
\* CommitLsnMonotonic they make every hidden part stay hidden.
ViewObligations ==
    /\ \A p \in ElectedProposers :
          /\ HighestCommitIn(AckView, p) = HighestCommit(p)
          /\ \A c \in 1..MaxEntries : c > propCommit[p] /\ c >= LastStart(propHist[p]) =>
                 AckedByIn(AckView, propTerm[p], c) = AckedBy(propTerm[p], c)
    /\ \A m \in voteReqs \ LiveVoteReqs : \A a \in Acceptors : ~(m.term > accTerm[a])
    /\ \A p \in Proposers : propPhase[p] = "vote" =>
          {v \in votes : v.proposer = p /\ v.term = propTerm[p]} \subseteq LiveVotes
    /\ \A t \in Terms : Settled(t) => LowestMajorityTerm >= t
    /\ \A v \in votes \ LiveVotes :
          \/ v.hist = << >>
          \/ \E m \in elected : Len(v.hist) <= Len(m.hist) /\ SubSeq(m.hist, 1, Len(v.hist)) = v.hist

-----------------------------------------------------------------------------
(* Liveness: with one proposer that never crashes, fair steps and acceptors *)
(* that eventually stop crashing, some entry is eventually committed.      *)

NoCrashStep == \A a \in Acceptors : ~AcceptorCrash(a)

LiveNext == Next /\ \A p \in Proposers : ~ProposerCrash(p)

Fairness ==
    /\ \A p \in Proposers :
        /\ WF_vars(RequestVote(p))
        /\ WF_vars(Elect(p))
        /\ WF_vars(Propose(p))
        /\ WF_vars(AdvanceCommit(p))
    /\ \A a \in Acceptors :
        /\ WF_vars(Vote(a))
        /\ WF_vars(Truncate(a) \/ AcceptElected(a) \/ AppendWal(a))
        /\ WF_vars(AckFlush(a))
        /\ WF_vars(LearnCommit(a))

LiveSpec == Init /\ [][LiveNext]_vars /\ Fairness

EventuallyCommitted == (<>[][NoCrashStep]_vars) => <>(\E t \in Terms : announced[t] > 0)
=============================================================================
