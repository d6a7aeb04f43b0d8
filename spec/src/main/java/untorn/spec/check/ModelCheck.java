package untorn.spec.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import untorn.spec.model.Bounds;
import untorn.spec.model.ModelFiles;
import untorn.spec.model.SpecFiles;
import untorn.spec.model.SpecMutant;
import untorn.spec.tlc.TlcOutputException;
import untorn.spec.tlc.TlcResult;
import untorn.spec.tlc.TlcRun;
import untorn.spec.tlc.TlcRunner;
import untorn.spec.tlc.TlcTimeoutException;

/**
 * ModelCheck checks the specification with TLC on one model: it lays the modules and the generated
 * model out in a fresh temporary directory, runs TLC there and removes the directory afterwards
 * (kept, with TLC's output in {@code tlc-output.txt}, when the run could not be read).
 */
public final class ModelCheck {
  /** Time a check may take before it is killed and counts as a tool failure. */
  public static final Duration TIMEOUT_DEFAULT = Duration.ofMinutes(30);

  private ModelCheck() {}

  /**
   * A check's request: the model, the mutant (empty for the protocol), what to check and whether a
   * safety check fingerprints states by the spec's {@code View} (the default; see {@link ModelFiles}).
   */
  public record Request(Bounds bounds, Optional<SpecMutant> mutant, ModelFiles.Kind kind, List<String> extraInvariants,
      int workers, Duration timeout, boolean view) {
    public Request {
      extraInvariants = List.copyOf(extraInvariants);
    }

    public Request(Bounds bounds, Optional<SpecMutant> mutant, ModelFiles.Kind kind, List<String> extraInvariants,
        int workers, Duration timeout) {
      this(bounds, mutant, kind, extraInvariants, workers, timeout, true);
    }

    /** The same check over whole states: no VIEW (for new invariants, and to validate the VIEW). */
    public Request withoutView() {
      return new Request(bounds, mutant, kind, extraInvariants, workers, timeout, false);
    }

    public static Request safety(Bounds bounds, Optional<SpecMutant> mutant, int workers) {
      return new Request(bounds, mutant, ModelFiles.Kind.SAFETY, List.of(), workers, TIMEOUT_DEFAULT);
    }
  }

  public static CheckReport run(Request r) throws IOException, TlcOutputException, TlcTimeoutException {
    Path dir = Files.createTempDirectory("untorn-spec-");
    boolean keep = true;
    try {
      SpecFiles.copyTo(dir);
      ModelFiles.write(dir, r.bounds(), r.mutant(), r.kind(), r.extraInvariants(), r.view());
      TlcRun run = new TlcRun(dir, ModelFiles.MODULE + ".tla", ModelFiles.MODULE + ".cfg", r.workers(),
          ModelFiles.checked(r.kind(), r.extraInvariants()), r.timeout());
      TlcResult result = TlcRunner.run(run);
      keep = false;
      return new CheckReport(r.bounds(), r.mutant(), r.kind(), result);
    } catch (TlcOutputException e) {
      throw new TlcOutputException(e.getMessage() + " (TLC's files kept in " + dir + ")");
    } finally {
      if (!keep) {
        deleteTree(dir);
      }
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
