/**
 * Term histories: which proposer term wrote which range of a timeline's WAL, and the highest
 * common point of two histories, where an acceptor's divergent tail is cut. A history entry also
 * keeps the prev-link at its start, so that an acceptor truncated to a switch point can check the
 * next record's chain without reading its disk. These are the tricky pieces of DESIGN §5 and are
 * checked against a naive per-position oracle in the property tests.
 */
package untorn.safekeeper.history;
