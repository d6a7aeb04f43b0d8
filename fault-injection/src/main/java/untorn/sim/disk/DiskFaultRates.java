package untorn.sim.disk;

import untorn.core.Invariants;

/**
 * DiskFaultRates are the per-operation fault probabilities, crash model and latencies of one
 * simulated disk.
 *
 * @param fsyncFailProbability a sync (of a file or a directory) fails with SYNC_FAILED
 * @param readErrorProbability a read fails with IO_ERROR (nothing changes)
 * @param writeErrorProbability a write fails with IO_ERROR after writing a random subset of its
 *     sectors
 * @param lostWriteProbability a write reports success and changes nothing
 * @param misdirectedWriteProbability a write lands whole sectors away from its offset, inside
 *     the file, and its own range is unchanged
 * @param unsyncedSurvivalProbability at a crash, each unsynced sector keeps its new content with
 *     this probability (0: all unsynced data is lost; between 0 and 1: torn writes)
 * @param metadataSurvivalProbability at a crash, with this probability a random prefix of the
 *     unsynced directory operations survives (otherwise none does)
 * @param ioNanos mean virtual time an I/O operation takes
 * @param syncNanos mean virtual time a sync takes
 */
public record DiskFaultRates(
    double fsyncFailProbability,
    double readErrorProbability,
    double writeErrorProbability,
    double lostWriteProbability,
    double misdirectedWriteProbability,
    double unsyncedSurvivalProbability,
    double metadataSurvivalProbability,
    long ioNanos,
    long syncNanos) {

  /** A disk without faults and without latency, where unsynced data is lost at a crash. */
  public static final DiskFaultRates NONE = new DiskFaultRates(0, 0, 0, 0, 0, 0, 0, 0, 0);

  public DiskFaultRates {
    for (double p : new double[] {fsyncFailProbability, readErrorProbability, writeErrorProbability,
        lostWriteProbability, misdirectedWriteProbability, unsyncedSurvivalProbability, metadataSurvivalProbability}) {
      Invariants.check(p >= 0 && p <= 1, "probability out of [0, 1]: %s", p);
    }
    Invariants.check(ioNanos >= 0 && syncNanos >= 0, "negative disk latency");
  }

  /** The same crash model and latencies with every per-operation fault off. */
  public DiskFaultRates withoutFaults() {
    return new DiskFaultRates(0, 0, 0, 0, 0, unsyncedSurvivalProbability, metadataSurvivalProbability, ioNanos, syncNanos);
  }

  public boolean hasOperationFaults() {
    return fsyncFailProbability > 0 || readErrorProbability > 0 || writeErrorProbability > 0
        || lostWriteProbability > 0 || misdirectedWriteProbability > 0;
  }
}
