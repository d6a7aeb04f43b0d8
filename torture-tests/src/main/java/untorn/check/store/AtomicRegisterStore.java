package untorn.check.store;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * AtomicRegisterStore is a linearizable register: one {@link AtomicReference}, with a
 * compare-and-set that compares values by equality (two equal boxed longs are the same value).
 */
public final class AtomicRegisterStore implements RegisterStore {
  private final AtomicReference<Object> value;
  private final Map<Integer, Client> clients = new ConcurrentHashMap<>();

  public AtomicRegisterStore(Object initial) {
    this.value = new AtomicReference<>(initial);
  }

  @Override
  public Client client(int id) {
    return clients.computeIfAbsent(id, i -> new Session());
  }

  @Override
  public String name() {
    return "atomic register";
  }

  Object read() {
    return value.get();
  }

  void write(Object v) {
    value.set(v);
  }

  boolean cas(Object expected, Object v) {
    while (true) {
      Object current = value.get();
      if (!Objects.equals(current, expected)) {
        return false;
      }
      if (value.compareAndSet(current, v)) {
        return true;
      }
    }
  }

  private final class Session implements Client {
    @Override
    public Object read() {
      return AtomicRegisterStore.this.read();
    }

    @Override
    public void write(Object v) {
      AtomicRegisterStore.this.write(v);
    }

    @Override
    public boolean cas(Object expected, Object v) {
      return AtomicRegisterStore.this.cas(expected, v);
    }
  }
}
