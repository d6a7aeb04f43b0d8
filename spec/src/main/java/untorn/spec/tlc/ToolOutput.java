package untorn.spec.tlc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ToolOutput splits TLC's {@code -tool} output into {@link ToolMessage}s. Text outside any message
 * (what the spec prints with {@code Print}, stray JVM output) is kept as plain lines. A message that
 * starts and never ends is a {@link TlcOutputException}: the output was cut off, and nothing read
 * from it can be trusted.
 */
public final class ToolOutput {
  private static final Pattern START = Pattern.compile("^@!@!@STARTMSG (\\d+):(\\d+) @!@!@$");
  private static final Pattern END = Pattern.compile("^@!@!@ENDMSG (\\d+) @!@!@$");

  private final List<ToolMessage> messages;
  private final List<String> plainLines;

  private ToolOutput(List<ToolMessage> messages, List<String> plainLines) {
    this.messages = List.copyOf(messages);
    this.plainLines = List.copyOf(plainLines);
  }

  public static ToolOutput parse(String text) throws TlcOutputException {
    List<ToolMessage> messages = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    int code = -1;
    int severity = -1;
    StringBuilder body = null;
    for (String line : text.split("\r?\n", -1)) {
      Matcher start = START.matcher(line);
      Matcher end = END.matcher(line);
      if (start.matches()) {
        if (body != null) {
          throw new TlcOutputException("TLC message " + code + " not ended before message " + start.group(1) + " started");
        }
        code = Integer.parseInt(start.group(1));
        severity = Integer.parseInt(start.group(2));
        body = new StringBuilder();
      } else if (end.matches()) {
        if (body == null || Integer.parseInt(end.group(1)) != code) {
          throw new TlcOutputException("TLC message end " + end.group(1) + " without its start");
        }
        messages.add(new ToolMessage(code, severity, body.toString().strip()));
        body = null;
      } else if (body != null) {
        body.append(line).append('\n');
      } else if (!line.isBlank()) {
        plain.add(line);
      }
    }
    if (body != null) {
      throw new TlcOutputException("TLC output ends inside message " + code + " (cut off?)");
    }
    return new ToolOutput(messages, plain);
  }

  public List<ToolMessage> messages() {
    return messages;
  }

  /** Lines printed outside TLC's messages (Print/PrintT output of the spec). */
  public List<String> plainLines() {
    return plainLines;
  }

  public List<ToolMessage> withCode(int code) {
    return messages.stream().filter(m -> m.code() == code).toList();
  }

  public boolean has(int code) {
    return messages.stream().anyMatch(m -> m.code() == code);
  }
}
