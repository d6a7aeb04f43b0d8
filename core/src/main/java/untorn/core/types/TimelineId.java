package untorn.core.types;

/** TimelineId identifies a timeline (one WAL history, a branch) within a tenant; 16 hex digits. */
public record TimelineId(long value) {
  public static TimelineId parse(String hex) {
    return new TimelineId(Long.parseUnsignedLong(hex, 16));
  }

  @Override
  public String toString() {
    return String.format("%016x", value);
  }
}
