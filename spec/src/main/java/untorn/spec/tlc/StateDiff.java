package untorn.spec.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** StateDiff turns consecutive counterexample states into {@link TraceStep}s. */
final class StateDiff {
  private StateDiff() {}

  /** What changed from {@code before} (null for the initial state) to {@code after}. */
  static List<String> changes(Map<String, TlaValue> before, Map<String, TlaValue> after) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, TlaValue> e : after.entrySet()) {
      TlaValue old = before == null ? null : before.get(e.getKey());
      if (old == null) {
        out.add(e.getKey() + " = " + e.getValue().text());
      } else {
        diff(e.getKey(), old, e.getValue(), out);
      }
    }
    return out;
  }

  private static void diff(String path, TlaValue old, TlaValue now, List<String> out) {
    if (old.equals(now)) {
      return;
    }
    if (old instanceof TlaValue.Fields a && now instanceof TlaValue.Fields b && a.fields().keySet().equals(b.fields().keySet())) {
      for (String k : b.fields().keySet()) {
        diff(path + (b.record() ? "." + k : "[" + k + "]"), a.fields().get(k), b.fields().get(k), out);
      }
    } else if (old instanceof TlaValue.SetOf a && now instanceof TlaValue.SetOf b) {
      List<TlaValue> added = new ArrayList<>(b.items());
      added.removeAll(a.items());
      List<TlaValue> removed = new ArrayList<>(a.items());
      removed.removeAll(b.items());
      if (!added.isEmpty()) {
        out.add(path + " += " + new TlaValue.SetOf(added).text());
      }
      if (!removed.isEmpty()) {
        out.add(path + " -= " + new TlaValue.SetOf(removed).text());
      }
    } else {
      out.add(path + ": " + old.text() + " -> " + now.text());
    }
  }

  /**
   * Parses the body of a state message: a header line {@code N: <Action ...>} and then one
   * {@code /\ var = value} conjunct per variable (values may span lines).
   */
  static Map<String, TlaValue> variables(List<String> lines) {
    Map<String, TlaValue> vars = new LinkedHashMap<>();
    StringBuilder current = null;
    List<String> conjuncts = new ArrayList<>();
    for (String line : lines) {
      if (line.startsWith("/\\ ")) {
        if (current != null) {
          conjuncts.add(current.toString());
        }
        current = new StringBuilder(line.substring(3));
      } else if (current != null) {
        current.append(' ').append(line.strip());
      } else if (!line.isBlank()) {
        // A one-variable spec prints "var = value" without the conjunction.
        current = new StringBuilder(line);
      }
    }
    if (current != null) {
      conjuncts.add(current.toString());
    }
    for (String c : conjuncts) {
      int eq = c.indexOf(" = ");
      if (eq <= 0) {
        throw new IllegalArgumentException("not a variable assignment: " + c);
      }
      vars.put(c.substring(0, eq).strip(), TlaValue.parse(c.substring(eq + 3)));
    }
    return vars;
  }
}
