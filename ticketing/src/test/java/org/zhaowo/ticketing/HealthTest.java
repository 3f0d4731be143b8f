package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.http.HttpVerticle;

/** /health tells a load balancer whether this instance can reach its database. */
class HealthTest {

  @Test
  void healthShowsWhatOtherModulesReportBesideTheDatabase() {
    try (TestService service = new TestService(Instant.parse("2026-11-24T02:00:00Z"))) {
      HttpVerticle http = new HttpVerticle(service.tickets, service.pool, service.config, service.clock, null)
          .withHealthDetail("ivr", () -> new io.vertx.core.json.JsonObject().put("soundsMissing", 3));
      service.vertx.deployVerticle(http).await();

      Api.Reply health = new Api(http.port()).get("/health", null);

      assertEquals(200, health.status(), health.body());
      assertEquals("up", health.json().getString("status"));
      assertEquals(3, health.json().getJsonObject("ivr").getInteger("soundsMissing"));
    }
  }

  @Test
  void healthIs503WhenTheDatabaseIsUnreachable() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again at once: nothing listens there
    }
    Api api = healthIs503With(deadPort);
    Api.Reply login = api.send("POST", "/api/login", null, "{\"username\":\"agent\",\"password\":\"demo\"}");
    assertEquals(503, login.status());
    assertEquals("the database is unreachable; try again shortly", login.json().getString("detail")); // no addresses
    vertx.close().await();
  }

  @Test
  void healthIs503SoonWhenTheDatabaseHangs() throws Exception {
    try (ServerSocket frozen = new ServerSocket(0)) { // accepts connections, never answers
      Thread.startVirtualThread(() -> {
        try {
          while (true) {
            frozen.accept();
          }
        } catch (java.io.IOException closed) {
          // the test is over
        }
      });
      // answered at all is the point: a health check stuck on the database would hit the client's timeout
      int port = healthIs503With(frozen.getLocalPort()).port();
      Api.Reply login = new Api(port).send("POST", "/api/login", null, "{\"username\":\"agent\",\"password\":\"x\"}");
      assertEquals(503, login.status(), "a request waiting on a hung database gives up");
      // the pool's connection attempt to the frozen server never ends: do not wait for it on close
      vertx.close();
    }
  }

  private Vertx vertx;

  private Api healthIs503With(int deadPort) {
    vertx = Vertx.vertx();
    Pool pool = Database.external("postgresql://nobody:x@127.0.0.1:" + deadPort + "/none").pool(vertx, 1);
    Config config = Config.of(Map.of("ZHAOWO_HTTP_PORT", "0", "ZHAOWO_HTTP_TIMEOUT_MS", "3000"));
    MutableClock clock = new MutableClock(Instant.parse("2026-11-24T02:00:00Z"));
    TicketService tickets = new PgTicketService(pool, config, clock);
    HttpVerticle http = new HttpVerticle(tickets, pool, config, clock, null);
    vertx.deployVerticle(http).await();
    Api api = new Api(http.port());
    Api.Reply health = api.get("/health", null);
    assertEquals(503, health.status());
    return api;
  }
}
