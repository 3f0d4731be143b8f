package org.zhaowo.launcher;

import java.time.Clock;
import org.zhaowo.ivr.CallClient;
import org.zhaowo.ticketing.Config;

/**
 * {@code scripts/run}: starts the service with the environment's configuration; SIGTERM stops it.
 * {@code scripts/call} runs {@code Main call ARGS}: a caller at the terminal ({@link CallClient}).
 */
public final class Main {
  /** The one real clock of every process started from here: everything else is handed it. */
  private static final Clock CLOCK = Clock.systemUTC();

  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("call")) {
      System.exit(CallClient.run(CLOCK, System.out, java.util.Arrays.copyOfRange(args, 1, args.length)));
    }
    Config config = Config.fromEnvironment();
    Zhaowo service = Zhaowo.start(config, CLOCK);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        service.close();
      } catch (Exception e) {
        System.err.println("Shutdown was not clean: " + e);
      }
    }, "shutdown"));
    System.out.println("Zhaowo is up.\n  HTTP API: http://" + config.get("ZHAOWO_HTTP_HOST", "127.0.0.1") + ":"
        + service.httpPort() + "/api (health: /health, metrics: /metrics)\n  FastAGI:  agi://"
        + config.get("ZHAOWO_AGI_HOST", "127.0.0.1") + ":" + service.agiPort()
        + "/hotline (try it: scripts/call --port " + service.agiPort() + ", see README.md)");
  }
}
