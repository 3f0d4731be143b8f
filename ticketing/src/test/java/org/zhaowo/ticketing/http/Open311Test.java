package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.time.Instant;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.InputSource;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketNumbers;

/** Open311 GeoReport v2 over a real socket, speaking the spec's own example requests. */
class Open311Test {
  private static final String FORM = "application/x-www-form-urlencoded";
  /** The spec's example POST, with the demo district's key and one of its service codes. */
  private static final String SPEC_EXAMPLE = "api_key=demo-open311-key&jurisdiction_id=city.gov&service_code=environment"
      + "&lat=37.76524078&long=-122.4212043&address_string=123+Fake+St&email=smit222%40sfgov.edu&device_id=tt222111"
      + "&account_id=123456&first_name=john&last_name=smith&phone=111111111"
      + "&description=A+large+sinkhole+is+destroying+the+street"
      + "&media_url=http%3A%2F%2Ffarm3.static.flickr.com%2F2002%2F2212426634_5ed477a060.jpg";
  private static TestService service;
  private static Api api;
  private static String supervisor;

  @BeforeAll
  static void start() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
    api = service.api();
    supervisor = api.login("supervisor");
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Api.Reply post(String path, String form) {
    return api.sendAs("POST", path, null, FORM, form);
  }

  private static String report(String form) {
    Api.Reply reply = post("/open311/v2/requests.json", form);
    assertEquals(200, reply.status(), reply.body());
    JsonObject created = new JsonArray(reply.body()).getJsonObject(0);
    assertTrue(created.containsKey("account_id"));
    assertFalse(created.getString("service_notice").isBlank());
    return created.getString("service_request_id");
  }

  private static Document xml(Api.Reply reply) throws Exception {
    assertTrue(reply.contentType().startsWith("text/xml"), reply.contentType());
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(reply.body())));
  }

  private static void assertError(Api.Reply reply, int code) {
    assertEquals(code, reply.status(), reply.body());
    JsonObject error = new JsonArray(reply.body()).getJsonObject(0);
    assertEquals(code, error.getInteger("code"));
    assertFalse(error.getString("description").isBlank());
  }

  private static JsonObject request(String number) {
    Api.Reply reply = api.get("/open311/v2/requests/" + number + ".json", null);
    assertEquals(200, reply.status(), reply.body());
    JsonArray list = new JsonArray(reply.body());
    assertEquals(1, list.size());
    return list.getJsonObject(0);
  }

  @Test
  void servicesAreTheCategoriesInJsonAndXml() throws Exception {
    JsonArray services = new JsonArray(api.get("/open311/v2/services.json", null).body());
    assertEquals(9, services.size());
    JsonObject first = services.getJsonObject(0);
    assertEquals("utilities", first.getString("service_code"));
    assertEquals("水电气维修", first.getString("service_name"));
    assertEquals(false, first.getBoolean("metadata"));
    assertEquals("realtime", first.getString("type"));
    Document doc = xml(api.get("/open311/v2/services.xml", null));
    assertEquals("services", doc.getDocumentElement().getTagName());
    assertEquals(9, doc.getElementsByTagName("service").getLength());
    Element service = (Element) doc.getElementsByTagName("service").item(0);
    assertEquals("utilities", service.getElementsByTagName("service_code").item(0).getTextContent());
    assertEquals("false", service.getElementsByTagName("metadata").item(0).getTextContent());
  }

  @Test
  void theSpecsExampleRequestBecomesAWebTicket() {
    String number = report(SPEC_EXAMPLE);
    assertTrue(TicketNumbers.isValid(number), number);
    JsonObject ticket = api.get("/api/tickets/" + number, supervisor).json();
    assertEquals("web", ticket.getString("channel"));
    assertNull(ticket.getString("callerPhone")); // 111111111 is no number to call back
    assertEquals("123 Fake St", ticket.getString("address"));
    assertEquals(37.76524078, ticket.getDouble("lat"), 1e-7);
    assertEquals(-122.4212043, ticket.getDouble("lon"), 1e-7);
    assertTrue(ticket.getString("description").startsWith("A large sinkhole is destroying the street"));
    assertEquals("dispatched", ticket.getString("state"));
  }

  @Test
  void anAddressAloneIsALocationAndXmlAnswersInXml() throws Exception {
    Api.Reply reply = post("/open311/v2/requests.xml", "api_key=demo-open311-key&service_code=utilities"
        + "&address_string=" + java.net.URLEncoder.encode("3号楼2单元 <501>", "UTF-8") + "&description=%E6%BC%8F%E6%B0%B4");
    assertEquals(200, reply.status(), reply.body());
    Document doc = xml(reply);
    assertEquals("service_requests", doc.getDocumentElement().getTagName());
    String number = doc.getElementsByTagName("service_request_id").item(0).getTextContent();
    JsonObject ticket = api.get("/api/tickets/" + number, supervisor).json();
    assertEquals("3号楼2单元 <501>", ticket.getString("address"));
    assertEquals("漏水", ticket.getString("description"));
    assertNull(ticket.getValue("lat"));
  }

  @Test
  void aRequestShowsItsStatusButNeverTheResident() throws Exception {
    String number = report(SPEC_EXAMPLE.replace("phone=111111111", "phone=13900139000"));
    assertEquals("13900139000", api.get("/api/tickets/" + number, supervisor).json().getString("callerPhone"));
    JsonObject request = request(number);
    assertEquals(number, request.getString("service_request_id"));
    assertEquals("open", request.getString("status"));
    assertEquals("environment", request.getString("service_code"));
    assertEquals("环境卫生", request.getString("service_name"));
    assertTrue(request.getString("description").startsWith("A large sinkhole"));
    assertFalse(request.getString("agency_responsible").isBlank());
    assertEquals("2026-11-23T10:00:00+08:00", request.getString("requested_datetime"));
    assertTrue(request.getString("expected_datetime").endsWith("+08:00"));
    assertEquals("123 Fake St", request.getString("address"));
    assertEquals(37.76524078, request.getDouble("lat"), 1e-7);
    assertEquals(-122.4212043, request.getDouble("long"), 1e-7);
    for (String format : new String[] {".json", ".xml"}) {
      String body = api.get("/open311/v2/requests/" + number + format, null).body();
      assertFalse(body.contains("13900139000") || body.contains("0139") || body.contains("****"), body);
      assertFalse(body.contains("smith") || body.contains("smit222") || body.contains("tt222111"), body);
    }
    Document doc = xml(api.get("/open311/v2/requests/" + number + ".xml", null));
    assertEquals("open", doc.getElementsByTagName("status").item(0).getTextContent());
    String listed = api.get("/open311/v2/requests.json?service_request_id=" + number, null).body();
    assertEquals(number, new JsonArray(listed).getJsonObject(0).getString("service_request_id"));
  }

  @Test
  void aConfidentialTicketsDescriptionIsWithheld() {
    String number = service.tickets.create(new NewTicket("13500135000", Channel.AGENT, "safety", null, "举报楼下赌博",
        null, "5号楼", null, true, false, null), Actor.system("test")).await().number();
    JsonObject request = request(number);
    assertNull(request.getValue("description"));
    assertFalse(api.get("/open311/v2/requests.json", null).body().contains("举报楼下赌博"));
  }

  @Test
  void whatAResidentToldTheHotlineIsNotPublished() {
    String number = service.tickets.create(new NewTicket("13500135001", Channel.AGENT, "utilities", null, "张阿姨家厨房漏水",
        null, "3号楼2单元501", null, false, false, null), Actor.system("test")).await().number();
    JsonObject request = request(number);
    assertEquals("open", request.getString("status"), "its state is public");
    assertNull(request.getValue("description"));
    assertNull(request.getValue("address"));
    String listed = api.get("/open311/v2/requests.json", null).body();
    assertFalse(listed.contains("张阿姨") || listed.contains("3号楼2单元501"), listed);
  }

  @Test
  void theStatusTurnsClosedOnceResolvedAndClosed() {
    String number = report(SPEC_EXAMPLE);
    String unit = api.get("/api/tickets/" + number, supervisor).json().getString("unit");
    Actor staff = new Actor("urban", Role.UNIT, unit);
    service.tickets.act(number, Action.ACCEPT, ActionRequest.note(null), staff).await();
    service.tickets.act(number, Action.RESOLVE, ActionRequest.note("已回填路面 (the hole is filled)"), staff).await();
    service.tickets.act(number, Action.CLOSE, ActionRequest.note(null), Actor.system("test")).await();
    JsonObject request = request(number);
    assertEquals("closed", request.getString("status"));
    assertEquals("已回填路面 (the hole is filled)", request.getString("status_notes"));
    JsonArray closed = new JsonArray(api.get("/open311/v2/requests.json?status=closed&service_code=environment", null).body());
    assertTrue(closed.stream().map(o -> ((JsonObject) o).getString("service_request_id")).toList().contains(number));
    JsonArray open = new JsonArray(api.get("/open311/v2/requests.json?status=open", null).body());
    assertFalse(open.stream().map(o -> ((JsonObject) o).getString("service_request_id")).toList().contains(number));
  }

  @Test
  void aSecondReportOfTheSameHoleIsLinkedForAnAgentAndOnceMergedSaysWhichRequestCarriesOn() {
    String first = report(SPEC_EXAMPLE.replace("123+Fake+St", "77+Merge+Rd"));
    String second = report(SPEC_EXAMPLE.replace("123+Fake+St", "77++merge+rd"));
    Actor agent = new Actor("agent", Role.AGENT, null);
    var pairs = service.tickets.possibleDuplicates(agent).await().stream()
        .filter(d -> d.ticket().number().equals(second)).toList();
    assertEquals(1, pairs.size());
    assertEquals(first, pairs.get(0).of().number());
    assertEquals("same_address", pairs.get(0).reason());
    service.tickets.merge(second, first, null, agent).await();
    JsonObject merged = request(second);
    assertEquals("closed", merged.getString("status"));
    assertTrue(merged.getString("status_notes").contains(first), merged.encode());
    assertEquals("open", request(first).getString("status"));

    // merged into a confidential ticket: its number is not tied to this public place
    Ticket secret = service.tickets.create(new org.zhaowo.ticketing.NewTicket("13800138000", org.zhaowo.ticketing.Channel.AGENT,
        "environment", null, "举报", null, "88 Quiet Rd", null, true, false, null, null, null), agent).await();
    String third = report(SPEC_EXAMPLE.replace("123+Fake+St", "88+Quiet+Rd"));
    service.tickets.merge(third, secret.number(), null, agent).await();
    JsonObject hidden = request(third);
    assertFalse(hidden.getString("status_notes").contains(secret.number()), hidden.encode());
    assertTrue(hidden.getString("status_notes").contains("merged"), hidden.encode());
  }

  @Test
  void theDefaultListIsTheLast90Days() {
    String number = report(SPEC_EXAMPLE);
    JsonArray recent = new JsonArray(api.get("/open311/v2/requests.json", null).body());
    assertTrue(recent.stream().anyMatch(o -> number.equals(((JsonObject) o).getString("service_request_id"))));
    JsonArray old = new JsonArray(api.get("/open311/v2/requests.json?end_date=2026-01-01T00:00:00%2B08:00", null).body());
    assertEquals(0, old.size());
    JsonArray span = new JsonArray(api.get(
        "/open311/v2/requests.json?start_date=2026-11-23T00:00:00Z&end_date=2026-11-24", null).body());
    assertTrue(span.stream().anyMatch(o -> number.equals(((JsonObject) o).getString("service_request_id"))));
  }

  @Test
  void aReportNeedsTheKeyAKnownServiceAndAPlace() throws Exception {
    assertError(post("/open311/v2/requests.json", SPEC_EXAMPLE.replace("api_key=demo-open311-key&", "")), 403);
    assertError(post("/open311/v2/requests.json", SPEC_EXAMPLE.replace("demo-open311-key", "xyz")), 403);
    assertError(post("/open311/v2/requests.json", SPEC_EXAMPLE.replace("service_code=environment", "service_code=001")), 400);
    assertError(post("/open311/v2/requests.json", SPEC_EXAMPLE.replace("lat=37.76524078", "lat=91")), 400);
    assertError(post("/open311/v2/requests.json", SPEC_EXAMPLE.replace("lat=37.76524078", "lat=NaN")), 400);
    assertError(post("/open311/v2/requests.json", SPEC_EXAMPLE.replace("lat=37.76524078&", "")), 400);
    assertError(post("/open311/v2/requests.json", "api_key=demo-open311-key&service_code=utilities&description=x"), 400);
    Api.Reply xmlError = post("/open311/v2/requests.xml", "service_code=utilities");
    assertEquals(403, xmlError.status());
    Document doc = xml(xmlError);
    assertEquals("errors", doc.getDocumentElement().getTagName());
    assertEquals("403", doc.getElementsByTagName("code").item(0).getTextContent());
  }

  @Test
  void badDatesStatusesAndUnknownRequestsAreErrorDocuments() {
    assertError(api.get("/open311/v2/requests.json?start_date=2026-13-01", null), 400);
    assertError(api.get("/open311/v2/requests.json?end_date=10000-01-01T00:00:00Z", null), 400);
    assertError(api.get("/open311/v2/requests.json?start_date=2026-11-02&end_date=2026-11-01", null), 400);
    assertError(api.get("/open311/v2/requests.json?status=pending", null), 400);
    assertError(api.get("/open311/v2/requests/" + TicketNumbers.fromSerial(9_999_999) + ".json", null), 404);
    assertError(api.get("/open311/v2/requests/12345.json", null), 404);
    assertError(api.get("/open311/v2/nothing.json", null), 404);
  }
}
