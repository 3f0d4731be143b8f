package org.zhaowo.ivr;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.Database;
import org.zhaowo.ticketing.MutableClock;
import org.zhaowo.ticketing.TestDatabase;
import org.zhaowo.ticketing.TicketService;

/**
 * The IVR as tests use it: a fresh database with the demo district, reached through a proxy the test
 * can cut; the ticketing service; the FastAGI server on a free port with test-sized timeouts.
 */
final class IvrHarness implements AutoCloseable {
  static final Instant MONDAY_10AM = Instant.parse("2026-11-23T02:00:00Z"); // 10:00 in Shanghai

  final Database db;
  final Vertx vertx;
  final PgProxy proxy;
  final Pool pool;
  final MutableClock clock;
  final TicketService tickets;
  final IvrServer server;
  final Path spool;

  IvrHarness() {
    this(Map.of());
  }

  IvrHarness(Map<String, String> overrides) {
    try {
      clock = new MutableClock(MONDAY_10AM);
      db = TestDatabase.fresh(clock, "ivr");
      vertx = Vertx.vertx();
      proxy = new PgProxy(vertx, db.port());
      String name = db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1);
      pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
          .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(proxy.port()).setDatabase(name)
.setUser("postgres").setPassword(""))
          .using(vertx).build();
      spool = Files.createTempDirectory("ivr-spool");
      Map<String, String> settings = new HashMap<>(Map.of(
          "ZHAOWO_AGI_PORT", "0",
          "ZHAOWO_AGI_INSTANCES", "2",
          "ZHAOWO_IVR_SPOOL_DIR", spool.toString(),
          "ZHAOWO_IVR_SPOOL_RETRY_MS", "200",
          "ZHAOWO_IVR_DB_TIMEOUT_MS", "2000",
          "ZHAOWO_AGI_HEADER_TIMEOUT_MS", "1000",
          "ZHAOWO_IVR_RECORDINGS_DIR", "/var/spool/asterisk/zhaowo",
          // no numbers held unless a test asks: the block fills in the background, so a test of the outage path
          // with one would race the first refill (NumberBlockTest holds numbers and waits for them)
          "ZHAOWO_IVR_NUMBER_BLOCK", "0"));
      settings.putAll(overrides);
      Config config = Config.of(settings);
      tickets = TicketService.start(pool, config, clock).await();
      server = IvrServer.start(vertx, tickets, pool, config, clock, new SimpleMeterRegistry()).await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits (up to 15 s) until the IVR holds {@code count} ticket numbers in advance. */
  void numbersHeld(int count) throws InterruptedException {
    for (int i = 0; i < 300 && server.services().numbers().held() < count; i++) {
      Thread.sleep(50);
    }
    if (server.services().numbers().held() < count) {
      throw new AssertionError("the IVR holds " + server.services().numbers().held() + " numbers, not " + count);
    }
  }

  FakeAsterisk.Transcript call(FakeAsterisk asterisk) throws Exception {
    return asterisk.call(server.port());
  }

  List<Row> rows(String sql, Object... params) {
    return StreamSupport.stream(pool.preparedQuery(sql).execute(Tuple.from(params)).await().spliterator(), false)
        .toList();
  }

  /** The call record of a call, waiting briefly: it is written just after the socket closes. */
  Row callRecord(FakeAsterisk asterisk) throws InterruptedException {
    return waitForRow("SELECT * FROM ivr_calls WHERE unique_id = $1", asterisk);
  }

  /** The hand-off record of a call (written without keeping the caller waiting). */
  Row handoff(FakeAsterisk asterisk) throws InterruptedException {
    return waitForRow("SELECT * FROM agent_handoffs WHERE unique_id = $1", asterisk);
  }

  private Row waitForRow(String sql, FakeAsterisk asterisk) throws InterruptedException {
    return waitFor(sql, asterisk.headers.get("agi_uniqueid")).getFirst();
  }

  /** Rows of a query once there are some, waiting up to 15 s; tolerates a database that is coming back. */
  List<Row> waitFor(String sql, Object param) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      try {
        List<Row> found = rows(sql, param);
        if (!found.isEmpty()) {
          return found;
        }
      } catch (RuntimeException stillDown) {
        // the pool reconnects
      }
      Thread.sleep(50);
    }
    throw new AssertionError("nothing for " + param + ": " + sql);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
