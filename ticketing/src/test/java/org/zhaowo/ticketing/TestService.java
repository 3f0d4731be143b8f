package org.zhaowo.ticketing;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.Map;
import org.zhaowo.ticketing.http.HttpVerticle;

/**
 * The ticketing service as tests use it: a fresh database, a Vert.x, a pool, the service with a
 * clock the test moves, and the HTTP API on a free port.
 */
public final class TestService implements AutoCloseable {
  public final Database db;
  public final Vertx vertx;
  public final Pool pool;
  public final MutableClock clock;
  public final TicketService tickets;
  public final Config config;
  private final HttpVerticle http;

  public TestService(Instant now, String... modules) {
    this(now, Map.of(), modules);
  }

  /** With {@code settings} on top of the test's own (a small idle timeout, say). */
  public TestService(Instant now, Map<String, String> settings, String... modules) {
    this.clock = new MutableClock(now);
    this.db = TestDatabase.fresh(clock, modules);
    this.vertx = Vertx.vertx();
    this.pool = db.pool(vertx, 8);
    this.config = Config.of(Map.of("ZHAOWO_HTTP_PORT", "0")).with(settings);
    this.tickets = TicketService.start(pool, config, clock).await();
    this.http = new HttpVerticle(tickets, pool, config, clock, null);
    vertx.deployVerticle(http).await();
  }

  public int httpPort() {
    return http.port();
  }

  public Api api() {
    return new Api(httpPort());
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
