package untorn.pageserver.timeline;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.core.types.Lsn;
import untorn.core.types.TenantId;
import untorn.core.types.TenantTimeline;
import untorn.core.types.TimelineId;
import untorn.core.wal.WalLayout;
import untorn.pageserver.PageserverException;
import untorn.pageserver.PageserverLimits;

/**
 * Tenant owns a tenant's timelines, each in {@code tenants/TENANT/timelines/TIMELINE/} under the
 * pageserver's storage root: creates root timelines, branches, and loads everything after a
 * restart (ancestors first, then children, whose branch points are registered before any
 * background work starts).
 */
public final class Tenant {
  private final PageserverEnv env;
  private final TenantId id;
  private final Map<TimelineId, Timeline> timelines = new TreeMap<>((a, b) -> Long.compareUnsigned(a.value(), b.value()));

  private Tenant(PageserverEnv env, TenantId id) {
    this.env = env;
    this.id = id;
  }

  /** A tenant with no timelines yet. */
  public static Tenant create(PageserverEnv env, TenantId id) throws PageserverException {
    Tenant t = new Tenant(env, id);
    try {
      env.fs().createDirectories(t.timelinesDir());
    } catch (StorageException e) {
      throw new PageserverException(PageserverException.Kind.STORAGE, "creating " + t.timelinesDir(), e);
    }
    return t;
  }

  public TenantId id() {
    return id;
  }

  String timelinesDir() {
    return "tenants/" + id + "/timelines";
  }

  String timelineDir(TimelineId tl) {
    return timelinesDir() + "/" + tl;
  }

  /** Creates a root timeline whose WAL starts at LSN 0. */
  public synchronized Timeline createTimeline(TimelineId tl, TimelineConfig config, WalProvider provider) throws PageserverException {
    TimelineMetadata meta = new TimelineMetadata(Lsn.ZERO, null, null, null, Lsn.ZERO, Lsn.ZERO);
    return register(tl, config, provider, meta, null);
  }

  /**
   * Creates timeline {@code child} branching from {@code ancestor} at {@code at}: a record
   * boundary the ancestor has ingested and still keeps readable. The child's WAL continues the
   * ancestor's at {@code at}; reads below it go to the ancestor.
   */
  public synchronized Timeline branch(TimelineId child, TimelineId ancestorId, Lsn at, TimelineConfig config, WalProvider provider)
      throws PageserverException {
    Timeline a = timeline(ancestorId);
    if (at.isAfter(a.lastRecordLsn()) || WalLayout.align(at.value()) != at.value() || at.isBefore(a.startLsn())) {
      throw new PageserverException(PageserverException.Kind.INVALID_BRANCH_POINT, "branch point " + at + " must be an ingested"
          + " record boundary of " + ancestorId + " (ingested up to " + a.lastRecordLsn() + ")");
    }
    if (depth(a) + 1 >= PageserverLimits.ANCESTOR_DEPTH_MAX) {
      throw new PageserverException(PageserverException.Kind.INVALID_BRANCH_POINT, "branches nest at most "
          + PageserverLimits.ANCESTOR_DEPTH_MAX + " deep");
    }
    a.addBranchPoint(at, true);
    TimelineMetadata meta = new TimelineMetadata(at, null, ancestorId, at, Lsn.ZERO, at);
    return register(child, config, provider, meta, a);
  }

  private static int depth(Timeline t) {
    int d = 0;
    for (Timeline x = t.ancestor(); x != null; x = x.ancestor()) {
      d++;
    }
    return d;
  }

  private Timeline register(TimelineId tl, TimelineConfig config, WalProvider provider, TimelineMetadata meta, Timeline ancestor)
      throws PageserverException {
    if (timelines.containsKey(tl)) {
      throw new PageserverException(PageserverException.Kind.TIMELINE_EXISTS, "timeline " + tl + " exists");
    }
    String dir = timelineDir(tl);
    try {
      if (env.fs().exists(FileSystem.join(dir, TimelineMetadata.FILE))) {
        throw new PageserverException(PageserverException.Kind.TIMELINE_EXISTS, dir + " already holds a timeline");
      }
      env.fs().createDirectories(dir);
      meta.store(env.fs(), dir);
    } catch (StorageException e) {
      throw new PageserverException(PageserverException.Kind.STORAGE, "creating " + dir, e);
    }
    Timeline t = new Timeline(new TenantTimeline(id, tl), dir, config, env, ancestor, meta, List.of(), 0, provider);
    timelines.put(tl, t);
    t.start();
    return t;
  }

  public synchronized Timeline timeline(TimelineId tl) throws PageserverException {
    Timeline t = timelines.get(tl);
    if (t == null) {
      throw new PageserverException(PageserverException.Kind.UNKNOWN_TIMELINE, "no timeline " + tl + " in tenant " + id);
    }
    return t;
  }

  public synchronized Collection<Timeline> timelines() {
    return List.copyOf(timelines.values());
  }

  /**
   * Loads a tenant from storage: every timeline directory, ancestors before children.
   * {@code configs} and {@code providers} give each timeline's configuration and WAL provider.
   */
  public static Tenant load(PageserverEnv env, TenantId id, Function<TimelineId, TimelineConfig> configs,
      Function<TimelineId, WalProvider> providers) throws PageserverException {
    Tenant tenant = new Tenant(env, id);
    Map<TimelineId, TimelineMetadata> metas = new HashMap<>();
    try {
      for (String name : env.fs().list(tenant.timelinesDir())) {
        TimelineId tl = TimelineId.parse(name);
        metas.put(tl, TimelineMetadata.load(env.fs(), tenant.timelineDir(tl)));
      }
    } catch (StorageException | NumberFormatException e) {
      throw new PageserverException(PageserverException.Kind.STORAGE, "listing " + tenant.timelinesDir() + ": " + e.getMessage(), e);
    }
    List<TimelineId> pending = new ArrayList<>(metas.keySet());
    while (!pending.isEmpty()) {
      int before = pending.size();
      for (var it = pending.iterator(); it.hasNext(); ) {
        TimelineId tl = it.next();
        TimelineId anc = metas.get(tl).ancestor();
        if (anc == null || tenant.timelines.containsKey(anc)) {
          Timeline a = anc == null ? null : tenant.timelines.get(anc);
          Timeline t = TimelineLoader.load(new TenantTimeline(id, tl), tenant.timelineDir(tl), configs.apply(tl), env, a,
              providers.apply(tl));
          if (a != null) {
            a.addBranchPoint(t.ancestorLsn(), false);
          }
          tenant.timelines.put(tl, t);
          it.remove();
        }
      }
      if (pending.size() == before) {
        throw new PageserverException(PageserverException.Kind.UNKNOWN_TIMELINE, "timelines " + pending + " have missing ancestors");
      }
    }
    tenant.timelines.values().forEach(Timeline::start);
    return tenant;
  }

  /** Closes every timeline (background work stops, files close). */
  public synchronized void close() {
    timelines.values().forEach(Timeline::close);
  }
}
