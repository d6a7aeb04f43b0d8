package untorn.core.types;

/** TenantId identifies a tenant (a database owner); printed as 16 hex digits. */
public record TenantId(long value) {
  public static TenantId parse(String hex) {
    return new TenantId(Long.parseUnsignedLong(hex, 16));
  }

  @Override
  public String toString() {
    return String.format("%016x", value);
  }
}
