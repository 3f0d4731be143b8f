package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.TestService;

/** What a client is told of a failure is in our words: no database text, no Java class names. */
class ErrorBodiesTest {
  private static final String NUL = "\u0000";
  private static TestService service;
  private static Api api;
  private static String agent;
  private static String unit;

  @BeforeAll
  static void start() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
    api = service.api();
    agent = api.login("agent");
    unit = api.login("unit");
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static JsonObject newTicket() {
    return new JsonObject().put("callerPhone", "13800138000").put("category", "utilities")
        .put("description", "厨房水管漏水").put("address", "3号楼2单元501").put("channel", "agent");
  }

  private static long total() {
    return api.get("/api/tickets?size=1", agent).json().getLong("total");
  }

  /** A 400 whose detail is ours: no SQLSTATE, no PostgreSQL wording, no Java class. */
  private static String ourWords(Api.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    String detail = reply.json().getString("detail");
    for (String leak : new String[] {"UTF8", "0x00", "(2", "column", "null value", "io.vertx", "java.", "class ", "Exception"}) {
      assertFalse(detail.contains(leak), "leaks '" + leak + "': " + detail);
    }
    return detail;
  }

  @Test
  void aBodyThatIsNotAJsonObjectIsRefusedInOurWords() {
    long before = total();
    for (String body : new String[] {"[1,2]", "[{\"description\":\"x\"}]", "\"text\"", "42", "null", "true"}) {
      assertEquals("the body must be a JSON object", ourWords(api.send("POST", "/api/tickets", agent, body), 400), body);
    }
    assertEquals("the body is not valid JSON", ourWords(api.send("POST", "/api/tickets", agent, "{not json"), 400));
    assertEquals("the body must be a JSON object", ourWords(api.send("POST", "/api/login", null, "[]"), 400));
    assertEquals(before, total());
  }

  @Test
  void aNulInAnyTextOfAJsonBodyIsRefusedNamingTheField() {
    long before = total();
    for (String field : new String[] {"description", "address", "callerPhone", "category"}) {
      String detail = ourWords(api.post("/api/tickets", agent, newTicket().put(field, "漏水" + NUL + "了")), 400);
      assertTrue(detail.startsWith(field + " "), detail);
    }
    String nested = ourWords(api.post("/api/tickets", agent, newTicket().put("extra", new JsonArray().add(
        new JsonObject().put("note", NUL)))), 400);
    assertTrue(nested.startsWith("extra[0].note "), nested);
    assertTrue(ourWords(api.send("POST", "/api/login", null,
        new JsonObject().put("username", "agent" + NUL).put("password", "demo").encode()), 400).startsWith("username "));
    assertEquals(before, total());
    String number = api.post("/api/tickets", agent, newTicket()).json().getString("number");
    assertTrue(ourWords(api.post("/api/tickets/" + number + "/note", unit, new JsonObject().put("note", "a" + NUL)), 400)
        .startsWith("note "));
    assertEquals(2, api.get("/api/tickets/" + number, agent).json().getJsonArray("events").size(), "no note written");
  }

  @Test
  void aNulInAQueryParameterIsRefusedNamingIt() {
    assertTrue(ourWords(api.get("/api/tickets?unit=SD01" + "%00", agent), 400).startsWith("unit "));
  }

  @Test
  void aNulInAConsoleFormIsRefusedBeforeAnyDatabaseCall() {
    Browserless desk = new Browserless(service.httpPort()).signIn("agent");
    long before = total();
    Browserless.Reply refused = desk.post("/agent/tickets", Map.of("csrf", desk.csrf("/agent"), "phone", "13800138000",
        "category", "utilities", "itemKind", "complaint", "description", "漏水" + NUL, "address", "3号楼"));
    assertEquals(400, refused.status(), refused.body());
    assertTrue(refused.body().contains("description contains a NUL character"), refused.body());
    assertEquals(before, total());
  }

  @Test
  void aNulInAnOpen311FormIsRefusedInItsOwnErrorDocument() throws Exception {
    String form = "api_key=demo-open311-key&service_code=environment&lat=37.76524078&long=-122.4212043"
        + "&address_string=123+Fake+St&description=leak%00here";
    HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + service.httpPort() + "/open311/v2/requests.json"))
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(400, reply.statusCode(), reply.body());
    JsonObject error = new JsonArray(reply.body()).getJsonObject(0);
    assertEquals(400, error.getInteger("code"));
    assertTrue(error.getString("description").startsWith("description contains a NUL character"), reply.body());
  }

  @Test
  void aUnitOpeningAnotherUnitsTicketPageGetsTheSame404AsForAMissingOne() {
    String theirs = api.post("/api/tickets", agent, newTicket().put("unit", "DEP-WATER")).json().getString("number");
    String missing = org.zhaowo.ticketing.TicketNumbers.fromSerial(9_999_997);
    Browserless unitDesk = new Browserless(service.httpPort()).signIn("unit");
    Browserless.Reply notTheirs = unitDesk.get("/tickets/" + theirs);
    Browserless.Reply none = unitDesk.get("/tickets/" + missing);
    assertEquals(404, notTheirs.status());
    assertEquals(404, none.status());
    assertEquals(none.body().replace(missing, "N"), notTheirs.body().replace(theirs, "N"), "the two pages are the same");
    assertEquals(404, unitDesk.get("/tickets/" + theirs + "/recording").status());
    String typo = theirs.substring(0, 7) + (char) ('0' + (theirs.charAt(7) - '0' + 1) % 10);
    assertEquals(400, unitDesk.get("/tickets/" + typo).status(), "a wrong check digit, before any look-up");
  }

  @Test
  void anUnexpectedDatabaseFailureIs500WithARequestIdAndTheCauseOnlyInTheLog() {
    ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Problems.class);
    ListAppender<ILoggingEvent> events = new ListAppender<>();
    events.start();
    logger.addAppender(events);
    service.pool.query("ALTER TABLE residents RENAME TO residents_away").execute().await();
    try {
      Api.Reply reply = api.get("/api/residents/13800138000", agent);
      String detail = ourWords(reply, 500);
      assertTrue(detail.startsWith("internal error (request "), detail);
      assertFalse(detail.contains("residents"), detail);
      String id = detail.substring("internal error (request ".length(), detail.indexOf(')'));
      ILoggingEvent line = copyOf(events).stream().filter(e -> e.getLevel() == Level.ERROR).findFirst().orElseThrow();
      assertTrue(line.getFormattedMessage().contains(id), line.getFormattedMessage());
      assertEquals(PgException.class.getName(), line.getThrowableProxy().getClassName());
      assertTrue(line.getThrowableProxy().getMessage().contains("residents"), "the real cause is logged");
    } finally {
      service.pool.query("ALTER TABLE residents_away RENAME TO residents").execute().await();
      logger.detachAppender(events);
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
