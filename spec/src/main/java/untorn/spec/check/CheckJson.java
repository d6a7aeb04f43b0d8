package untorn.spec.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import untorn.spec.tlc.TlcResult;
import untorn.spec.tlc.TraceStep;

/**
 * CheckJson writes a check as the issue specifies: {@code {"distinctStates": n,
 * "statesGenerated": n, "depth": n, "elapsedSeconds": x, "invariants": [names], "violation": null
 * | {"invariant": name, "trace": [steps]}}}, each step {@code {"index": n, "action": name,
 * "changes": [lines]}}.
 */
public final class CheckJson {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckJson() {}

  public static ObjectNode of(TlcResult r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("distinctStates", r.distinctStates());
    root.put("statesGenerated", r.statesGenerated());
    root.put("depth", r.depth());
    root.put("elapsedSeconds", Math.round(r.elapsedSeconds() * 1000) / 1000.0);
    ArrayNode names = root.putArray("invariants");
    r.properties().forEach(names::add);
    if (r.violation().isEmpty()) {
      root.putNull("violation");
    } else {
      ObjectNode v = root.putObject("violation");
      v.put("invariant", r.violation().get().property());
      ArrayNode trace = v.putArray("trace");
      for (TraceStep s : r.violation().get().trace()) {
        ObjectNode step = trace.addObject();
        step.put("index", s.index());
        step.put("action", s.action());
        ArrayNode changes = step.putArray("changes");
        s.changes().forEach(changes::add);
      }
    }
    return root;
  }

  public static void write(TlcResult r, Path file) throws IOException {
    JSON.writeValue(file.toFile(), of(r));
  }
}
