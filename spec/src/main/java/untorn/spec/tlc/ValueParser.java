package untorn.spec.tlc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ValueParser: recursive descent over TLC's printed values (see {@link TlaValue}). */
final class ValueParser {
  private final String s;
  int pos;

  ValueParser(String s) {
    this.s = s;
  }

  boolean atEnd() {
    return pos >= s.length();
  }

  void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private boolean eat(String token) {
    skipSpace();
    if (s.startsWith(token, pos)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token) {
    if (!eat(token)) {
      throw new IllegalArgumentException("expected '" + token + "' at " + pos + " in " + s);
    }
  }

  TlaValue value() {
    skipSpace();
    if (eat("<<")) {
      List<TlaValue> items = items(">>");
      return new TlaValue.Seq(items);
    } else if (eat("{")) {
      return new TlaValue.SetOf(items("}"));
    } else if (eat("[")) {
      return record();
    } else if (eat("(")) {
      return function();
    } else if (pos < s.length() && s.charAt(pos) == '"') {
      return string();
    }
    return atom();
  }

  private List<TlaValue> items(String close) {
    List<TlaValue> items = new ArrayList<>();
    if (eat(close)) {
      return items;
    }
    do {
      items.add(value());
    } while (eat(","));
    expect(close);
    return items;
  }

  private TlaValue record() {
    Map<String, TlaValue> fields = new LinkedHashMap<>();
    if (eat("]")) {
      return new TlaValue.Fields(fields, true);
    }
    do {
      String name = atom().text();
      expect("|->");
      fields.put(name, value());
    } while (eat(","));
    expect("]");
    return new TlaValue.Fields(fields, true);
  }

  private TlaValue function() {
    Map<String, TlaValue> fields = new LinkedHashMap<>();
    do {
      TlaValue key = value();
      expect(":>");
      fields.put(key.text(), value());
    } while (eat("@@"));
    expect(")");
    return new TlaValue.Fields(fields, false);
  }

  private TlaValue string() {
    int start = pos++;
    while (pos < s.length() && s.charAt(pos) != '"') {
      if (s.charAt(pos) == '\\') {
        pos++;
      }
      pos++;
    }
    if (pos >= s.length()) {
      throw new IllegalArgumentException("unterminated string in " + s);
    }
    pos++;
    return new TlaValue.Atom(s.substring(start, pos));
  }

  private TlaValue atom() {
    skipSpace();
    int start = pos;
    if (pos < s.length() && s.charAt(pos) == '-') {
      pos++;
    }
    while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw new IllegalArgumentException("no value at " + pos + " in " + s);
    }
    return new TlaValue.Atom(s.substring(start, pos));
  }
}
