package untorn.spec.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * TlcRun describes one TLC invocation: the directory holding the modules, the root module and its
 * configuration (file names in that directory), the worker count, the properties the
 * configuration checks (reported back in the result) and how long TLC may take.
 */
public record TlcRun(Path directory, String module, String config, int workers, List<String> properties,
    Duration timeout) {
  public static final int WORKERS_MAX = 64;

  public TlcRun {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(timeout, "timeout");
    properties = List.copyOf(properties);
    if (workers < 1 || workers > WORKERS_MAX) {
      throw new IllegalArgumentException("workers must be 1.." + WORKERS_MAX + ": " + workers);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }
}
