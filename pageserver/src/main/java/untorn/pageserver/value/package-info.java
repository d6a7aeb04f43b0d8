/**
 * The pageserver's data model: a {@link untorn.pageserver.value.Version} is the state change of
 * one page at one LSN, either a {@link untorn.pageserver.value.Value.Delta} (one block of a WAL
 * record, replayed with redo) or a {@link untorn.pageserver.value.Value.Image} (a whole page).
 * A version's LSN is the end LSN of the record that produced it, which is also the page LSN redo
 * gives the page. Images and chain-starting deltas (full-page image or {@code will_init}) need no
 * older version: they start a reconstruction. {@link untorn.pageserver.value.KeyRange} and
 * {@link untorn.pageserver.value.LsnRange} are half-open ranges over the key and LSN spaces.
 */
package untorn.pageserver.value;
