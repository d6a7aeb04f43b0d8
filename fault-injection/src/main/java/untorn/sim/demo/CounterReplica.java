package untorn.sim.demo;

import java.io.UncheckedIOException;
import untorn.core.Bytes;
import untorn.core.Crc32c;
import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.Node;
import untorn.core.io.NodeContext;
import untorn.core.io.StorageException;
import untorn.core.types.NodeId;

/**
 * CounterReplica holds the highest value it was asked to hold and promises, by acknowledging it,
 * that the value survives any crash. Its file {@code counter} holds one 12-byte record at offset
 * 0: the value (8 bytes, little-endian) and the CRC32C of those 8 bytes. The record lies in one
 * sector, so an in-place write of it is atomic under the disk's sector model. A missing or short
 * file reads as 0; a bad CRC is a {@code CORRUPT} storage error, which stops the process.
 *
 * <p>How it persists depends on its {@link CounterVariant}; every storage error escapes the
 * handler, which the simulator treats as the process dying.
 */
public final class CounterReplica implements Node {
  static final String FILE = "counter";
  static final String TEMP = "counter.tmp";
  private static final int RECORD_BYTES = 12;
  private static final int SYNC_RETRIES = 10;

  private final CounterVariant variant;
  private NodeContext ctx;
  private FileSystem fs;
  private FileHandle file;
  private long value;

  public CounterReplica(CounterVariant variant) {
    this.variant = variant;
  }

  /** The value this incarnation holds (what it would answer). */
  public long value() {
    return value;
  }

  @Override
  public void start(NodeContext context) {
    this.ctx = context;
    this.fs = context.fileSystem();
    try {
      if (fs.exists(FILE)) {
        file = fs.open(FILE);
        value = read(file);
        if (variant != CounterVariant.RESTART_WITHOUT_SYNC) {
          // After a process kill the page cache may show a value that was never made durable: it
          // becomes a promise only once it is. Written again first: after a failed fsync (a panic
          // is a process exit) the kernel marked it clean, and a sync alone would not write it.
          file.write(0, record(value));
          file.sync();
          fs.syncDirectory("");
        }
      } else {
        file = fs.create(FILE);
        file.write(0, record(0));
        file.sync();
        fs.syncDirectory("");
      }
    } catch (StorageException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long read(FileHandle f) throws StorageException {
    byte[] b = new byte[RECORD_BYTES];
    if (f.read(0, b, 0, RECORD_BYTES) < RECORD_BYTES) {
      return 0;
    }
    if (Crc32c.of(b, 0, 8) != Bytes.getI32(b, 8)) {
      throw new StorageException(StorageException.Kind.CORRUPT, f.path(), "counter record fails its CRC");
    }
    return Bytes.getI64(b, 0);
  }

  private static byte[] record(long v) {
    byte[] b = new byte[RECORD_BYTES];
    Bytes.putI64(b, 0, v);
    Bytes.putI32(b, 8, Crc32c.of(b, 0, 8));
    return b;
  }

  @Override
  public void onMessage(NodeId from, byte[] message) {
    long n = CounterMessages.decode(CounterMessages.INC, message);
    if (n < 0) {
      return; // garbage from the network
    }
    try {
      if (n > value) {
        persistThenAck(from, n);
      } else {
        ack(from, n);
      }
    } catch (StorageException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void persistThenAck(NodeId client, long n) throws StorageException {
    switch (variant) {
      case SAFE:
      case COMMIT_ON_MINORITY:
      case RESTART_WITHOUT_SYNC:
        file.write(0, record(n));
        file.sync();
        break;
      case ACK_BEFORE_SYNC:
        value = n;
        ack(client, n);
        file.write(0, record(n));
        file.sync();
        return;
      case NO_SYNC:
        file.write(0, record(n));
        break;
      case RETRY_FAILED_FSYNC:
        file.write(0, record(n));
        syncRetryingFailures();
        break;
      case RENAME_WITHOUT_DIRECTORY_SYNC:
        replaceByRename(n);
        break;
      default:
        throw new AssertionError(variant);
    }
    value = n;
    ack(client, n);
  }

  /** The fsyncgate bug: a retried fsync "succeeds" although the failed one dropped the data. */
  private void syncRetryingFailures() throws StorageException {
    for (int i = 0; ; i++) {
      try {
        file.sync();
        return;
      } catch (StorageException e) {
        if (e.kind() != StorageException.Kind.SYNC_FAILED || i == SYNC_RETRIES) {
          throw e;
        }
      }
    }
  }

  private void replaceByRename(long n) throws StorageException {
    if (fs.exists(TEMP)) {
      fs.delete(TEMP);
    }
    FileHandle temp = fs.create(TEMP);
    temp.write(0, record(n));
    temp.sync();
    fs.rename(TEMP, FILE); // the bug: no fs.syncDirectory("") after this
    file.close();
    file = temp;
  }

  private void ack(NodeId client, long n) {
    ctx.transport().send(client, CounterMessages.encode(CounterMessages.ACK, n));
  }

  @Override
  public void onTimer(long timerId, Object tag) {}
}
