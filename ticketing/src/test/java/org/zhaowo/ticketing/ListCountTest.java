package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A list's total is counted to ten thousand and no further: "more than 10,000" costs what ten thousand cost. */
class ListCountTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z");
  private static TestService service;

  @BeforeAll
  static void start() throws Exception {
    service = new TestService(MONDAY);
    try (var c = service.db.jdbc(); var st = c.prepareStatement("""
        INSERT INTO tickets (number, caller_phone, channel, category, item_kind, description, deadline, state,
                             created_at, updated_at)
        SELECT 'L' || g, '13800138000', 'agent', 'utilities', 'promised', 'x', ?, 'received', ?, ?
          FROM generate_series(1, 10050) g
        """)) {
      var at = java.time.OffsetDateTime.ofInstant(MONDAY, java.time.ZoneOffset.UTC);
      st.setObject(1, at.plusDays(1));
      st.setObject(2, at);
      st.setObject(3, at);
      st.executeUpdate();
    }
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void pastTenThousandTheTotalSaysMoreAndBelowItIsExact() {
    Api api = service.api();
    String supervisor = api.login("supervisor");
    JsonObject all = api.get("/api/tickets?size=5", supervisor).json();
    assertEquals(Page.COUNT_CAP + 1, all.getLong("total"));
    assertTrue(all.getBoolean("totalCapped"));
    assertEquals(5, all.getJsonArray("items").size());
    JsonObject few = api.get("/api/tickets?state=dispatched", supervisor).json();
    assertEquals(0, few.getLong("total"));
    assertFalse(few.getBoolean("totalCapped"));
  }
}
