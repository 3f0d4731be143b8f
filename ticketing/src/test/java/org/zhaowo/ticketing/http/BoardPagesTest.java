package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.Kpis;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.TicketingException;

/**
 * The handling units' worklist, the supervisors' board, the KPI JSON and CSV and the public results page,
 * over real HTTP against the real service and PostgreSQL, signed in through the login form. One week of
 * work on four tickets, in order: each test looks at the state the ones before it left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BoardPagesTest {
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static final Actor UNIT = new Actor("unit", Role.UNIT, "SD01-C01");
  private static final Actor SUPERVISOR = new Actor("supervisor", Role.SUPERVISOR, null);
  private static final String PHONE = "13800138000";
  private static final String ADDRESS = "幸福路88号7单元";
  private static final String DESCRIPTION = "楼道水管漏水-描述甲";
  private static final String WEEKS = "?from=2026-11-23&to=2026-12-06";
  private static TestService service;
  private static TicketService tickets;
  private static Browserless unit;
  private static Browserless supervisor;
  private static String a;
  private static String b;
  private static String c;
  private static String d;

  /** 10:00 in Shanghai on {@code day}, signed in again (a session lasts less than a day). */
  private static void at(String day) {
    service.clock.set(Instant.parse(day + "T02:00:00Z"));
    signIn();
  }

  private static void signIn() {
    unit = new Browserless(service.httpPort()).signIn("unit");
    supervisor = new Browserless(service.httpPort()).signIn("supervisor");
  }

  private static String report(String category, String phone) {
    return tickets.create(new NewTicket(phone, Channel.AGENT, category, null, DESCRIPTION, null, ADDRESS, null, false,
        false, null), AGENT).await().number();
  }

  @BeforeAll
  static void monday() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
    tickets = service.tickets;
    a = report("utilities", PHONE); // → SD01-C01 (the caller's community), due Tuesday
    b = report("utilities", PHONE);
    c = report("health", "13900139000"); // → DEP-HEALTH, another unit
    signIn();
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  /** The part of a page between an element's id and the end of its section. */
  private static String section(String html, String id) {
    int start = html.indexOf("id=\"" + id + "\"");
    assertTrue(start >= 0, "no " + id + " in the page");
    int end = html.indexOf("</section>", start);
    return html.substring(start, end < 0 ? html.length() : end);
  }

  private static String row(String html, String number) {
    int start = html.indexOf("data-number=\"" + number + "\"");
    assertTrue(start >= 0, number + " is not listed");
    return html.substring(start, html.indexOf("</tr>", start));
  }

  @Test
  @Order(1)
  void theUnitSeesItsNewTicketsAndNeverAnotherUnitsAndAcceptsOneFromTheList() {
    Browserless.Reply page = unit.get("/unit");
    assertEquals(200, page.status());
    String fresh = section(page.body(), "section-new");
    assertTrue(fresh.contains("data-number=\"" + a + "\"") && fresh.contains("data-number=\"" + b + "\""));
    assertTrue(fresh.contains("href=\"/tickets/" + a));
    assertFalse(page.body().contains(c), "another unit's ticket on the worklist");
    assertTrue(row(page.body(), a).contains("action=\"/tickets/" + a + "/accept\""));
    assertFalse(unit.get("/unit?unit=DEP-HEALTH").body().contains(c), "a unit asking for another unit's list");

    assertEquals(403, unit.post("/tickets/" + a + "/accept", Map.of("back", "/unit")).status()); // no csrf
    assertEquals(403, unit.post("/tickets/" + a + "/accept", Map.of("back", "/unit", "csrf", "forged")).status());
    Browserless.Reply accepted = unit.post("/tickets/" + a + "/accept", Map.of("back", "/unit", "csrf", unit.csrf("/unit")));
    assertEquals(303, accepted.status());
    assertEquals("/unit", accepted.location());
    String after = unit.get("/unit").body();
    assertTrue(section(after, "section-inProgress").contains("data-number=\"" + a + "\""));
    assertFalse(row(after, a).contains("/accept"));
  }

  @Test
  @Order(2)
  void theAdministratorPicksAUnitAndOthersAreKeptOut() {
    Browserless admin = new Browserless(service.httpPort()).signIn("admin");
    String chooser = admin.get("/unit").body();
    assertTrue(chooser.contains("<select id=\"unit-choice\"") && chooser.contains("value=\"DEP-HEALTH\""));
    String health = admin.get("/unit?unit=DEP-HEALTH").body();
    assertTrue(health.contains("data-number=\"" + c + "\"") && !health.contains(a));
    assertEquals(404, admin.get("/unit?unit=NOPE").status());
    assertEquals(403, unit.get("/board").status());
    assertEquals(403, new Browserless(service.httpPort()).signIn("agent").get("/unit").status());
    Browserless.Reply anonymous = new Browserless(service.httpPort()).get("/unit");
    assertEquals(303, anonymous.status());
    assertEquals("/login", anonymous.location());
    assertEquals(401, new Browserless(service.httpPort()).getJson("/board/kpis.json").status());
  }

  @Test
  @Order(3)
  void tuesdayATicketDueTodayIsDueSoon() {
    at("2026-11-24");
    tickets.act(a, Action.RESOLVE, ActionRequest.note("换了阀门"), UNIT).await(); // on time
    tickets.recordSurvey(a, new SurveyAnswer("agent", true, "satisfied", null, null), AGENT).await(); // closed
    String page = unit.get("/unit").body();
    assertTrue(section(page, "section-dueSoon").contains("data-number=\"" + b + "\""));
    assertFalse(page.contains("data-number=\"" + a + "\""), "a closed ticket on the worklist");
  }

  @Test
  @Order(4)
  void wednesdayTheBoardShowsTheOverdueTicketAndIssuesASupervisionOrder() {
    at("2026-11-25");
    d = report("utilities", PHONE); // due Thursday
    tickets.act(d, Action.EXTEND, new ActionRequest("等配件", null, Instant.parse("2026-12-04T15:59:59Z")), UNIT).await();
    String worklist = unit.get("/unit").body();
    assertTrue(section(worklist, "section-overdue").contains("data-number=\"" + b + "\""));
    assertTrue(row(worklist, d).contains("badge extension"));

    String board = supervisor.get("/board").body();
    assertTrue(section(board, "units-heading").contains("data-number=\"" + b + "\""));
    assertTrue(board.contains("href=\"#unit-SD01\"") && board.contains("href=\"#unit-SD01-C01\""), "the level tree");
    assertTrue(section(board, "extensions-heading").contains("/tickets/" + d));
    assertFalse(section(board, "extensions-heading").contains("/tickets/" + b));

    assertEquals(403, supervisor.post("/board/supervise", Map.of("number", b)).status()); // no csrf
    assertEquals(403, unit.post("/board/supervise", Map.of("number", b, "csrf", unit.csrf("/unit"))).status());
    TicketingException refused = org.junit.jupiter.api.Assertions.assertThrows(TicketingException.class,
        () -> tickets.superviseOrder(b, "快办", UNIT).await());
    assertEquals(TicketingException.Kind.FORBIDDEN, refused.kind());
    Browserless.Reply issued = supervisor.post("/board/supervise",
        Map.of("number", b, "note", "请今日办结", "csrf", supervisor.csrf("/board")));
    assertEquals(303, issued.status());
    assertEquals("/board?supervised=" + b, issued.location());

    String token = service.api().login("supervisor");
    JsonArray orders = new JsonArray(service.api().get("/api/supervision?kind=supervision", token).body());
    assertEquals(1, orders.size());
    JsonObject order = orders.getJsonObject(0);
    assertEquals(b, order.getString("number"));
    assertEquals("SD01", order.getString("addressedTo")); // one level up, as the deadline watch addresses it
    assertEquals("SD01-C01", order.getString("handlingUnit"));
    assertEquals("2026-11-24T15:59:59Z", order.getString("deadline"));
    assertEquals("2026-11-25T02:00:00Z", order.getString("at"));
    assertTrue(tickets.events(tickets.get(b, SUPERVISOR).await()).await().stream()
        .anyMatch(e -> e.action().equals("supervise") && e.note().contains("请今日办结")));
    assertTrue(row(unit.get("/unit").body(), b).contains("badge supervision"));
    assertTrue(row(supervisor.get("/board").body(), b).contains("badge supervision"));
  }

  @Test
  @Order(5)
  void anUnsatisfiedCallbackPutsTheTicketAmongTheReopened() {
    tickets.act(b, Action.RESOLVE, ActionRequest.note("已处理"), UNIT).await(); // late: due Tuesday
    tickets.recordSurvey(b, new SurveyAnswer("agent", false, "unsatisfied", null, null), AGENT).await(); // reopens
    tickets.act(d, Action.EXTEND, new ActionRequest(null, null, null), SUPERVISOR).await(); // granted
    String board = supervisor.get("/board").body();
    assertTrue(section(board, "reopened-heading").contains("/tickets/" + b));
    assertFalse(section(board, "extensions-heading").contains("/tickets/" + d));
    at("2026-11-30");
    tickets.act(d, Action.RESOLVE, ActionRequest.note("配件已换"), UNIT).await(); // on time after the extension
  }

  @Test
  @Order(6)
  void theKpiJsonHasTheWeeksNumbers() {
    Browserless.Reply reply = supervisor.getJson("/board/kpis.json" + WEEKS);
    assertEquals(200, reply.status());
    JsonObject kpis = new JsonObject(reply.body());
    JsonObject total = kpis.getJsonObject("total");
    assertEquals(4, total.getLong("received")); // A, B, C, D
    assertEquals(3, total.getLong("resolved")); // first resolutions of A, B, D
    assertEquals(2, total.getLong("resolvedOnTime")); // A, D (B was late)
    assertEquals(0.6667, total.getDouble("onTimeRate"));
    assertEquals(1, total.getLong("closed")); // A
    assertEquals(1.0, total.getDouble("oneTimeCompletionRate"));
    assertEquals(0.6667, total.getDouble("callbackRate")); // A and B reached, D not yet
    assertEquals(0.5, total.getDouble("satisfactionRate"));
    assertEquals(2, total.getLong("overdue")); // B (reopened, due Thursday) and C
    Kpis same = tickets.kpis(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-12-06"), null).await();
    assertEquals(same.toJson().put("name", total.getString("name")).encode(), total.encode());
    assertEquals(0.86, kpis.getJsonObject("targets").getDouble("oneTimeCompletionRate"));
    assertEquals(0.98, kpis.getJsonObject("targets").getDouble("satisfactionRate"));

    JsonArray weeks = kpis.getJsonArray("weeks");
    assertEquals(2, weeks.size());
    assertEquals("2026-11-23", weeks.getJsonObject(0).getString("week"));
    assertEquals(List.of(4L, 2L, 1L), List.of(weeks.getJsonObject(0).getLong("received"),
        weeks.getJsonObject(0).getLong("resolved"), weeks.getJsonObject(0).getLong("resolvedOnTime")));
    assertEquals(List.of(0L, 1L, 1L), List.of(weeks.getJsonObject(1).getLong("received"),
        weeks.getJsonObject(1).getLong("resolved"), weeks.getJsonObject(1).getLong("resolvedOnTime")));

    JsonObject community = unitOf(kpis.getJsonArray("units"), "SD01-C01");
    assertEquals(List.of(3L, 3L, 2L, 1L), List.of(community.getLong("received"), community.getLong("resolved"),
        community.getLong("resolvedOnTime"), community.getLong("overdue")));
    JsonObject health = unitOf(kpis.getJsonArray("units"), "DEP-HEALTH");
    assertEquals(1, health.getLong("received"));
    assertEquals(0, health.getLong("resolved"));
    assertTrue(health.containsKey("onTimeRate") && health.getValue("onTimeRate") == null, "no rate without a resolution");
  }

  private static JsonObject unitOf(JsonArray units, String code) {
    return units.stream().map(JsonObject.class::cast).filter(u -> code.equals(u.getString("unit"))).findFirst()
        .orElseThrow(() -> new AssertionError("no " + code + " in " + units));
  }

  @Test
  @Order(7)
  void theCsvHasOneRowPerUnitAndWeek() {
    Browserless.Reply csv = supervisor.get("/board/kpis.csv" + WEEKS);
    assertEquals(200, csv.status());
    assertTrue(csv.contentType().startsWith("text/csv"));
    assertTrue(csv.disposition().startsWith("attachment;") && csv.disposition().contains("2026-11-23"));
    assertTrue(csv.body().startsWith("\uFEFF"), "a byte-order mark for Excel");
    List<String> lines = csv.body().substring(1).lines().toList();
    assertEquals(4, lines.size(), csv.body()); // header, DEP-HEALTH week 1, SD01-C01 weeks 1 and 2
    assertTrue(lines.get(0).startsWith("单位代码,单位,") || lines.get(0).startsWith("Unit code,Unit,"));
    assertEquals("DEP-HEALTH,区卫健局,2026-11-23,2026-11-29,1,0,0,,0,0,,0,,0,0,", lines.get(1));
    assertEquals("SD01-C01,解放第1社区（演示）,2026-11-23,2026-11-29,3,2,1,0.5,1,1,1.0,2,1.0,2,1,0.5", lines.get(2));
    assertEquals("SD01-C01,解放第1社区（演示）,2026-11-30,2026-12-06,0,1,1,1.0,0,0,,0,0.0,0,0,", lines.get(3));
  }

  @Test
  @Order(8)
  void theKpiPageHasTheChartsAndTheTable() {
    String page = supervisor.get("/board/kpis" + WEEKS).body();
    assertTrue(page.contains("/webjars/echarts/5.3.1/dist/echarts.min.js") && page.contains("/static/board.js"));
    assertTrue(page.contains("data-src=\"/board/kpis.json?from=2026-11-23&amp;to=2026-12-06\""));
    assertTrue(row(page.replace("data-unit=", "data-number="), "SD01-C01").contains("<td>3</td>"));
    assertTrue(page.contains("id=\"kpi-handovers\""), "the \"112\" hand-over table is on the page");
    Browserless anonymous = new Browserless(service.httpPort());
    assertEquals(200, anonymous.get("/webjars/echarts/5.3.1/dist/echarts.min.js").status());
    assertEquals(200, anonymous.get("/static/board.js").status());
  }

  @Test
  @Order(9)
  void thePublicResultsNeedNoLoginAndNameNoResident() {
    Browserless anonymous = new Browserless(service.httpPort());
    Browserless.Reply results = anonymous.get("/results" + WEEKS);
    assertEquals(200, results.status());
    String page = results.body();
    assertTrue(page.contains("解放第1社区（演示）") && page.contains("区卫健局"));
    assertTrue(row(page.replace("data-unit=", "data-number="), "SD01-C01").contains("<td>3</td>"));
    assertTrue(page.contains("data-chart=\"units\"") && page.contains("data-kpis=\""));
    for (String secret : List.of(PHONE, "138****8000", "13900139000", ADDRESS, DESCRIPTION, a, b, c, d, "张先生")) {
      assertFalse(page.contains(secret), "the public page shows " + secret);
    }
    assertEquals(200, anonymous.get("/results").status());
    assertNotNull(page);
  }

  @Test
  @Order(10)
  void absurdOrReversedDatesAre400() {
    Browserless anonymous = new Browserless(service.httpPort());
    assertEquals(400, anonymous.get("/results?from=10000-01-01").status());
    assertEquals(400, anonymous.get("/results?from=2026-12-01&to=2026-11-01").status());
    assertEquals(400, supervisor.getJson("/board/kpis.json?from=nonsense").status());
    assertEquals(400, supervisor.get("/board/kpis.csv?to=1999-12-31").status());
    assertEquals(400, supervisor.get("/board/kpis?from=2026-02-30").status());
  }
}
