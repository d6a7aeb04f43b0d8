package untorn.pageserver.timeline;

import untorn.core.types.Lsn;
import untorn.core.wal.InMemoryWal;
import untorn.core.wal.WalSource;

/**
 * InMemoryWalProvider serves WAL from an {@link InMemoryWal}, optionally pretending everything
 * below {@code startLsn} was already removed (to test rebuilds that cannot be done).
 */
public final class InMemoryWalProvider implements WalProvider {
  private final InMemoryWal wal;
  private final Lsn start;

  public InMemoryWalProvider(InMemoryWal wal) {
    this(wal, wal.base());
  }

  public InMemoryWalProvider(InMemoryWal wal, Lsn start) {
    this.wal = wal;
    this.start = start;
  }

  @Override
  public Lsn startLsn() {
    return start;
  }

  @Override
  public Lsn endLsn() {
    return wal.end();
  }

  @Override
  public WalSource source() {
    return (position, destination, offset, length) ->
        Long.compareUnsigned(position, start.value()) < 0 ? 0 : wal.read(position, destination, offset, length);
  }
}
