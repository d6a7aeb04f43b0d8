package untorn.spec.tlc;

import java.util.Objects;

/**
 * ToolMessage is one message of TLC's {@code -tool} output: the text between
 * {@code @!@!@STARTMSG code:severity @!@!@} and {@code @!@!@ENDMSG code @!@!@}.
 * {@code severity} is TLC's message class: 0 plain, 1 error, 2 TLC bug, 3 warning, 4 state.
 */
public record ToolMessage(int code, int severity, String body) {
  public static final int SEVERITY_ERROR = 1;
  public static final int SEVERITY_TLC_BUG = 2;

  public ToolMessage {
    Objects.requireNonNull(body, "body");
  }

  public boolean isError() {
    return severity == SEVERITY_ERROR || severity == SEVERITY_TLC_BUG;
  }
}
