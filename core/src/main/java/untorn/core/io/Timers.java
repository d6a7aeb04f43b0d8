package untorn.core.io;

/**
 * Timers schedules a callback to the owning node's {@link Node#onTimer} after a delay of the
 * node's clock. Timers die with the node incarnation that set them: after a crash and restart no
 * old timer fires.
 */
public interface Timers {
  /** Schedules {@code tag} to be delivered after {@code delayMillis}; returns an id for cancel. */
  long schedule(long delayMillis, Object tag);

  /** Cancels a pending timer; cancelling a fired or unknown id does nothing. */
  void cancel(long timerId);
}
