package untorn.safekeeper.history;

/**
 * HistoryMismatchException says two term histories cannot both be true: they name the same term
 * with different start points (only one proposer is elected per term, and it has one start), or
 * one history is not a well-formed extension of the other. Only a broken peer sends such a
 * history; the receiver rejects it and changes nothing.
 */
public final class HistoryMismatchException extends Exception {
  private static final long serialVersionUID = 1L;

  public HistoryMismatchException(String message) {
    super(message);
  }
}
