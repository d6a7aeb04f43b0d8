package untorn.sim.fault;

/** ScheduleSyntaxException is a schedule text that cannot be read, with the line at fault. */
public final class ScheduleSyntaxException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final int line;

  public ScheduleSyntaxException(int line, String text, String problem) {
    super("schedule line " + line + ": " + problem + ": '" + text + "'");
    this.line = line;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }
}
