package untorn.check.store;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * StaleReadRegisterStore is a broken register, a negative control: writes and compare-and-sets go
 * to the real register, but each session answers reads from its own cache (its last write or
 * successful compare-and-set, or what it last fetched) and fetches the real value only on every
 * {@code refreshEvery}-th read, like a client reading from a lagging replica. Reads are stale.
 */
public final class StaleReadRegisterStore implements RegisterStore {
  private final AtomicRegisterStore real;
  private final Object initial;
  private final int refreshEvery;
  private final Map<Integer, Client> clients = new ConcurrentHashMap<>();

  public StaleReadRegisterStore(Object initial, int refreshEvery) {
    this.real = new AtomicRegisterStore(initial);
    this.initial = initial;
    this.refreshEvery = refreshEvery;
  }

  @Override
  public Client client(int id) {
    return clients.computeIfAbsent(id, i -> new CachingSession());
  }

  @Override
  public String name() {
    return "stale-read register (broken)";
  }

  private final class CachingSession implements Client {
    private Object cached = initial;
    private long reads;

    @Override
    public Object read() {
      if (++reads % refreshEvery == 0) {
        cached = real.read();
      }
      return cached;
    }

    @Override
    public void write(Object v) {
      real.write(v);
      cached = v;
    }

    @Override
    public boolean cas(Object expected, Object v) {
      boolean done = real.cas(expected, v);
      if (done) {
        cached = v;
      }
      return done;
    }
  }
}
