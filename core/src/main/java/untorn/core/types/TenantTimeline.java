package untorn.core.types;

import java.util.Objects;

/** TenantTimeline is the full address of a WAL history: which tenant, which timeline. */
public record TenantTimeline(TenantId tenant, TimelineId timeline) implements Comparable<TenantTimeline> {
  public TenantTimeline {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(timeline, "timeline");
  }

  public static TenantTimeline of(long tenant, long timeline) {
    return new TenantTimeline(new TenantId(tenant), new TimelineId(timeline));
  }

  @Override
  public int compareTo(TenantTimeline o) {
    int c = Long.compareUnsigned(tenant.value(), o.tenant.value());
    return c != 0 ? c : Long.compareUnsigned(timeline.value(), o.timeline.value());
  }

  @Override
  public String toString() {
    return tenant + "/" + timeline;
  }
}
