package untorn.core.types;

/**
 * NodeId names a process of the system (a safekeeper, a pageserver, a compute, a client) on the
 * network. Names are short, printable and stable across restarts of the process.
 */
public record NodeId(String name) implements Comparable<NodeId> {
  public static final int MAX_NAME_LENGTH = 64;

  public NodeId {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("node name must have 1.." + MAX_NAME_LENGTH + " characters: " + name);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.')) {
        throw new IllegalArgumentException("node name may hold letters, digits, '-', '_', '.': " + name);
      }
    }
  }

  public static NodeId of(String name) {
    return new NodeId(name);
  }

  @Override
  public int compareTo(NodeId other) {
    return name.compareTo(other.name);
  }

  @Override
  public String toString() {
    return name;
  }
}
