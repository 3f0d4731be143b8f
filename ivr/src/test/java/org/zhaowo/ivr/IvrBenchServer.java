package org.zhaowo.ivr;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Database;
import org.zhaowo.ticketing.TestDatabase;
import org.zhaowo.ticketing.TicketService;

/**
 * The IVR under benchmark, in its own JVM so its memory is measured alone: a fresh embedded database,
 * the FastAGI server on a free port. Prints {@code PORT n}; answers {@code heap} on stdin with the heap
 * in use after a GC and the number of platform threads.
 */
public final class IvrBenchServer {
  private IvrBenchServer() {}

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Clock clock = Clock.systemUTC(); // a benchmark runs in real time: its one clock, as the launcher's
    Database db = TestDatabase.fresh(clock, "ivr");
    Vertx vertx = Vertx.vertx();
    String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
    Pool pool = io.vertx.pgclient.PgBuilder.pool()
        .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(64).setMaxWaitQueueSize(-1))
        .connectingTo(new io.vertx.pgclient.PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(name)
            .setUser("postgres").setPassword(""))
        .using(vertx).build();
    Config config = Config.of(Map.of(
        "ZHAOWO_AGI_PORT", "0",
        "ZHAOWO_IVR_DB_TIMEOUT_MS", "120000",
        "ZHAOWO_IVR_SPOOL_DIR", Files.createTempDirectory("bench-spool").toString()));
    TicketService tickets = TicketService.start(pool, config, clock).await();
    IvrServer server = IvrServer.start(vertx, tickets, pool, config, clock, new SimpleMeterRegistry()).await();
    System.out.println("PORT " + server.port());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
    String line;
    while ((line = in.readLine()) != null && !line.equals("quit")) {
      if (line.equals("heap")) {
        for (int i = 0; i < 3; i++) {
          System.gc();
          Thread.sleep(100);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("HEAP " + (rt.totalMemory() - rt.freeMemory()) + " THREADS "
            + ManagementFactory.getThreadMXBean().getThreadCount());
      }
    }
    vertx.close().await();
    System.exit(0);
  }
}
