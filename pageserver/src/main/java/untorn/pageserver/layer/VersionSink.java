package untorn.pageserver.layer;

import untorn.core.types.Lsn;
import untorn.pageserver.value.Value;

/** VersionSink receives the versions of one page a layer visit finds, newest first. */
@FunctionalInterface
public interface VersionSink {
  void accept(Lsn lsn, Value value);
}
