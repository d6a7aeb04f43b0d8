package untorn.spec.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * SpecFiles copies the specification's modules, shipped as class path resources under
 * {@code untorn/spec/tla/} (from {@code spec/tla/} in the source tree), into a directory where TLC
 * can read them.
 */
public final class SpecFiles {
  /** The modules of the specification, in the order they depend on each other. */
  public static final List<String> MODULES = List.of("Safekeeper.tla", "SafekeeperTrace.tla");
  static final String RESOURCE_DIR = "/untorn/spec/tla/";

  private SpecFiles() {}

  public static void copyTo(Path dir) throws IOException {
    for (String module : MODULES) {
      try (InputStream in = SpecFiles.class.getResourceAsStream(RESOURCE_DIR + module)) {
        if (in == null) {
          throw new IOException("the specification module " + module + " is missing from the class path ("
              + RESOURCE_DIR + ")");
        }
        Files.copy(in, dir.resolve(module), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  /** The text of one module, as shipped. */
  public static String read(String module) throws IOException {
    try (InputStream in = SpecFiles.class.getResourceAsStream(RESOURCE_DIR + module)) {
      if (in == null) {
        throw new IOException("no module " + module + " under " + RESOURCE_DIR);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
