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

  /** CPU time of the PostgreSQL server on {@code dataDir}: its postmaster and every process under it, in ns. */
  private static long postgresCpu(String dataDir) {
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(dataDir)).orElse(false))
        .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
        .mapToLong(p -> {
          try {
            String[] f = Files.readString(java.nio.file.Path.of("/proc/" + p.pid() + "/stat")).replaceAll("^.*\\) ", "")
                .split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
          } catch (java.io.IOException | RuntimeException e) {
            return 0;
          }
        }).sum() * 10_000_000L; // USER_HZ 100
  }

  private static Pool pool(Vertx vertx, Database db, String name) {
    return io.vertx.pgclient.PgBuilder.pool()
        .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(64).setMaxWaitQueueSize(-1))
        .connectingTo(new io.vertx.pgclient.PgConnectOptions().setHost(db.host()).setPort(db.port()).setDatabase(name)
            .setUser("postgres").setPassword("").setCachePreparedStatements(true))
        .using(vertx).build();
  }

  public static void main(String[] args) throws Exception {
    ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    Clock clock = Clock.systemUTC(); // a benchmark runs in real time: its one clock, as the launcher's
    Database db = TestDatabase.fresh(clock, "ivr");
    Vertx vertx = Vertx.vertx();
    String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
    Pool pool = pool(vertx, db, name);
    if (System.getenv("ZHAOWO_BENCH_LOG_SQL") != null) { // every statement in the log: what a call costs, one by one
      ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.zonky")).setLevel(Level.INFO);
      pool.query("ALTER DATABASE " + name + " SET log_statement = 'all'").execute().await();
      pool.close().await();
      pool = pool(vertx, db, name);
    }
    Config config = Config.of(Map.of(
        "ZHAOWO_AGI_PORT", "0",
        "ZHAOWO_IVR_DB_TIMEOUT_MS", "120000",
        "ZHAOWO_IVR_SPOOL_DIR", Files.createTempDirectory("bench-spool").toString()));
    TicketService tickets = TicketService.start(pool, config, clock).await();
    IvrServer server = IvrServer.start(vertx, tickets, pool, config, clock, new SimpleMeterRegistry()).await();
    String dataDir = pool.query("SHOW data_directory").execute().await().iterator().next().getString(0);
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
      } else if (line.equals("tables")) { // rows written and scans per table since the last "tables"
        for (var r : pool.query("SELECT relname, n_tup_ins, n_tup_upd, n_tup_del, coalesce(seq_scan, 0),"
            + " coalesce(idx_scan, 0) FROM pg_stat_user_tables ORDER BY relname").execute().await()) {
          System.out.println("TABLE " + r.getString(0) + " " + r.getLong(1) + " " + r.getLong(2) + " " + r.getLong(3)
              + " " + r.getLong(4) + " " + r.getLong(5));
        }
        System.out.println("TABLES end");
      } else if (line.equals("stats")) { // what the calls cost: the database's counters and this JVM's CPU
        var row = pool.query("SELECT xact_commit, tup_inserted, tup_updated, tup_fetched + tup_returned"
            + " FROM pg_stat_database WHERE datname = current_database()").execute().await().iterator().next();
        long cpu = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
        System.out.println("STATS " + row.getLong(0) + " " + row.getLong(1) + " " + row.getLong(2) + " "
            + row.getLong(3) + " " + cpu + " " + postgresCpu(dataDir));
      }
    }
    vertx.close().await();
    System.exit(0);
  }
}
