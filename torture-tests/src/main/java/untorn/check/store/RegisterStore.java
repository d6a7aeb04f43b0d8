package untorn.check.store;

/** RegisterStore is a single shared register; each client talks to it through its own session. */
public interface RegisterStore {
  /** A session of one client: its calls are sequential. */
  interface Client {
    Object read();

    void write(Object value);

    /** cas sets {@code value} if the register holds {@code expected} and says whether it did. */
    boolean cas(Object expected, Object value);
  }

  /** client returns the session of client {@code id} (the same object for the same id). */
  Client client(int id);

  String name();
}
