/**
 * The safekeepers: the Paxos quorum that makes a timeline's WAL durable (DESIGN §5). The protocol
 * cores are pure state machines ({@code acceptor}, {@code proposer}) over value types and term
 * histories ({@code history}) and messages with a checked wire format ({@code proto}); an
 * acceptor's durable state lives in {@code storage}; {@code node} holds the drivers that run the
 * cores on a node's ports; {@code check} holds the global checkers the test harnesses share. This
 * package holds the module's {@link untorn.safekeeper.Limits} and the deliberately broken
 * variants ({@link untorn.safekeeper.Mutant}) that the tests and the torture suite must catch.
 */
package untorn.safekeeper;
