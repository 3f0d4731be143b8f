package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.TicketNumbers;

/** The headers every answer carries, HEAD wherever GET is, and bodies only of the type each door takes. */
class HeadersTest {
  private static TestService service;
  private static Api api;
  private static String agent;

  @BeforeAll
  static void start() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
    api = service.api();
    agent = api.login("agent");
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @Test
  void everyAnswerIsNosniffAndEveryApiAnswerNoStore() {
    for (Api.Reply reply : new Api.Reply[] {api.get("/api/categories", agent), api.get("/api/tickets/1234", agent),
        api.get("/api/nothing", agent), api.get("/api/tickets", null)}) {
      assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.body());
      assertEquals("no-store", reply.header("Cache-Control"), reply.body());
    }
    for (Api.Reply reply : new Api.Reply[] {api.get("/health", null), api.get("/login", null), api.get("/nothing", null),
        api.get("/static/console.css", null), api.get("/open311/v2/services.json", null)}) {
      assertEquals("nosniff", reply.header("X-Content-Type-Options"), reply.body());
    }
    Api.Reply problem = api.get("/nothing", null);
    assertEquals(404, problem.status());
    assertEquals("no-store", problem.header("Cache-Control"));
  }

  @Test
  void every401FromTheApiNamesTheBearerScheme() {
    Api.Reply wrong = api.send("POST", "/api/login", null, new JsonObject().put("username", "admin").put("password", "x").encode());
    for (Api.Reply reply : new Api.Reply[] {api.get("/api/tickets", null), api.get("/api/tickets", "not-a-token"),
        api.post("/api/logout", null, null), wrong}) {
      assertEquals(401, reply.status(), reply.body());
      assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), reply.header("WWW-Authenticate"));
    }
  }

  @Test
  void everyConsolePageAndErrorPageHasTheContentSecurityPolicy() {
    Browserless unit = new Browserless(service.httpPort()).signIn("unit");
    for (Browserless.Reply page : new Browserless.Reply[] {unit.get("/login"), unit.get("/unit"),
        unit.get("/tickets/1234"), unit.get("/board"), unit.postAs("/unit", "text/plain", "x=1")}) {
      assertTrue(page.header("Content-Security-Policy").contains("default-src 'self'"), page.status() + " " + page.body());
      assertEquals("nosniff", page.header("X-Content-Type-Options"));
      assertTrue(page.contentType().startsWith("text/html"), page.contentType());
    }
  }

  @Test
  void headIsAnsweredWhereverGetIsWithoutABody() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    Browserless supervisor = new Browserless(service.httpPort()).signIn("supervisor");
    for (String path : new String[] {"/health", "/login", "/static/console.css", "/open311/v2/services.json"}) {
      HttpResponse<String> get = http.send(request(path, "GET"), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> head = http.send(request(path, "HEAD"), HttpResponse.BodyHandlers.ofString());
      assertEquals(get.statusCode(), head.statusCode(), path);
      assertEquals(200, head.statusCode(), path);
      assertEquals("", head.body(), path);
      assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"), path);
    }
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base() + "/api/categories"))
        .header("Authorization", "Bearer " + agent).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, api.statusCode());
    assertEquals("", api.body());
    Browserless.Reply board = supervisor.head("/board");
    assertEquals(200, board.status());
    assertEquals("", board.body());
    HttpResponse<String> unsigned = http.send(request("/api/tickets/" + TicketNumbers.fromSerial(9_999_998), "HEAD"),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(401, unsigned.statusCode());
    assertEquals("", unsigned.body());
  }

  @Test
  void consoleFormsMustBeForms() {
    Browserless browser = new Browserless(service.httpPort());
    String csrf = Browserless.field(browser.get("/login").body());
    assertEquals(415, browser.postAs("/login", "application/json", new JsonObject().put("username", "agent")
        .put("password", "demo").put("csrf", csrf).encode()).status());
    assertEquals(415, browser.postAs("/login", "text/plain", "username=agent&password=demo&csrf=" + csrf).status());
    assertEquals(303, browser.post("/login", Map.of("username", "agent", "password", "demo", "csrf", csrf)).status());
    assertEquals(415, browser.postAs("/agent/tickets", "multipart/form-data; boundary=x", "--x--").status());
  }

  private static HttpRequest request(String path, String method) {
    return HttpRequest.newBuilder(URI.create(base() + path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
  }

  private static String base() {
    return "http://127.0.0.1:" + service.httpPort();
  }
}
