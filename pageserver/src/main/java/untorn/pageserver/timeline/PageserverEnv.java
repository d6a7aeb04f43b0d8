package untorn.pageserver.timeline;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;
import untorn.core.io.Clock;
import untorn.core.io.FileSystem;

/**
 * PageserverEnv is what a pageserver runs on: storage, the executor of background work, the
 * metrics registry and a clock (used only to measure reconstruct time). The simulator passes its
 * faulty disk, a deterministic executor and virtual time; the server passes the real ones.
 */
public record PageserverEnv(FileSystem fs, BackgroundExecutor executor, MeterRegistry registry, Clock clock) {
  public PageserverEnv {
    Objects.requireNonNull(fs, "fs");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(clock, "clock");
  }
}
