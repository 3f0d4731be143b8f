package org.zhaowo.launcher;

import java.time.Clock;
import org.zhaowo.ticketing.Config;

/** {@code scripts/run}: starts the service with the environment's configuration; SIGTERM stops it. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    Config config = Config.fromEnvironment();
    Zhaowo service = Zhaowo.start(config, Clock.systemUTC()); // the one real clock: everything reads it
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
