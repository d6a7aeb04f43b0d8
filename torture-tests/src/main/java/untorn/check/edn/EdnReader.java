package untorn.check.edn;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import untorn.check.Limits;

/**
 * EdnReader parses EDN text form by form, tracking lines and columns so that every error says
 * where it is. It accepts what {@code clojure.edn/read} accepts for data (nil, booleans, strings,
 * characters, integers with {@code N}, hex and octal, floats with {@code M} and {@code ##Inf},
 * keywords, symbols, lists, vectors, maps, sets, tagged elements, {@code ;} comments and
 * {@code #_} discards) and rejects the rest (metadata, ratios, {@code ::auto} keywords, duplicate
 * map keys or set elements, unbalanced delimiters) with an {@link EdnException}.
 *
 * <p>Besides {@link #read()}, it lets a caller walk one top-level collection element by element
 * ({@link #skipToForm()}, {@link #peek()}, {@link #consume(char)}), which is how a history file
 * that is one big vector still gets a line number per operation.
 */
public final class EdnReader {
  private static final Map<String, Character> NAMED_CHARS = Map.of(
      "newline", '\n', "space", ' ', "tab", '\t', "return", '\r', "backspace", '\b', "formfeed", '\f');

  private final String src;
  private int pos;
  private int line = 1;
  private int lineStartPos;
  private int depth;
  private int formLine;

  public EdnReader(String text) {
    this.src = text;
  }

  /** readOne parses text that must hold exactly one form (comments and blanks around it are fine). */
  public static Object readOne(String text) throws EdnException {
    EdnReader r = new EdnReader(text);
    Object v = r.read();
    if (r.skipToForm()) {
      throw r.error("more than one form in input");
    }
    return v;
  }

  /** The 1-based line where the last form returned by {@link #read()} started. */
  public int formLine() {
    return formLine;
  }

  public int line() {
    return line;
  }

  /**
   * skipToForm skips blanks, commas, comments and discarded forms; it returns false at the end of
   * input and true when the next character starts a form or closes a collection.
   */
  public boolean skipToForm() throws EdnException {
    while (true) {
      skipBlanksAndComments();
      if (pos >= src.length()) {
        return false;
      }
      if (src.charAt(pos) == '#' && pos + 1 < src.length() && src.charAt(pos + 1) == '_') {
        pos += 2;
        read(); // a discarded form must still be well formed
        continue;
      }
      return true;
    }
  }

  /** peek returns the next character after {@link #skipToForm()}, or -1 at the end of input. */
  public int peek() throws EdnException {
    return skipToForm() ? src.charAt(pos) : -1;
  }

  /** consume skips to the next form and requires it to start with {@code c}. */
  public void consume(char c) throws EdnException {
    if (!skipToForm()) {
      throw error("expected '" + c + "' but the input ended");
    }
    if (src.charAt(pos) != c) {
      throw error("expected '" + c + "' but found '" + src.charAt(pos) + "'");
    }
    advance();
  }

  /** read parses the next form; the end of input is an error. */
  public Object read() throws EdnException {
    if (!skipToForm()) {
      throw error("unexpected end of input");
    }
    formLine = line;
    char c = src.charAt(pos);
    switch (c) {
      case '(':
        advance();
        return Collections.unmodifiableList(readSeq(')'));
      case '[':
        advance();
        return Collections.unmodifiableList(readSeq(']'));
      case '{':
        advance();
        return readMap();
      case '"':
        advance();
        return readString();
      case '\\':
        advance();
        return readChar();
      case ':':
        advance();
        return readKeyword();
      case '#':
        advance();
        return readDispatch();
      case ')':
      case ']':
      case '}':
        throw error("unmatched delimiter '" + c + "'");
      case '^':
        throw error("metadata (^) is not EDN data");
      default:
        if (startsNumber(c)) {
          return readNumber();
        }
        return readSymbolic();
    }
  }

  private void skipBlanksAndComments() {
    while (pos < src.length()) {
      char c = src.charAt(pos);
      if (c == ';') {
        while (pos < src.length() && src.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == ',' || Character.isWhitespace(c)) {
        advance();
      } else {
        return;
      }
    }
  }

  private void advance() {
    if (src.charAt(pos) == '\n') {
      line++;
      lineStartPos = pos + 1;
    }
    pos++;
  }

  EdnException error(String message) {
    return new EdnException(message, line, pos - lineStartPos + 1);
  }

  private void enter() throws EdnException {
    if (++depth > Limits.EDN_DEPTH_MAX) {
      throw error("collections nested deeper than " + Limits.EDN_DEPTH_MAX);
    }
  }

  private List<Object> readSeq(char close) throws EdnException {
    enter();
    List<Object> items = new ArrayList<>();
    while (true) {
      if (!skipToForm()) {
        throw error("input ended inside a collection: expected '" + close + "'");
      }
      if (src.charAt(pos) == close) {
        advance();
        depth--;
        return items;
      }
      items.add(read());
    }
  }

  private Map<Object, Object> readMap() throws EdnException {
    int startLine = line;
    List<Object> items = readSeq('}');
    if (items.size() % 2 != 0) {
      throw error("map starting at line " + startLine + " has an odd number of forms");
    }
    Map<Object, Object> m = new LinkedHashMap<>(items.size());
    for (int i = 0; i < items.size(); i += 2) {
      if (m.containsKey(items.get(i))) {
        throw error("duplicate key " + EdnWriter.toEdn(items.get(i)) + " in map starting at line " + startLine);
      }
      m.put(items.get(i), items.get(i + 1));
    }
    return Collections.unmodifiableMap(m);
  }

  private Set<Object> readSet() throws EdnException {
    int startLine = line;
    Set<Object> s = new LinkedHashSet<>();
    for (Object o : readSeq('}')) {
      if (!s.add(o)) {
        throw error("duplicate element " + EdnWriter.toEdn(o) + " in set starting at line " + startLine);
      }
    }
    return Collections.unmodifiableSet(s);
  }

  private Object readDispatch() throws EdnException {
    if (pos >= src.length()) {
      throw error("input ended after '#'");
    }
    char c = src.charAt(pos);
    if (c == '{') {
      advance();
      return readSet();
    }
    if (c == '#') {
      advance();
      String t = token();
      switch (t) {
        case "Inf":
          return Double.POSITIVE_INFINITY;
        case "-Inf":
          return Double.NEGATIVE_INFINITY;
        case "NaN":
          return Double.NaN;
        default:
          throw error("unknown symbolic value ##" + t);
      }
    }
    if (!Character.isLetter(c)) {
      throw error("'#" + c + "' is not an EDN dispatch");
    }
    Symbol tag = new Symbol(token());
    return new Tagged(tag, read());
  }

  private String readString() throws EdnException {
    int startLine = line;
    StringBuilder sb = null;
    int runStart = pos;
    while (true) {
      if (pos >= src.length()) {
        throw error("string starting at line " + startLine + " is not closed");
      }
      char c = src.charAt(pos);
      if (c == '"') {
        String s = sb == null ? src.substring(runStart, pos) : sb.append(src, runStart, pos).toString();
        advance();
        return s;
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(src, runStart, pos);
        advance();
        sb.append(escape());
        runStart = pos;
      } else {
        advance();
      }
    }
  }

  private char escape() throws EdnException {
    if (pos >= src.length()) {
      throw error("input ended inside a string escape");
    }
    char e = src.charAt(pos);
    advance();
    switch (e) {
      case 't': return '\t';
      case 'r': return '\r';
      case 'n': return '\n';
      case 'b': return '\b';
      case 'f': return '\f';
      case '\\': return '\\';
      case '"': return '"';
      case 'u': return (char) digits(4, 16, "unicode escape");
      default:
        if (e >= '0' && e <= '7') {
          pos--;
          int v = octalRun();
          if (v > 0377) {
            throw error("octal escape above \\377");
          }
          return (char) v;
        }
        throw error("unsupported escape \\" + e);
    }
  }

  private int octalRun() {
    int v = 0;
    int n = 0;
    while (n < 3 && pos < src.length() && src.charAt(pos) >= '0' && src.charAt(pos) <= '7') {
      v = v * 8 + (src.charAt(pos) - '0');
      pos++;
      n++;
    }
    return v;
  }

  private int digits(int count, int radix, String what) throws EdnException {
    if (pos + count > src.length()) {
      throw error("input ended inside a " + what);
    }
    int v = 0;
    for (int i = 0; i < count; i++) {
      int d = Character.digit(src.charAt(pos), radix);
      if (d < 0) {
        throw error("invalid digit '" + src.charAt(pos) + "' in a " + what);
      }
      v = v * radix + d;
      pos++;
    }
    return v;
  }

  private Character readChar() throws EdnException {
    if (pos >= src.length()) {
      throw error("input ended after '\\'");
    }
    char first = src.charAt(pos);
    advance();
    String rest = token();
    if (rest.isEmpty()) {
      return first;
    }
    String name = first + rest;
    Character named = NAMED_CHARS.get(name);
    if (named != null) {
      return named;
    }
    try {
      if (first == 'u' && rest.length() == 4) {
        return (char) Integer.parseInt(rest, 16);
      }
      if (first == 'o' && rest.length() <= 3) {
        int v = Integer.parseInt(rest, 8);
        if (v <= 0377) {
          return (char) v;
        }
      }
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw error("unsupported character \\" + name);
  }

  private Keyword readKeyword() throws EdnException {
    String t = token();
    if (t.isEmpty()) {
      throw error("a keyword needs a name after ':'");
    }
    if (t.charAt(0) == ':') {
      throw error("'::" + t.substring(1) + "': auto-resolved keywords are not EDN");
    }
    if (t.endsWith("/") && t.length() > 1) {
      throw error("invalid keyword :" + t);
    }
    return Keyword.of(t);
  }

  private Object readSymbolic() throws EdnException {
    String t = token();
    if (t.isEmpty()) {
      throw error("unexpected character '" + src.charAt(pos) + "'");
    }
    switch (t) {
      case "nil":
        return null;
      case "true":
        return Boolean.TRUE;
      case "false":
        return Boolean.FALSE;
      default:
        if (t.contains("::") || (t.endsWith("/") && t.length() > 1) || t.startsWith("/") && t.length() > 1) {
          throw error("invalid symbol " + t);
        }
        return new Symbol(t);
    }
  }

  private boolean startsNumber(char c) {
    if (c >= '0' && c <= '9') {
      return true;
    }
    if ((c == '+' || c == '-') && pos + 1 < src.length()) {
      char d = src.charAt(pos + 1);
      return d >= '0' && d <= '9';
    }
    return false;
  }

  private Object readNumber() throws EdnException {
    int col = pos;
    String t = token();
    Object n = Numbers.parse(t);
    if (n == null) {
      pos = col; // point the error at the number's start
      throw error("invalid number '" + t + "'");
    }
    return n;
  }

  /** token consumes a run of constituent characters: everything up to a blank or delimiter. */
  private String token() {
    int start = pos;
    while (pos < src.length() && !terminates(src.charAt(pos))) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private static boolean terminates(char c) {
    switch (c) {
      case '(': case ')': case '[': case ']': case '{': case '}': case '"': case ';': case '\\': case ',': case '^':
        return true;
      default:
        return Character.isWhitespace(c);
    }
  }

  /** Numbers turns a numeric token into a Long, BigInteger, Double or BigDecimal, or null. */
  static final class Numbers {
    private Numbers() {}

    static Object parse(String t) {
      Object fast = parseSmallDecimal(t);
      if (fast != null) {
        return fast;
      }
      try {
        if (t.endsWith("M")) {
          return new BigDecimal(t.substring(0, t.length() - 1));
        }
        if (t.indexOf('.') >= 0 || ((t.indexOf('e') >= 0 || t.indexOf('E') >= 0) && !isHex(t))) {
          return isFloat(t) ? Double.parseDouble(t) : null;
        }
        return parseInteger(t);
      } catch (NumberFormatException | ArithmeticException e) {
        return null;
      }
    }

    /** isFloat accepts [+-]digits[.digits][(e|E)[+-]digits], the only floats EDN has. */
    private static boolean isFloat(String t) {
      int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
      int digits = 0;
      while (i < t.length() && Character.isDigit(t.charAt(i))) {
        i++;
        digits++;
      }
      if (i < t.length() && t.charAt(i) == '.') {
        i++;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
          i++;
        }
      }
      if (i < t.length() && (t.charAt(i) == 'e' || t.charAt(i) == 'E')) {
        i++;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
          i++;
        }
        int exp = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
          i++;
          exp++;
        }
        if (exp == 0) {
          return false;
        }
      }
      return digits > 0 && i == t.length();
    }

    private static boolean isHex(String t) {
      String u = t.startsWith("-") || t.startsWith("+") ? t.substring(1) : t;
      return u.startsWith("0x") || u.startsWith("0X");
    }

    /** The common case, a plain decimal long, without allocating a BigInteger. */
    private static Long parseSmallDecimal(String t) {
      int i = t.charAt(0) == '-' || t.charAt(0) == '+' ? 1 : 0;
      int n = t.length() - i;
      if (n == 0 || n > 18 || (t.charAt(i) == '0' && n > 1)) {
        return null;
      }
      long v = 0;
      for (int k = i; k < t.length(); k++) {
        char c = t.charAt(k);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      return t.charAt(0) == '-' ? -v : v;
    }

    private static Object parseInteger(String t) {
      boolean big = t.endsWith("N");
      String s = big ? t.substring(0, t.length() - 1) : t;
      boolean negative = s.startsWith("-");
      if (negative || s.startsWith("+")) {
        s = s.substring(1);
      }
      int radix = 10;
      if (s.startsWith("0x") || s.startsWith("0X")) {
        radix = 16;
        s = s.substring(2);
      } else if (s.length() > 1 && s.startsWith("0")) {
        radix = 8;
        s = s.substring(1);
      } else {
        int r = s.indexOf('r') >= 0 ? s.indexOf('r') : s.indexOf('R');
        if (r > 0) {
          radix = Integer.parseInt(s.substring(0, r));
          s = s.substring(r + 1);
          if (radix < 2 || radix > 36 || big) {
            return null;
          }
        }
      }
      if (s.isEmpty() || s.startsWith("+") || s.startsWith("-")) {
        return null;
      }
      BigInteger v = new BigInteger(s, radix);
      if (negative) {
        v = v.negate();
      }
      return normalize(v);
    }

    /** Clojure's = treats 1 and 1N as equal: keep integers that fit 64 bits as Long. */
    static Object normalize(BigInteger v) {
      return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }
  }
}
