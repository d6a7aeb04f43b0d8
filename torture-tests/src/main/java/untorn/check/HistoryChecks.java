package untorn.check;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import untorn.check.history.History;
import untorn.check.history.HistoryException;
import untorn.check.history.HistoryReader;
import untorn.core.Invariants;

/**
 * HistoryChecks checks many history files in one process: the paths given, and every
 * {@code *.edn} file below each given directory in sorted order. Histories are independent, so
 * they are checked on a few threads; results come back in input order.
 */
public final class HistoryChecks {
  private HistoryChecks() {}

  /** Target is one history file and the name it is reported under. */
  public record Target(Path file, String name) {}

  /**
   * expand lists the files to check: a file as given; a directory's {@code *.edn} files below it,
   * recursively, sorted by relative path and named as the directory joined with that path. A path
   * that does not exist is kept, so that it is reported unreadable.
   */
  public static List<Target> expand(List<Path> paths) throws IOException {
    List<Target> out = new ArrayList<>();
    for (Path p : paths) {
      if (!Files.isDirectory(p)) {
        out.add(new Target(p, p.toString()));
        continue;
      }
      List<Path> found = new ArrayList<>();
      try (Stream<Path> walk = Files.walk(p)) {
        walk.filter(f -> f.getFileName().toString().endsWith(".edn") && Files.isRegularFile(f)).forEach(found::add);
      }
      found.sort((a, b) -> p.relativize(a).toString().compareTo(p.relativize(b).toString()));
      for (Path f : found) {
        out.add(new Target(f, p.resolve(p.relativize(f)).toString()));
      }
    }
    return out;
  }

  /** checkOne reads and judges one file; any problem with the file becomes an unreadable result. */
  public static CheckResult checkOne(Target t, CheckerChoice choice, LongSupplier nanos) {
    long start = nanos.getAsLong();
    History h;
    try {
      h = HistoryReader.read(t.file());
    } catch (HistoryException e) {
      return CheckResult.unreadable(t.name(), 0, millisSince(start, nanos), "none", e.getMessage());
    }
    CheckerChoice.Named named = choice.forHistory(h);
    try {
      Judgement j = named.checker().judge(h);
      return new CheckResult(t.name(), h.size(), j, millisSince(start, nanos), named.name(), null);
    } catch (HistoryException e) {
      return CheckResult.unreadable(t.name(), h.size(), millisSince(start, nanos), named.name(),
          t.name() + ": " + e.getMessage());
    }
  }

  /**
   * checkAll checks every target on {@code threads} threads and hands each result to
   * {@code onResult} in input order, as soon as it and all before it are done.
   */
  public static List<CheckResult> checkAll(List<Target> targets, CheckerChoice choice, int threads,
      LongSupplier nanos, Consumer<CheckResult> onResult) {
    Invariants.check(threads >= 1, "threads must be positive: %d", threads);
    List<CheckResult> results = new ArrayList<>(targets.size());
    if (threads == 1 || targets.size() <= 1) {
      for (Target t : targets) {
        CheckResult r = checkOne(t, choice, nanos);
        results.add(r);
        onResult.accept(r);
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, targets.size()), r -> {
      Thread th = new Thread(r, "untorn-check");
      th.setDaemon(true);
      return th;
    });
    try {
      List<Future<CheckResult>> futures = new ArrayList<>(targets.size());
      for (Target t : targets) {
        futures.add(pool.submit(() -> checkOne(t, choice, nanos)));
      }
      for (Future<CheckResult> f : futures) {
        CheckResult r = await(f);
        results.add(r);
        onResult.accept(r);
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static CheckResult await(Future<CheckResult> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking", e);
    } catch (ExecutionException e) {
      // A checker bug (an invariant violation) must not pass as a verdict: rethrow it as it was.
      Throwable cause = e.getCause();
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IllegalStateException("checker failed", cause);
    }
  }

  private static double millisSince(long start, LongSupplier nanos) {
    return (nanos.getAsLong() - start) / 1e6;
  }
}
