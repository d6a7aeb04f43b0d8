package untorn.spec.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TlaValue is a value as TLC prints it in a counterexample: numbers, strings, booleans and model
 * values ({@link Atom}), sequences {@code <<...>>}, sets {@code {...}}, records
 * {@code [f |-> v, ...]} and functions {@code (k :> v @@ ...)}. Only used to show what a step
 * changed; {@link #parse} refuses anything else rather than guess.
 */
public sealed interface TlaValue {
  /** Prints the value back in TLA+ syntax, on one line. */
  String text();

  record Atom(String text) implements TlaValue {
    public Atom {
      Objects.requireNonNull(text);
    }
  }

  record Seq(List<TlaValue> items) implements TlaValue {
    public Seq {
      items = List.copyOf(items);
    }

    @Override
    public String text() {
      return items.isEmpty() ? "<<>>" : "<<" + join(items) + ">>";
    }
  }

  record SetOf(List<TlaValue> items) implements TlaValue {
    public SetOf {
      items = List.copyOf(items);
    }

    @Override
    public String text() {
      return "{" + join(items) + "}";
    }
  }

  /** A record, or a function printed with {@code :>} and {@code @@}: keys in printed order. */
  record Fields(Map<String, TlaValue> fields, boolean record) implements TlaValue {
    public Fields {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String text() {
      List<String> parts = new ArrayList<>();
      fields.forEach((k, v) -> parts.add(k + (record ? " |-> " : " :> ") + v.text()));
      return record ? "[" + String.join(", ", parts) + "]" : "(" + String.join(" @@ ", parts) + ")";
    }
  }

  private static String join(List<TlaValue> items) {
    List<String> parts = new ArrayList<>();
    for (TlaValue v : items) {
      parts.add(v.text());
    }
    return String.join(", ", parts);
  }

  /** Parses one printed value; throws IllegalArgumentException on anything it does not know. */
  static TlaValue parse(String text) {
    ValueParser p = new ValueParser(text);
    TlaValue v = p.value();
    p.skipSpace();
    if (!p.atEnd()) {
      throw new IllegalArgumentException("trailing text after a TLA+ value at " + p.pos + ": " + text);
    }
    return v;
  }
}
