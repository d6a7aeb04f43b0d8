package untorn.pageserver.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Histogram counts non-negative values, exactly below {@value #EXACT} and in buckets of 1/16 of
 * a power of two above (under 7% relative error), with an exact maximum. Thread-safe and
 * lock-free; Micrometer's histograms decay with time, these never do, so summaries are
 * reproducible.
 */
public final class Histogram {
  static final int EXACT = 1024;
  private static final int SUB = 16;
  /** Powers of two 2^10 .. 2^62, each cut in SUB buckets. */
  private static final int LOG_BUCKETS = (63 - 10) * SUB;

  private final AtomicLongArray exact = new AtomicLongArray(EXACT);
  private final AtomicLongArray log = new AtomicLongArray(LOG_BUCKETS);
  private final AtomicLong count = new AtomicLong();
  private final AtomicLong sum = new AtomicLong();
  private final AtomicLong max = new AtomicLong();

  public void record(long value) {
    if (value < 0) {
      throw new IllegalArgumentException("negative value " + value);
    }
    if (value < EXACT) {
      exact.incrementAndGet((int) value);
    } else {
      log.incrementAndGet(logBucket(value));
    }
    count.incrementAndGet();
    sum.addAndGet(value);
    max.accumulateAndGet(value, Math::max);
  }

  /** Bucket of a value at least EXACT: its power of two (from 2^10) and its 1/16th within it. */
  private static int logBucket(long value) {
    int exp = 63 - Long.numberOfLeadingZeros(value);
    int sub = (int) ((value >>> (exp - 4)) & (SUB - 1));
    return Math.min(LOG_BUCKETS - 1, (exp - 10) * SUB + sub);
  }

  private static long logBucketUpper(int bucket) {
    int exp = bucket / SUB + 10;
    long sub = bucket % SUB;
    return ((SUB + sub + 1) << (exp - 4)) - 1;
  }

  public long count() {
    return count.get();
  }

  public long max() {
    return max.get();
  }

  public double mean() {
    long n = count.get();
    return n == 0 ? 0 : (double) sum.get() / n;
  }

  /** The smallest recorded bucket bound with at least {@code q} of values at or below it. */
  public long percentile(double q) {
    long n = count.get();
    if (n == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * n));
    long seen = 0;
    for (int i = 0; i < EXACT; i++) {
      seen += exact.get(i);
      if (seen >= rank) {
        return i;
      }
    }
    for (int b = 0; b < LOG_BUCKETS; b++) {
      seen += log.get(b);
      if (seen >= rank) {
        return Math.min(max.get(), logBucketUpper(b));
      }
    }
    return max.get();
  }
}
