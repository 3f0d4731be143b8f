package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.MutableClock;

/** The whole service as scripts/run starts it: embedded PostgreSQL in a data folder, demo district, HTTP. */
class ServiceRestartTest {
  /** Tuesday 24 November 2026, 10:00 in Shanghai: a working day. */
  static final Instant TUESDAY_10AM = Instant.parse("2026-11-24T02:00:00Z");

  @Test
  void aTicketWorkedThroughItsLifecycleSurvivesARestart() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-restart");
    Config config = Config.of(Map.of("ZHAOWO_DATA_DIR", dataDir.toString(), "ZHAOWO_HTTP_PORT", "0",
        "ZHAOWO_AGI_PORT", "0"));
    MutableClock clock = new MutableClock(TUESDAY_10AM);
    String number;
    try (Zhaowo first = Zhaowo.start(config, clock)) {
      Api api = new Api(first.httpPort());
      String agent = api.login("agent");
      String unit = api.login("unit");
      Api.Reply created = api.post("/api/tickets", agent, new JsonObject().put("callerPhone", "13800138000")
          .put("category", "utilities").put("description", "水管漏水").put("address", "3号楼").put("channel", "agent"));
      assertEquals(201, created.status(), created.body());
      number = created.json().getString("number");
      assertEquals(200, api.post("/api/tickets/" + number + "/accept", unit, null).status());
      assertEquals(200, api.post("/api/tickets/" + number + "/resolve", unit, new JsonObject().put("note", "修好")).status());
      assertEquals(200, api.post("/api/tickets/" + number + "/close", agent, null).status());
      Api.Reply health = api.get("/health", null);
      assertEquals(200, health.status());
      assertEquals(false, health.json().getJsonObject("ivr").getBoolean("soundsChecked"), health.body());
      assertTrue(api.get("/metrics", null).body().contains("vertx_http_server"));
    }
    clock.advance(Duration.ofDays(1));
    try (Zhaowo second = Zhaowo.start(config, clock)) {
      Api api = new Api(second.httpPort());
      JsonObject ticket = api.get("/api/tickets/" + number, api.login("supervisor")).json();
      assertEquals("closed", ticket.getString("state"));
      assertEquals(5, ticket.getJsonArray("events").size());
      // the demo district was loaded once, not twice
      assertEquals(9, new io.vertx.core.json.JsonArray(api.get("/api/categories", api.login("agent")).body()).size());
    }
  }
}
