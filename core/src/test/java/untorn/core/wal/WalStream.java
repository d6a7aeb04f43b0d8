package untorn.core.wal;

import java.util.ArrayList;
import java.util.List;
import untorn.core.types.Lsn;

/** A test WAL stream: records encoded into an in-memory window, with their extents. */
final class WalStream {
  final InMemoryWal wal;
  final List<LoggedRecord> logged = new ArrayList<>();
  final List<Lsn> writeStarts = new ArrayList<>();

  private WalStream(InMemoryWal wal) {
    this.wal = wal;
  }

  static WalStream of(List<WalRecord> records, Lsn start) {
    WalStream s = new WalStream(new InMemoryWal(start));
    WalEncoder encoder = new WalEncoder(start, Lsn.ZERO);
    for (WalRecord r : records) {
      EncodedRecord e = encoder.encode(r);
      s.wal.append(e);
      s.logged.add(e.logged());
      s.writeStarts.add(e.writeStart());
    }
    return s;
  }

  byte[] bytes() {
    return wal.bytes(wal.base(), wal.end());
  }

  /** Records whose whole extent lies before stream position {@code damage}. */
  List<WalRecord> intactBefore(long damage) {
    List<WalRecord> out = new ArrayList<>();
    for (LoggedRecord r : logged) {
      if (Long.compareUnsigned(r.endLsn().value(), damage) <= 0) {
        out.add(r.record());
      }
    }
    return out;
  }

  Lsn endOfIntactBefore(long damage) {
    Lsn end = wal.base();
    for (LoggedRecord r : logged) {
      if (Long.compareUnsigned(r.endLsn().value(), damage) <= 0) {
        end = r.endLsn();
      }
    }
    return end;
  }

  static List<WalRecord> contents(List<LoggedRecord> logged) {
    List<WalRecord> out = new ArrayList<>();
    for (LoggedRecord r : logged) {
      out.add(r.record());
    }
    return out;
  }
}
