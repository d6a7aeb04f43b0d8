package untorn.safekeeper.storage;

import untorn.core.io.FileHandle;
import untorn.core.io.FileSystem;
import untorn.core.io.StorageException;
import untorn.safekeeper.Limits;
import untorn.safekeeper.Mutant;
import untorn.safekeeper.Mutants;

/**
 * ControlFileStore keeps one timeline's control file crash-atomically: a new state is written to
 * {@code control.tmp}, fsynced, renamed over {@code control}, and the directory is fsynced. A crash
 * at any point leaves either the old or the new file in place, never a mix; a leftover temporary
 * file is deleted at the next write or load. {@link #persist} returns only once the new state is
 * durable. Not thread-safe.
 *
 * <p>A failed fsync (after which the node halts, and the page cache survives) never leaves an
 * undurable control file in place: the temporary file is created afresh for every write, so every
 * page of it is dirty when it is fsynced, and it is renamed only once that fsync succeeded; if the
 * directory fsync after the rename fails, {@link #load} fsyncs the directory before the file is
 * used (a failure there halts again).
 */
public final class ControlFileStore {
  public static final String FILE = "control";
  public static final String TEMP_FILE = "control.tmp";

  private final FileSystem fs;
  private final String directory;
  private final Mutants mutants;

  public ControlFileStore(FileSystem fs, String directory, Mutants mutants) {
    this.fs = fs;
    this.directory = directory;
    this.mutants = mutants;
  }

  public String path() {
    return FileSystem.join(directory, FILE);
  }

  public boolean exists() throws StorageException {
    return fs.exists(path());
  }

  /**
   * Reads and checks the control file; NOT_FOUND if there is none, CORRUPT if it fails a check. What
   * it returns is durable: after a crash of the process alone the page cache may still show a
   * control file whose write or rename was never made durable, and the acceptor acts on what it
   * loads (a promised term), so the directory is fsynced before it is used (the file's content was
   * fsynced before its rename).
   */
  public ControlState load() throws StorageException {
    String tmp = FileSystem.join(directory, TEMP_FILE);
    if (fs.exists(tmp)) {
      // A write that crashed before its rename: the old file is the truth.
      fs.delete(tmp);
    }
    ControlState state;
    try (FileHandle h = fs.open(path())) {
      long size = h.sizeBytes();
      if (size > Limits.CONTROL_FILE_BYTES_MAX) {
        throw ControlFile.corrupt(path(), "control file of " + size + " bytes exceeds " + Limits.CONTROL_FILE_BYTES_MAX);
      }
      byte[] b = new byte[(int) size];
      h.readFully(0, b, 0, b.length);
      state = ControlFile.decode(path(), b);
    }
    if (mutants.has(Mutant.SKIP_RESTART_SYNC)) {
      return state; // Mutant: a rename only the page cache knows of can still be lost.
    }
    fs.syncDirectory(directory);
    return state;
  }

  /** Makes {@code state} the durable content of the control file. */
  public void persist(ControlState state) throws StorageException {
    byte[] bytes = ControlFile.encode(state);
    String tmp = FileSystem.join(directory, TEMP_FILE);
    if (fs.exists(tmp)) {
      fs.delete(tmp);
    }
    try (FileHandle h = fs.create(tmp)) {
      h.write(0, bytes);
      h.sync();
    } catch (StorageException e) {
      discard(tmp);
      throw e;
    }
    fs.rename(tmp, path());
    if (mutants.has(Mutant.SKIP_DIR_FSYNC)) {
      return; // Mutant: the rename may not survive a crash, so the old state can come back.
    }
    fs.syncDirectory(directory);
  }

  private void discard(String tmp) {
    try {
      if (fs.exists(tmp)) {
        fs.delete(tmp);
      }
    } catch (StorageException ignored) {
      // The next persist or load deletes it; the old control file is intact either way.
    }
  }
}
