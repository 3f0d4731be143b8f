package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** /health tells a load balancer whether this instance can reach its database. */
class HealthTest {

  @Test
  void healthIs503WhenTheDatabaseIsUnreachable() throws Exception {
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort(); // closed again at once: nothing listens there
    }
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = Database.external("postgresql://nobody:x@127.0.0.1:" + deadPort + "/none").pool(vertx, 1);
      Config config = Config.of(Map.of("ZHAOWO_HTTP_PORT", "0"));
      TicketService tickets = new PgTicketService(pool, config, Clock.systemUTC());
      HttpVerticle http = new HttpVerticle(tickets, pool, config, Clock.systemUTC(), null, List.of());
      vertx.deployVerticle(http).await();
      Api api = new Api(http.port());
      Api.Reply health = api.get("/health", null);
      assertEquals(503, health.status());
      Api.Reply login = api.send("POST", "/api/login", null, "{\"username\":\"agent\",\"password\":\"demo\"}");
      assertEquals(503, login.status());
      assertEquals("the database is unreachable; try again shortly", login.json().getString("detail")); // no addresses
    } finally {
      vertx.close().await();
    }
  }
}
