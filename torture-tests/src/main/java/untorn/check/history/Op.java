package untorn.check.history;

import java.util.Objects;
import untorn.check.edn.EdnWriter;
import untorn.check.edn.Keyword;

/**
 * Op is one event of a history, as Jepsen writes it: {@code {:index 3, :time 1200, :type :ok,
 * :process 1, :f :read, :value 2}}.
 *
 * @param index Jepsen's {@code :index}, or the event's position in its history if the file had none
 * @param process the client process (an integer for clients; {@code :nemesis} for the fault injector)
 * @param type invoke or a completion
 * @param f the function, usually a keyword such as {@code :read}
 * @param value the argument (on invocation) or result (on completion); may be null (EDN nil)
 * @param timeNanos Jepsen's {@code :time}, relative nanoseconds, or -1 when absent
 * @param line the source line the event started on, or 0 when it was recorded, not read
 */
public record Op(long index, Object process, OpType type, Object f, Object value, long timeNanos, int line) {
  public static final Keyword NEMESIS = Keyword.of("nemesis");

  public Op {
    Objects.requireNonNull(type, "type");
  }

  /** A client op is one a checker judges: every process but Jepsen's nemesis. */
  public boolean isClient() {
    return process != NEMESIS;
  }

  /** toEdn prints the op as one line of Jepsen's {@code history.edn}. */
  public String toEdn() {
    StringBuilder sb = new StringBuilder(64);
    sb.append("{:index ").append(index);
    if (timeNanos >= 0) {
      sb.append(", :time ").append(timeNanos);
    }
    sb.append(", :type ").append(type.keyword());
    sb.append(", :process ");
    EdnWriter.append(sb, process);
    sb.append(", :f ");
    EdnWriter.append(sb, f);
    sb.append(", :value ");
    EdnWriter.append(sb, value);
    return sb.append('}').toString();
  }

  @Override
  public String toString() {
    return toEdn();
  }
}
