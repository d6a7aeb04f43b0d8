package untorn.safekeeper.proposer;

/**
 * ProposerConfig holds a proposer's timing, in logical ticks of its driver: messages without an
 * answer are resent every {@code resendTicks}; an idle acceptor gets a heartbeat (carrying the
 * commit LSN) every {@code heartbeatTicks}; an election or a donor recovery that has not finished
 * in its timeout makes the proposer give up (its driver starts a new one with a higher term).
 * Safety never depends on these values.
 */
public record ProposerConfig(int resendTicks, int heartbeatTicks, int electionTimeoutTicks, int recoveryTimeoutTicks) {
  public ProposerConfig {
    if (resendTicks < 1 || heartbeatTicks < 1 || electionTimeoutTicks <= resendTicks || recoveryTimeoutTicks <= resendTicks) {
      throw new IllegalArgumentException("bad proposer config " + resendTicks + "/" + heartbeatTicks + "/"
          + electionTimeoutTicks + "/" + recoveryTimeoutTicks);
    }
  }

  public static final ProposerConfig DEFAULTS = new ProposerConfig(3, 2, 30, 60);
}
