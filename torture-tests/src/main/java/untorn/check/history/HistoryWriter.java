package untorn.check.history;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * HistoryWriter writes a history as Jepsen's {@code history.edn}: one op map per line, keys in
 * Jepsen's order ({@code :index :time :type :process :f :value}). {@link HistoryReader} and
 * {@code clojure.edn} read it back to the same events.
 */
public final class HistoryWriter {
  private HistoryWriter() {}

  public static void write(History h, Writer out) throws IOException {
    for (Op op : h.ops()) {
      out.write(op.toEdn());
      out.write('\n');
    }
  }

  public static void write(History h, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(h, w);
    }
  }

  public static String toEdn(History h) {
    StringBuilder sb = new StringBuilder(h.size() * 64);
    for (Op op : h.ops()) {
      sb.append(op.toEdn()).append('\n');
    }
    return sb.toString();
  }
}
