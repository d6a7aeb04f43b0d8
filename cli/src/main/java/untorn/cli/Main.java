package untorn.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The untorn command: one picocli command with a subcommand per job. */
@Command(
    name = "untorn",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Consensus and recovery core of a disaggregated PostgreSQL-style storage system, and the machinery that proves it correct.",
    subcommands = {TortureCommand.class, ReplayCommand.class, CheckCommand.class, PageserverCommand.class,
        SimCommand.class, WalCommand.class, BenchCommand.class, SelftestCommand.class, SpecCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = Main.class.getResourceAsStream("/untorn-version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"untorn " + p.getProperty("version", "unknown"), "Java " + System.getProperty("java.version")};
    }
  }
}
