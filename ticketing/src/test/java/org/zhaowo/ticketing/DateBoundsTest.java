package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.http.HttpVerticle;

/** Dates the API accepts are 2000-01-01 to 2100-12-31; a bad one stored before cannot stop the service. */
class DateBoundsTest {
  private static final String HOLIDAY = "{\"kind\":\"holiday\",\"name\":\"x\"}";
  /** Malformed, or well-formed but outside the bounds (Java reads +10000 and -0001 as years). */
  private static final List<String> BAD_DAYS = List.of("2026-02-30", "abc", "+10000-01-01", "-0001-01-01",
      "10000-01-01", "1999-12-31", "2101-01-01", "");
  private static final Instant NOW = Instant.parse("2026-11-23T02:00:00Z"); // a Monday, 10:00 in Shanghai

  private static TestService service;
  private static Api api;
  private static String agent;
  private static String unit;
  private static String supervisor;
  private static String admin;

  @BeforeAll
  static void start() {
    service = new TestService(NOW);
    api = service.api();
    agent = api.login("agent");
    unit = api.login("unit");
    supervisor = api.login("supervisor");
    admin = api.login("admin");
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static void assertRefused(Api.Reply reply, String field) {
    assertEquals(400, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    String detail = reply.json().getString("detail");
    assertTrue(detail.startsWith(field + " "), detail);
    assertTrue(detail.contains("from 2000-01-01 to 2100-12-31"), detail);
  }

  private static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8); // a bare + in a query is a space
  }

  private static long count(String sql, Object... params) {
    return service.pool.preparedQuery(sql).execute(Tuple.from(params)).await().iterator().next().getLong(0);
  }

  private static String create() {
    return created(api, agent).getString("number");
  }

  @Test
  void aCalendarDayOutsideTheBoundsOrMalformedIs400AndNothingIsStored() {
    long before = count("SELECT count(*) FROM calendar_days");
    for (String day : BAD_DAYS) {
      if (!day.isEmpty()) { // an empty day is another route: PUT /api/calendar/ is 404
        assertRefused(api.send("PUT", "/api/calendar/" + day, admin, HOLIDAY), "day");
      }
    }
    assertEquals(before, count("SELECT count(*) FROM calendar_days"));
    assertEquals(0, count("SELECT count(*) FROM calendar_days WHERE day NOT BETWEEN '2000-01-01' AND '2100-12-31'"));
    assertEquals(200, api.get("/api/calendar", agent).status());
  }

  @Test
  void theFirstAndLastDaysAndOnesBetweenAreStored() {
    for (String day : List.of("2000-01-01", "2100-12-31", "2031-05-01")) {
      Api.Reply reply = api.send("PUT", "/api/calendar/" + day, admin, HOLIDAY);
      assertEquals(200, reply.status(), reply.body());
      assertEquals(day, reply.json().getString("day"));
      assertEquals(1, count("SELECT count(*) FROM calendar_days WHERE day = $1", LocalDate.parse(day)));
    }
    JsonArray days = new JsonArray(api.get("/api/calendar", agent).body());
    assertTrue(days.stream().anyMatch(d -> "2100-12-31".equals(((JsonObject) d).getString("day"))), days.encode());
  }

  @Test
  void fromAndToOfTicketsAndKpisAreBoundedAndInOrder() {
    for (String path : List.of("/api/tickets", "/api/kpis")) {
      for (String param : List.of("from", "to")) {
        for (String day : BAD_DAYS) {
          if (!day.isEmpty()) { // an empty parameter means no limit
            assertRefused(api.get(path + "?" + param + "=" + query(day), supervisor), param);
          }
        }
      }
      Api.Reply backwards = api.get(path + "?from=2026-11-23&to=2026-11-22", supervisor);
      assertEquals(400, backwards.status(), backwards.body());
      assertTrue(backwards.json().getString("detail").contains("before"), backwards.body());
      assertEquals(200, api.get(path + "?from=2000-01-01&to=2100-12-31", supervisor).status());
      assertEquals(200, api.get(path + "?from=2026-11-23&to=2026-11-23", supervisor).status());
    }
    JsonObject kpis = api.get("/api/kpis?from=2000-01-01&to=2100-12-31", supervisor).json();
    assertEquals("2000-01-01", kpis.getString("from"));
    assertEquals("2100-12-31", kpis.getString("to"));
  }

  @Test
  void aDeadlineOutsideTheBoundsIs400AndChangesNothing() {
    String number = create();
    String deadline = api.get("/api/tickets/" + number, agent).json().getString("deadline");
    long events = count("SELECT count(*) FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id WHERE t.number = $1",
        number);
    List<String> bad = new ArrayList<>(BAD_DAYS);
    // instants: far years parse as instants; 2100-12-31T16:00Z is already 2101-01-01 in Shanghai
    bad.addAll(List.of("+10000-01-01T00:00:00Z", "2101-01-01T00:00:00Z", "2100-12-31T16:00:00Z"));
    for (String value : bad) {
      JsonObject body = new JsonObject().put("note", "等配件").put("deadline", value);
      assertRefused(api.post("/api/tickets/" + number + "/extend", unit, body), "deadline");
      assertRefused(api.post("/api/tickets/" + number + "/extend", supervisor, body), "deadline");
      assertRefused(api.post("/api/tickets/" + number + "/note", unit, body), "deadline");
    }
    JsonObject ticket = api.get("/api/tickets/" + number, agent).json();
    assertEquals(deadline, ticket.getString("deadline"));
    assertEquals(events, ticket.getJsonArray("events").size());
    assertEquals(0, count("SELECT count(*) FROM tickets WHERE number = $1 AND requested_deadline IS NOT NULL", number));
  }

  @Test
  void theLastDayIsAGoodDeadline() {
    String number = create();
    Api.Reply asked = api.post("/api/tickets/" + number + "/extend", unit, new JsonObject().put("deadline", "2100-12-31"));
    assertEquals(200, asked.status(), asked.body());
    Api.Reply granted = api.post("/api/tickets/" + number + "/extend", supervisor, new JsonObject());
    assertEquals(200, granted.status(), granted.body());
    assertEquals("2100-12-31T15:59:59Z", granted.json().getString("deadline")); // the day's end in Shanghai
  }

  @Test
  void aBadRowAlreadyInTheCalendarDoesNotStopTheService() {
    try (TestService own = new TestService(NOW)) {
      TestRows.insertAll(own.pool, own.clock, "calendar_days", List.of(
          Map.of("day", LocalDate.of(10_000, 1, 1), "kind", "holiday", "name", "x"),
          Map.of("day", LocalDate.of(-1, 1, 1), "kind", "holiday", "name", "2 BC"),
          Map.of("day", LocalDate.of(2150, 1, 1), "kind", "workday", "name", "too late"),
          Map.of("day", LocalDate.of(2026, 11, 24), "kind", "holiday", "name", "演示假日")));
      assertTrue(undecodable(own.db), "the client now decodes year 10000: this test no longer shows the old failure");
      Logger logger = (Logger) LoggerFactory.getLogger(ReferenceData.class);
      ListAppender<ILoggingEvent> lines = new ListAppender<>();
      lines.start();
      logger.addAppender(lines);
      try {
        Api again = restart(own);
        String token = again.login("admin");
        Api.Reply calendar = again.get("/api/calendar", token);
        assertEquals(200, calendar.status(), calendar.body());
        List<String> listed = new JsonArray(calendar.body()).stream().map(d -> ((JsonObject) d).getString("day")).toList();
        assertTrue(listed.contains("2026-11-24"), listed.toString());
        long stored = own.pool.query("SELECT count(*) FROM calendar_days").execute().await().iterator().next().getLong(0);
        assertEquals(stored - 3, listed.size(), "the three bad rows are left out: " + listed);
        assertEquals("2026-11-25T15:59:59Z", created(again, token).getString("deadline")); // 24 November is off
        assertEquals(200, again.send("PUT", "/api/calendar/2026-12-31", token, HOLIDAY).status()); // reloads
        List<String> warnings = copyOf(lines).stream().filter(e -> e.getLevel() == Level.WARN)
            .map(ILoggingEvent::getFormattedMessage).toList();
        for (String day : List.of("'10000-01-01'", "'0002-01-01 BC'", "'2150-01-01'")) {
          assertEquals(1, warnings.stream().filter(w -> w.contains(day)).count(), day + " in " + warnings);
        }
      } finally {
        logger.detachAppender(lines);
      }
    }
  }

  /** A second service and HTTP API started over {@code own}'s database, as a restart would. */
  private static Api restart(TestService own) {
    TicketService restarted = TicketService.start(own.pool, own.config, own.clock).await();
    HttpVerticle http = new HttpVerticle(restarted, own.pool, own.config, own.clock, null);
    own.vertx.deployVerticle(http).await();
    return new Api(http.port());
  }

  private static JsonObject created(Api api, String token) {
    Api.Reply reply = api.post("/api/tickets", token, new JsonObject().put("callerPhone", "13800138000")
        .put("category", "utilities").put("description", "厨房水管漏水").put("address", "3号楼2单元501"));
    assertEquals(201, reply.status(), reply.body());
    return reply.json();
  }

  /** Whether reading the days as dates fails, as the calendar's query did before it read them as text. */
  private static boolean undecodable(Database db) {
    Vertx probe = Vertx.vertx(); // its own: the failed decode leaves a connection that then fails to close
    try {
      return db.pool(probe, 1).query("SELECT day, kind FROM calendar_days").execute().map(false).otherwise(true).await();
    } finally {
      probe.close().otherwise((Void) null).await();
    }
  }

  /** What the appender holds, read under its own lock (AppenderBase.doAppend), while other threads may still log. */
  private static java.util.List<ILoggingEvent> copyOf(
      ListAppender<ILoggingEvent> appender) {
    synchronized (appender) {
      return java.util.List.copyOf(appender.list);
    }
  }
}
