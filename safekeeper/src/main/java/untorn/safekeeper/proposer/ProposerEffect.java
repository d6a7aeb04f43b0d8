package untorn.safekeeper.proposer;

import java.util.Objects;
import untorn.core.types.NodeId;
import untorn.safekeeper.proto.ProposerMessage;
import untorn.core.trace.TraceEvent;

/** ProposerEffect is one thing the driver must do for a proposer, in list order. */
public sealed interface ProposerEffect {
  record Send(NodeId to, ProposerMessage message) implements ProposerEffect {
    public Send {
      Objects.requireNonNull(to);
      Objects.requireNonNull(message);
    }
  }

  record Emit(TraceEvent event) implements ProposerEffect {}
}
