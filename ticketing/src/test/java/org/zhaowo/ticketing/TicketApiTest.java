package org.zhaowo.ticketing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API over a real socket: the contract fields, permissions and error replies. */
class TicketApiTest {
  private static TestService service;
  private static Api api;
  private static String agent;
  private static String unit;
  private static String supervisor;
  private static String admin;

  @BeforeAll
  static void start() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
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

  private static JsonObject newTicket(String phone) {
    return new JsonObject().put("callerPhone", phone).put("category", "utilities")
        .put("description", "厨房水管漏水").put("address", "3号楼2单元501").put("channel", "agent");
  }

  private static String create(String phone) {
    Api.Reply reply = api.post("/api/tickets", agent, newTicket(phone));
    assertEquals(201, reply.status(), reply.body());
    return reply.json().getString("number");
  }

  private static void assertProblem(Api.Reply reply, int status) {
    assertEquals(status, reply.status(), reply.body());
    assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
    assertFalse(reply.json().getString("detail").isBlank());
  }

  @Test
  void categoriesListCodesAndNames() {
    JsonArray categories = new JsonArray(api.get("/api/categories", agent).body());
    assertEquals(9, categories.size());
    assertEquals("utilities", categories.getJsonObject(0).getString("code"));
    assertEquals("水电气维修", categories.getJsonObject(0).getString("name"));
  }

  @Test
  void theDemoOrganisationHasItsThreeLevelsAndGrids() {
    assertEquals(15, new JsonArray(api.get("/api/units?level=sub_district", agent).body()).size());
    assertEquals(99, new JsonArray(api.get("/api/units?level=community", agent).body()).size());
    assertEquals(35, new JsonArray(api.get("/api/units?level=department", agent).body()).size());
    JsonArray grids = new JsonArray(api.get("/api/units?parent=SD01-C01", agent).body());
    assertEquals(3, grids.size());
    assertEquals(11, grids.getJsonObject(0).getString("phone").length());
  }

  @Test
  void aTicketIsCreatedReadAndListedWithTheContractFields() {
    String number = create("13800138000");
    JsonObject ticket = api.get("/api/tickets/" + number, agent).json();
    assertEquals(number, ticket.getString("number"));
    assertEquals("dispatched", ticket.getString("state"));
    assertEquals("13800138000", ticket.getString("callerPhone"));
    assertEquals("utilities", ticket.getString("category"));
    assertEquals("SD01-C01", ticket.getString("unit"));
    assertEquals("2026-11-24T15:59:59Z", ticket.getString("deadline"));
    assertEquals(2, ticket.getJsonArray("events").size());
    JsonObject list = api.get("/api/tickets?phone=13800138000", agent).json();
    assertTrue(list.getJsonArray("items").stream().anyMatch(i -> number.equals(((JsonObject) i).getString("number"))));
    assertTrue(list.getLong("total") >= 1);
  }

  @Test
  void theWholeLifecycleOverHttp() {
    String number = create("13800138000");
    assertEquals("in_progress", api.post("/api/tickets/" + number + "/accept", unit, null).json().getString("state"));
    assertEquals(200, api.post("/api/tickets/" + number + "/note", unit, new JsonObject().put("note", "已上门")).status());
    assertEquals("resolved", api.post("/api/tickets/" + number + "/resolve", unit,
        new JsonObject().put("note", "换了阀门")).json().getString("state"));
    assertEquals("closed", api.post("/api/tickets/" + number + "/close", agent, null).json().getString("state"));
    assertEquals("dispatched", api.post("/api/tickets/" + number + "/reopen", supervisor,
        new JsonObject().put("note", "复查仍漏水")).json().getString("state"));
  }

  @Test
  void anUnsatisfiedCallbackReopensTheTicketAndLandsOnTheSupervisorsQueue() {
    String number = create("13800138000");
    api.post("/api/tickets/" + number + "/resolve", unit, new JsonObject().put("note", "已处理"));
    Api.Reply answered = api.post("/api/tickets/" + number + "/survey", agent,
        new JsonObject().put("solved", false).put("satisfaction", "unsatisfied").put("comment", "还在漏"));
    assertEquals("dispatched", answered.json().getString("state"));
    JsonArray queue = new JsonArray(api.get("/api/supervision?kind=unsatisfied", supervisor).body());
    assertTrue(queue.stream().anyMatch(o -> number.equals(((JsonObject) o).getString("number"))), queue.encode());
    assertProblem(api.get("/api/supervision?kind=gossip", supervisor), 400);
  }

  @Test
  void anIllegalTransitionIs409() {
    String number = create("13800138000");
    assertProblem(api.post("/api/tickets/" + number + "/close", agent, null), 409);
  }

  @Test
  void authenticationAndRoles() {
    assertProblem(api.get("/api/tickets", null), 401);
    assertProblem(api.get("/api/tickets", "not-a-token"), 401);
    assertProblem(api.send("POST", "/api/login", null, "{\"username\":\"agent\",\"password\":\"wrong\"}"), 401);
    assertProblem(api.post("/api/tickets", unit, newTicket("13800138000")), 403);
    assertProblem(api.send("PUT", "/api/calendar/2026-12-31", agent, "{\"kind\":\"holiday\"}"), 403);
    String number = create("13800138000");
    assertProblem(api.post("/api/tickets/" + number + "/accept", agent, null), 403);
    String shortLived = api.login("agent");
    assertEquals(204, api.post("/api/logout", shortLived, null).status());
    assertProblem(api.get("/api/tickets", shortLived), 401);
    // admin may do everything
    assertEquals(200, api.post("/api/tickets/" + number + "/accept", admin, null).status());
  }

  @Test
  void unitStaffSeeOnlyTheirUnitsTickets() {
    String mine = create("13800138000");
    Api.Reply elsewhere = api.post("/api/tickets", agent, newTicket("13800138000").put("unit", "DEP-WATER"));
    String theirs = elsewhere.json().getString("number");
    assertEquals(200, api.get("/api/tickets/" + mine, unit).status());
    // another unit's ticket is as missing as one that does not exist: a unit cannot learn which numbers are used
    Api.Reply notTheirs = api.get("/api/tickets/" + theirs, unit);
    assertProblem(notTheirs, 404);
    assertEquals("no ticket " + theirs, notTheirs.json().getString("detail"));
    String missing = TicketNumbers.fromSerial(9_999_997);
    assertEquals("no ticket " + missing, api.get("/api/tickets/" + missing, unit).json().getString("detail"));
    JsonArray items = api.get("/api/tickets?size=200", unit).json().getJsonArray("items");
    assertTrue(items.stream().allMatch(i -> "SD01-C01".equals(((JsonObject) i).getString("unit"))));
  }

  @Test
  void badInputIs400WithADetailAndWritesNothing() {
    long before = api.get("/api/tickets?size=1", agent).json().getLong("total");
    assertProblem(api.send("POST", "/api/tickets", agent, "{not json"), 400);
    assertProblem(api.send("POST", "/api/tickets", agent, "[1,2]"), 400);
    assertProblem(api.post("/api/tickets", agent, newTicket("12345")), 400);
    assertProblem(api.post("/api/tickets", agent, newTicket("13800138000").put("category", "nope")), 400);
    assertProblem(api.post("/api/tickets", agent, newTicket("13800138000").put("description", "长".repeat(4001))), 400);
    assertProblem(api.post("/api/tickets", agent, newTicket("13800138000").put("channel", "fax")), 400);
    assertProblem(api.post("/api/tickets", agent, newTicket("13800138000").put("description", 42)), 400);
    assertProblem(api.send("POST", "/api/tickets", agent, "{\"x\":\"" + "a".repeat(70_000) + "\"}"), 413);
    assertEquals(before, api.get("/api/tickets?size=1", agent).json().getLong("total"));
    // curl -d sends JSON as a form: refused (415), the body must say it is JSON; a charset may come with it
    assertProblem(api.sendAs("POST", "/api/tickets", agent, "application/x-www-form-urlencoded",
        newTicket("13800138000").encode()), 415);
    assertProblem(api.sendAs("POST", "/api/tickets", agent, "text/plain", newTicket("13800138000").encode()), 415);
    assertProblem(api.sendAs("PUT", "/api/calendar/2026-12-31", admin, "text/plain", "{\"kind\":\"holiday\"}"), 415);
    assertEquals(before, api.get("/api/tickets?size=1", agent).json().getLong("total"));
    Api.Reply withCharset = api.sendAs("POST", "/api/tickets", agent, "Application/JSON; charset=UTF-8",
        newTicket("13800138000").put("description", "漏".repeat(3000)).encode());
    assertEquals(201, withCharset.status(), withCharset.body());
    before++;
    assertEquals(before, api.get("/api/tickets?size=1", agent).json().getLong("total"));
  }

  @Test
  void unknownThingsAre404Or400() {
    assertProblem(api.get("/api/tickets/" + TicketNumbers.fromSerial(9_999_998), agent), 404);
    // a wrong check digit (one digit mistyped, two swapped) is refused before any look-up, as the README says
    String number9 = TicketNumbers.fromSerial(9_999_998);
    String typo = number9.substring(0, 7) + (char) ('0' + (number9.charAt(7) - '0' + 1) % 10);
    Api.Reply mistyped = api.get("/api/tickets/" + typo, agent);
    assertProblem(mistyped, 400);
    assertTrue(mistyped.json().getString("detail").contains("check digit"), mistyped.body());
    assertProblem(api.get("/api/tickets/1234", agent), 400);
    assertProblem(api.post("/api/tickets/10000010/note", agent, new JsonObject().put("note", "x")), 400);
    String number = create("13800138000");
    assertProblem(api.post("/api/tickets/" + number + "/fly", agent, null), 400);
    assertProblem(api.get("/api/nothing-here", agent), 404);
    assertProblem(api.get("/api/tickets?state=lost", agent), 400);
    assertProblem(api.get("/api/kpis?from=yesterday", agent), 400);
  }

  @Test
  void listsFilterAndPage() {
    for (int i = 0; i < 3; i++) {
      create("13700137000");
    }
    JsonObject page1 = api.get("/api/tickets?phone=13700137000&size=2&page=1", agent).json();
    JsonObject page2 = api.get("/api/tickets?phone=13700137000&size=2&page=2", agent).json();
    assertEquals(2, page1.getJsonArray("items").size());
    assertTrue(page2.getJsonArray("items").size() >= 1);
    assertEquals(page1.getLong("total"), page2.getLong("total"));
    assertEquals(0, api.get("/api/tickets?phone=13700137000&state=closed", agent).json().getLong("total"));
    assertEquals(0, api.get("/api/tickets?phone=13700137000&overdue=true", agent).json().getLong("total"));
  }

  @Test
  void kpisHaveTheContractFields() {
    JsonObject kpis = api.get("/api/kpis", supervisor).json();
    for (String field : new String[] {"received", "resolved", "onTimeRate", "oneTimeCompletionRate", "callbackRate",
        "satisfactionRate", "overdue"}) {
      assertTrue(kpis.getValue(field) instanceof Number, field + " in " + kpis);
    }
  }

  @Test
  void anAdminSetsTheCalendarAndDeadlinesFollowIt() {
    assertEquals(200, api.send("PUT", "/api/calendar/2026-11-24", admin, "{\"kind\":\"holiday\",\"name\":\"演示假日\"}").status());
    try {
      String number = create("13800138000");
      assertEquals("2026-11-25T15:59:59Z", api.get("/api/tickets/" + number, agent).json().getString("deadline"));
    } finally {
      api.send("PUT", "/api/calendar/2026-11-24", admin, "{\"kind\":\"workday\"}");
    }
    assertProblem(api.send("PUT", "/api/calendar/2026-11-24", admin, "{\"kind\":\"party\"}"), 400);
  }

  @Test
  void healthAndAResidentsHistory() {
    assertEquals(200, api.get("/health", null).status());
    create("13900139000");
    JsonObject history = api.get("/api/residents/13900139000", agent).json();
    assertTrue(history.getJsonObject("resident").getBoolean("elderly"));
    assertFalse(history.getJsonArray("tickets").isEmpty());
  }
}
