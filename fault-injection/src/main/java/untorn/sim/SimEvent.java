package untorn.sim;

/**
 * SimEvent is an entry of the event queue: something that happens at a virtual time. {@link
 * #fire} runs it and says whether it was delivered (a cancelled timer, a message deferred until a
 * paused node wakes, or a fault after the heal is not, and is neither traced nor checked).
 */
abstract class SimEvent {
  long atNanos;
  /** When the event was first due; a deferred event keeps it (and its seq) to keep its place. */
  long dueNanos;
  long seq;

  abstract boolean fire();
}
