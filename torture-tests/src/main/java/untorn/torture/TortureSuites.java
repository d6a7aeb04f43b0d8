package untorn.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import untorn.torture.consensus.ConsensusSuite;
import untorn.torture.pageserver.PageserverSuite;
import untorn.torture.wal.WalSuite;

/** TortureSuites is the registry of every suite the {@code untorn torture} command can run. */
public final class TortureSuites {
  private TortureSuites() {}

  /** Every suite, in the order a default run executes them. */
  public static List<TortureSuite> all() {
    List<TortureSuite> suites = new ArrayList<>();
    suites.add(new WalSuite());
    suites.add(new ConsensusSuite());
    suites.add(new PageserverSuite());
    return suites;
  }

  public static Optional<TortureSuite> byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst();
  }

  public static List<String> names() {
    return all().stream().map(TortureSuite::name).toList();
  }
}
