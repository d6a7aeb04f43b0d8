package untorn.pageserver.value;

import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.PageKey;

/** Version is the state change of page {@code key} at {@code lsn}. */
public record Version(PageKey key, Lsn lsn, Value value) {
  public Version {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(lsn, "lsn");
    Objects.requireNonNull(value, "value");
  }
}
