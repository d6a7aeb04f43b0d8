package untorn.core.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import untorn.core.types.Lsn;
import untorn.core.types.NodeId;
import untorn.core.types.TenantId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.core.types.TimelineId;

/**
 * TraceCodec writes and reads a recorded trace as JSON lines.
 *
 * <p>Format (version 1), UTF-8, one JSON object per line:
 * <pre>
 * {"format":"untorn-trace","version":1}                       first line, the header
 * {"event":"Vote","timeline":"000000000000000a/000000000000000b","acceptor":"sk1",
 *  "proposer":"c1","term":3,"flushLsn":"0/1A8","history":[[1,"0/28"],[3,"0/1A8"]]}
 * </pre>
 * An event line holds {@code "event"} (the record's simple name, i.e. the spec action) and one
 * field per record component, under the component's name: LSNs as PostgreSQL's {@code HI/LO}
 * hex text, terms as JSON numbers, node ids as strings, timelines as {@code tenant/timeline} in
 * hex, a term history as an array of {@code [term, startLsn]} pairs, a node list as an array of
 * strings. Unknown events, missing or extra fields, wrong types and values the event's
 * constructor refuses are {@link TraceFormatException}s naming the line.
 */
public final class TraceCodec {
  public static final String FORMAT = "untorn-trace";
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, Class<? extends TraceEvent>> EVENTS = eventClasses();

  private TraceCodec() {}

  /** Writes the header and one line per event. */
  public static void write(List<? extends TraceEvent> events, Writer out) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.put("format", FORMAT);
    header.put("version", VERSION);
    out.write(JSON.writeValueAsString(header));
    out.write('\n');
    for (TraceEvent e : events) {
      out.write(encode(e));
      out.write('\n');
    }
    out.flush();
  }

  /** Reads a whole trace: the header line, then events until the end; blank lines are refused. */
  public static List<TraceEvent> read(BufferedReader in) throws IOException, TraceFormatException {
    String first = in.readLine();
    if (first == null) {
      throw new TraceFormatException(1, "empty trace: expected the header {\"format\":\"" + FORMAT + "\",...}");
    }
    checkHeader(parse(1, first));
    List<TraceEvent> events = new ArrayList<>();
    long lineNumber = 1;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      events.add(decode(lineNumber, line));
    }
    return events;
  }

  /** One event as one line of JSON, without the newline. */
  public static String encode(TraceEvent event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("event", event.getClass().getSimpleName());
    for (RecordComponent c : event.getClass().getRecordComponents()) {
      node.set(c.getName(), toJson(value(c, event)));
    }
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot happen: a tree of strings and numbers failed to print", e);
    }
  }

  /** Parses one event line; {@code lineNumber} only labels errors. */
  public static TraceEvent decode(long lineNumber, String line) throws TraceFormatException {
    JsonNode node = parse(lineNumber, line);
    String name = node.path("event").asText("");
    Class<? extends TraceEvent> type = EVENTS.get(name);
    if (type == null) {
      throw new TraceFormatException(lineNumber, "unknown event '" + name + "' (known: " + EVENTS.keySet() + ")");
    }
    RecordComponent[] components = type.getRecordComponents();
    if (node.size() != components.length + 1) {
      throw new TraceFormatException(lineNumber, name + " has fields " + fieldNames(node) + ", expected event and "
          + List.of(components).stream().map(RecordComponent::getName).toList());
    }
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      JsonNode field = node.get(c.getName());
      if (field == null) {
        throw new TraceFormatException(lineNumber, name + " lacks field '" + c.getName() + "'");
      }
      args[i] = fromJson(lineNumber, c.getName(), c.getGenericType(), field);
      types[i] = c.getType();
    }
    return construct(lineNumber, type, types, args);
  }

  private static TraceEvent construct(long lineNumber, Class<? extends TraceEvent> type, Class<?>[] types, Object[] args)
      throws TraceFormatException {
    try {
      Constructor<? extends TraceEvent> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException || cause instanceof NullPointerException) {
        throw new TraceFormatException(lineNumber, type.getSimpleName() + ": " + cause.getMessage(), cause);
      }
      throw new IllegalStateException("constructor of " + type.getSimpleName() + " failed", cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName(), e);
    }
  }

  private static JsonNode parse(long lineNumber, String line) throws TraceFormatException {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        throw new TraceFormatException(lineNumber, "not a JSON object: " + abbreviate(line));
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new TraceFormatException(lineNumber, "not JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static void checkHeader(JsonNode header) throws TraceFormatException {
    if (!FORMAT.equals(header.path("format").asText()) || !header.path("version").isInt()) {
      throw new TraceFormatException(1, "not an untorn trace header: " + header);
    }
    int version = header.get("version").asInt();
    if (version != VERSION) {
      throw new TraceFormatException(1, "trace format version " + version + " is not supported (this build reads " + VERSION + ")");
    }
  }

  private static Object value(RecordComponent c, Object r) {
    try {
      return c.getAccessor().invoke(r);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + c.getName(), e);
    }
  }

  private static JsonNode toJson(Object v) {
    if (v instanceof Lsn lsn) {
      return JSON.getNodeFactory().textNode(lsn.toString());
    } else if (v instanceof Term term) {
      return JSON.getNodeFactory().numberNode(term.value());
    } else if (v instanceof NodeId id) {
      return JSON.getNodeFactory().textNode(id.name());
    } else if (v instanceof TenantTimeline tt) {
      return JSON.getNodeFactory().textNode(tt.toString());
    } else if (v instanceof TermSwitch ts) {
      ArrayNode pair = JSON.createArrayNode();
      pair.add(ts.term().value());
      pair.add(ts.startLsn().toString());
      return pair;
    } else if (v instanceof List<?> list) {
      ArrayNode array = JSON.createArrayNode();
      list.forEach(x -> array.add(toJson(x)));
      return array;
    }
    throw new AssertionError("no JSON form for " + v.getClass());
  }

  private static Object fromJson(long lineNumber, String field, Type type, JsonNode v) throws TraceFormatException {
    try {
      if (type == Lsn.class && v.isTextual()) {
        return Lsn.parse(v.asText());
      } else if (type == Term.class && v.canConvertToExactIntegral() && v.canConvertToLong()) {
        return Term.of(v.asLong());
      } else if (type == NodeId.class && v.isTextual()) {
        return NodeId.of(v.asText());
      } else if (type == TenantTimeline.class && v.isTextual()) {
        return parseTimeline(v.asText());
      } else if (type == TermSwitch.class && v.isArray() && v.size() == 2 && v.get(1).isTextual()) {
        return new TermSwitch((Term) fromJson(lineNumber, field, Term.class, v.get(0)), Lsn.parse(v.get(1).asText()));
      } else if (type instanceof ParameterizedType p && p.getRawType() == List.class && v.isArray()) {
        List<Object> out = new ArrayList<>();
        for (JsonNode x : v) {
          out.add(fromJson(lineNumber, field, p.getActualTypeArguments()[0], x));
        }
        return out;
      }
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(lineNumber, "field '" + field + "': " + e.getMessage(), e);
    }
    throw new TraceFormatException(lineNumber, "field '" + field + "' has the wrong type for " + type.getTypeName() + ": " + v);
  }

  private static TenantTimeline parseTimeline(String text) {
    int slash = text.indexOf('/');
    if (slash <= 0 || slash == text.length() - 1) {
      throw new IllegalArgumentException("not a tenant/timeline pair: '" + text + "'");
    }
    return new TenantTimeline(TenantId.parse(text.substring(0, slash)), TimelineId.parse(text.substring(slash + 1)));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 77) + "...";
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Class<? extends TraceEvent>> eventClasses() {
    Map<String, Class<? extends TraceEvent>> byName = new LinkedHashMap<>();
    List<Class<?>> pending = new ArrayList<>(List.of(TraceEvent.class.getPermittedSubclasses()));
    while (!pending.isEmpty()) {
      Class<?> c = pending.remove(0);
      if (c.isRecord()) {
        byName.put(c.getSimpleName(), (Class<? extends TraceEvent>) c);
      } else {
        pending.addAll(List.of(c.getPermittedSubclasses()));
      }
    }
    return java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byName));
  }
}
