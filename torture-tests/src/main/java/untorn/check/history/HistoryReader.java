package untorn.check.history;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import untorn.check.Limits;
import untorn.check.edn.EdnException;
import untorn.check.edn.EdnReader;
import untorn.check.edn.EdnWriter;
import untorn.check.edn.Keyword;
import untorn.check.edn.Tagged;

/**
 * HistoryReader reads a Jepsen history in either shape users' files come in: one op map per line
 * (Jepsen's {@code history.edn}), or one EDN vector or list of op maps (Knossos's test data and
 * older Jepsen files). Keys may come in any order and unknown keys are ignored; a Clojure record
 * literal such as {@code #jepsen.history.Op{...}} is read as its map. Every problem is a
 * {@link HistoryException} naming the source and the line.
 */
public final class HistoryReader {
  private static final Keyword TYPE = Keyword.of("type");
  private static final Keyword PROCESS = Keyword.of("process");
  private static final Keyword F = Keyword.of("f");
  private static final Keyword VALUE = Keyword.of("value");
  private static final Keyword INDEX = Keyword.of("index");
  private static final Keyword TIME = Keyword.of("time");

  private HistoryReader() {}

  public static History read(Path file) throws HistoryException {
    String text;
    try {
      long size = Files.size(file);
      if (size > Limits.HISTORY_FILE_BYTES_MAX) {
        throw new HistoryException(file + ": " + size + " bytes is more than the "
            + Limits.HISTORY_FILE_BYTES_MAX + " a history may have");
      }
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new HistoryException(file + ": not UTF-8 text (" + e + ")", e);
    } catch (IOException e) {
      throw new HistoryException(file + ": cannot read: " + e, e);
    }
    return parse(file.toString(), text);
  }

  /** parse reads history text; {@code source} names it in errors and in the result. */
  public static History parse(String source, String text) throws HistoryException {
    try {
      return new History(source, readOps(new EdnReader(text)));
    } catch (EdnException e) {
      throw new HistoryException(source + ": malformed EDN at " + e.getMessage(), e);
    } catch (HistoryException e) {
      throw new HistoryException(source + ": " + e.getMessage(), e);
    }
  }

  private static List<Op> readOps(EdnReader r) throws EdnException, HistoryException {
    List<Op> ops = new ArrayList<>();
    int first = r.peek();
    if (first == '[' || first == '(') {
      char close = first == '[' ? ']' : ')';
      r.consume((char) first);
      while (r.peek() != close) {
        if (r.peek() == -1) {
          throw new HistoryException("line " + r.line() + ": the history's '" + (char) first
              + "' is never closed with '" + close + "'");
        }
        ops.add(toOp(r.read(), r.formLine(), ops.size()));
        checkSize(ops);
      }
      r.consume(close);
      if (r.skipToForm()) {
        throw new HistoryException("line " + r.line() + ": more data after the history's closing '" + close + "'");
      }
      return ops;
    }
    while (r.skipToForm()) {
      ops.add(toOp(r.read(), r.formLine(), ops.size()));
      checkSize(ops);
    }
    return ops;
  }

  private static void checkSize(List<Op> ops) throws HistoryException {
    if (ops.size() > Limits.HISTORY_OPS_MAX) {
      throw new HistoryException("more than " + Limits.HISTORY_OPS_MAX + " ops in one history");
    }
  }

  private static Op toOp(Object form, int line, int position) throws HistoryException {
    if (form instanceof Tagged && ((Tagged) form).value() instanceof Map) {
      form = ((Tagged) form).value();
    }
    if (!(form instanceof Map)) {
      throw new HistoryException("line " + line + ": expected an op map, found " + abbreviate(form));
    }
    Map<?, ?> m = (Map<?, ?>) form;
    Object typeValue = m.get(TYPE);
    OpType type = OpType.fromKeyword(typeValue);
    if (type == null) {
      throw new HistoryException("line " + line + ": :type must be :invoke, :ok, :fail or :info, found "
          + (m.containsKey(TYPE) ? EdnWriter.toEdn(typeValue) : "no :type"));
    }
    if (!m.containsKey(PROCESS)) {
      throw new HistoryException("line " + line + ": op has no :process");
    }
    long index = optionalLong(m, INDEX, position, line);
    long time = optionalLong(m, TIME, -1, line);
    return new Op(index, m.get(PROCESS), type, m.get(F), m.get(VALUE), time, line);
  }

  private static long optionalLong(Map<?, ?> m, Keyword key, long absent, int line) throws HistoryException {
    Object v = m.get(key);
    if (v == null) {
      return absent;
    }
    if (!(v instanceof Long)) {
      throw new HistoryException("line " + line + ": " + key + " must be an integer, found " + abbreviate(v));
    }
    return (Long) v;
  }

  private static String abbreviate(Object form) {
    String s = EdnWriter.toEdn(form);
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
