package untorn.check.edn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * EdnWriter prints values of the shapes {@link EdnReader} returns as EDN text that both it and
 * {@code clojure.edn} read back to an equal value. Lists print as vectors: Clojure's {@code =}
 * does not tell them apart and Jepsen writes vectors.
 */
public final class EdnWriter {
  private EdnWriter() {}

  public static String toEdn(Object value) {
    StringBuilder sb = new StringBuilder();
    append(sb, value);
    return sb.toString();
  }

  public static void append(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("nil");
    } else if (v instanceof Keyword || v instanceof Symbol || v instanceof Boolean
        || v instanceof Long || v instanceof Integer) {
      sb.append(v);
    } else if (v instanceof String) {
      appendString(sb, (String) v);
    } else if (v instanceof Double) {
      appendDouble(sb, (Double) v);
    } else if (v instanceof BigInteger) {
      sb.append(v).append('N');
    } else if (v instanceof BigDecimal) {
      sb.append(((BigDecimal) v).toString()).append('M');
    } else if (v instanceof Character) {
      appendChar(sb, (Character) v);
    } else if (v instanceof Map) {
      appendMap(sb, (Map<?, ?>) v);
    } else if (v instanceof Set) {
      sb.append("#{");
      appendItems(sb, (Set<?>) v);
      sb.append('}');
    } else if (v instanceof List) {
      sb.append('[');
      appendItems(sb, (List<?>) v);
      sb.append(']');
    } else if (v instanceof Tagged) {
      sb.append('#').append(((Tagged) v).tag()).append(' ');
      append(sb, ((Tagged) v).value());
    } else {
      throw new IllegalArgumentException("not an EDN value: " + v.getClass().getName());
    }
  }

  private static void appendItems(StringBuilder sb, Collection<?> items) {
    boolean first = true;
    for (Object o : items) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      append(sb, o);
    }
  }

  private static void appendMap(StringBuilder sb, Map<?, ?> m) {
    sb.append('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!first) {
        sb.append(", ");
      }
      first = false;
      append(sb, e.getKey());
      sb.append(' ');
      append(sb, e.getValue());
    }
    sb.append('}');
  }

  private static void appendDouble(StringBuilder sb, double d) {
    if (Double.isNaN(d)) {
      sb.append("##NaN");
    } else if (Double.isInfinite(d)) {
      sb.append(d > 0 ? "##Inf" : "##-Inf");
    } else {
      sb.append(d);
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\t': sb.append("\\t"); break;
        case '\r': sb.append("\\r"); break;
        case '\b': sb.append("\\b"); break;
        case '\f': sb.append("\\f"); break;
        default:
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }

  private static void appendChar(StringBuilder sb, char c) {
    switch (c) {
      case '\n': sb.append("\\newline"); return;
      case ' ': sb.append("\\space"); return;
      case '\t': sb.append("\\tab"); return;
      case '\r': sb.append("\\return"); return;
      case '\b': sb.append("\\backspace"); return;
      case '\f': sb.append("\\formfeed"); return;
      default:
        if (c < 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isSurrogate(c)) {
          sb.append(String.format("\\u%04x", (int) c));
        } else {
          sb.append('\\').append(c);
        }
    }
  }
}
