package untorn.sim;

/**
 * TraceSink receives every delivered event of a run as a line of text with its virtual time, in
 * order. Setting one costs a formatted line per event; leave it unset for speed (the trace hash
 * is always kept).
 */
@FunctionalInterface
public interface TraceSink {
  void event(long atNanos, String line);
}
