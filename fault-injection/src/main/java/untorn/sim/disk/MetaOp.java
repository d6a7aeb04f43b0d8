package untorn.sim.disk;

import java.util.TreeMap;
import untorn.core.io.FileSystem;

/**
 * MetaOp is one directory operation waiting in a disk's journal for a directory sync. Applying a
 * prefix of the journal to the durable namespace gives what a crash may leave.
 */
record MetaOp(Kind kind, String path, String to, Inode inode) {
  enum Kind {
    CREATE,
    RENAME,
    DELETE
  }

  static MetaOp create(String path, Inode inode) {
    return new MetaOp(Kind.CREATE, path, null, inode);
  }

  static MetaOp rename(String from, String to) {
    return new MetaOp(Kind.RENAME, from, to, null);
  }

  static MetaOp delete(String path) {
    return new MetaOp(Kind.DELETE, path, null, null);
  }

  /** True if syncing {@code directory} must make this operation durable. */
  boolean touches(String directory) {
    return FileSystem.parentOf(path).equals(directory) || (to != null && FileSystem.parentOf(to).equals(directory));
  }

  void applyTo(TreeMap<String, Inode> namespace) {
    if (kind == Kind.CREATE) {
      namespace.put(path, inode);
    } else if (kind == Kind.RENAME) {
      Inode moved = namespace.remove(path);
      if (moved != null) {
        namespace.put(to, moved);
      }
    } else if (kind == Kind.DELETE) {
      namespace.remove(path);
    } else {
      throw new AssertionError(kind);
    }
  }

  @Override
  public String toString() {
    return kind == Kind.RENAME ? "rename " + path + " -> " + to : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + path;
  }
}
