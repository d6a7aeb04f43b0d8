package untorn.spec.tlc;

/**
 * MessageCodes names the TLC message codes (tlc2.output.EC in TLC 2.18) this module reads. Codes
 * are stable across TLC releases; texts are not, so the parser keys on codes and reads numbers
 * only from the messages whose shape it knows.
 */
final class MessageCodes {
  private MessageCodes() {}

  static final int GENERAL = 1000;
  static final int INVARIANT_VIOLATED_INITIAL = 2107;
  static final int INVARIANT_VIOLATED_BEHAVIOR = 2110;
  static final int ACTION_PROPERTY_VIOLATED = 2112;
  static final int DEADLOCK_REACHED = 2114;
  static final int TEMPORAL_PROPERTY_VIOLATED = 2116;
  static final int BEHAVIOR_UP_TO_THIS_POINT = 2121;
  static final int BACK_TO_STATE = 2122;
  static final int TLC_BUG = 2128;
  static final int FINISHED = 2186;
  static final int SUCCESS = 2193;
  static final int SEARCH_DEPTH = 2194;
  static final int STATS = 2199;
  static final int STATE_PRINT1 = 2216;
  static final int STATE_PRINT2 = 2217;
  static final int STATE_PRINT3 = 2218;
  static final int COUNTER_EXAMPLE = 2264;
  static final int PARSING_FAILED = 3002;
}
