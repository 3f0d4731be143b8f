package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.zhaowo.ivr.CallClient;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.FakeAmi;
import org.zhaowo.ticketing.MutableClock;

/**
 * The agent desk in a real headless Chromium against the whole service: a hotline caller presses 0, the
 * (fake) Asterisk Manager reports the queue connecting the call to PJSIP/agent01, and the demo agent's
 * open page shows the caller, their tickets and what the IVR gathered, pushed, without a reload; the
 * agent registers and dispatches a ticket from it; a second call about the same problem is refused as
 * a second ticket and added to the first instead.
 */
class AgentConsoleBrowserTest {
  /** Tuesday 1 December 2026, 10:00 in Shanghai: a working day, inside the agents' hours. */
  static final Instant TUESDAY_10AM = Instant.parse("2026-12-01T02:00:00Z");
  static final String CALLER = "13800138000"; // a demo resident

  static FakeAmi ami;
  static MutableClock clock;
  static Zhaowo zhaowo;

  @BeforeAll
  static void start() throws Exception {
    ami = new FakeAmi();
    clock = new MutableClock(TUESDAY_10AM);
    Path data = Files.createTempDirectory("zhaowo-console");
    zhaowo = Zhaowo.start(Config.of(Map.of("ZHAOWO_DATA_DIR", data.toString(), "ZHAOWO_HTTP_PORT", "0",
        "ZHAOWO_AGI_PORT", "0", "ZHAOWO_AMI_HOST", "127.0.0.1", "ZHAOWO_AMI_PORT", String.valueOf(ami.port()),
        "ZHAOWO_AMI_USER", FakeAmi.USER, "ZHAOWO_AMI_SECRET", FakeAmi.SECRET,
        "ZHAOWO_IVR_AGENT_HOURS", "00:00-00:00")), clock);
    assertTrue(ami.awaitLogins(1, Duration.ofSeconds(20)), "the IVR's queue listener logs in to the AMI");
  }

  @AfterAll
  static void stop() throws Exception {
    zhaowo.close();
    ami.close();
  }

  /** A hotline call from {@code phone} that presses 0 at the main menu: handed to a person. */
  static void callAndAskForAPerson(String phone, String uniqueId) throws Exception {
    call(phone, uniqueId, "0");
  }

  /** A hotline call pressing {@code keys} (scripts/call's --keys) that ends with a person. */
  static void call(String phone, String uniqueId, String keys) throws Exception {
    ByteArrayOutputStream transcript = new ByteArrayOutputStream();
    int status = CallClient.run(clock, new PrintStream(transcript, true, StandardCharsets.UTF_8), "--port",
        String.valueOf(zhaowo.agiPort()), "--from", phone, "--keys", keys, "--unique-id", uniqueId);
    String said = transcript.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, said);
    assertTrue(said.contains("ZHAOWO_NEXT=agent"), said);
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (zhaowo.callLog().call(uniqueId).await().isEmpty()) { // written just after the call leaves the IVR
      assertTrue(System.nanoTime() < end, "the IVR records the hand-off of " + uniqueId);
      Thread.sleep(20);
    }
  }

  static void queueConnects(String uniqueId, String phone, String ticket) throws Exception {
    Map<String, String> variables = ticket == null ? Map.of("ZHAOWO_CALLER", phone)
        : Map.of("ZHAOWO_CALLER", phone, "ZHAOWO_TICKET", ticket);
    // the IVR's queue listener is one client; the SMS gateway's survey dialer may have logged in too
    assertTrue(ami.emit(FakeAmi.agentConnect(uniqueId, phone, variables, "PJSIP/agent01", "PJSIP/agent01-0000002a")) >= 1);
  }

  @Test
  void aHandedOffCallPopsUpIsRegisteredAndARepeatCallJoinsIt() throws Exception {
    try (Browser agent = new Browser(zhaowo.httpPort(), false)) {
      agent.login("agent", "demo");
      assertTrue(agent.driver.getCurrentUrl().endsWith("/agent"), agent.driver.getCurrentUrl());
      String connected = agent.find(By.id("live")).getAttribute("data-connected");
      agent.waitUntil(ExpectedConditions.textToBe(By.id("live"), connected), Duration.ofSeconds(10));

      callAndAskForAPerson(CALLER, "1764554400.101");
      long sent = System.nanoTime();
      queueConnects("1764554400.101", CALLER, null);
      agent.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#pop .caller-number"), CALLER),
          Duration.ofSeconds(10));
      System.out.printf("Screen pop shown %d ms after the AMI event%n", (System.nanoTime() - sent) / 1_000_000);
      String pop = agent.text(By.id("pop"));
      assertTrue(pop.contains("来电人按 0 要求人工"), pop); // why the IVR handed it over
      assertTrue(pop.contains("main"), "the menus the caller went through: " + pop);
      assertTrue(pop.contains("网格长"), "the grid head and their phone: " + pop);
      agent.screenshot("agent-pop");

      // register from the pop: the category's rule names the unit and the deadline
      new Select(agent.find(By.id("intake-category"))).selectByValue("utilities");
      agent.type(By.id("intake-description"), "3号楼下水管漏水");
      agent.find(By.id("intake-submit")).click();
      agent.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("ticket-number")), Duration.ofSeconds(10));
      String number = agent.text(By.id("ticket-number"));
      assertEquals("已交办", agent.text(By.id("ticket-state")));
      agent.screenshot("agent-ticket-created");

      // dispatch elsewhere (the rule is overridable): the history shows it at once
      new Select(agent.find(By.id("dispatch-unit"))).selectByValue("SD01");
      agent.type(By.id("dispatch-note"), "涉及多个社区，交街道办理");
      agent.find(By.cssSelector("#action-dispatch button")).click();
      agent.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("ticket-unit"), "SD01"), Duration.ofSeconds(10));
      assertTrue(agent.text(By.id("history")).contains("涉及多个社区"), agent.text(By.id("history")));

      // the same caller again: the pop warns of the open ticket, and a second ticket is refused
      agent.open("/agent");
      agent.waitUntil(ExpectedConditions.textToBe(By.id("live"), connected), Duration.ofSeconds(10));
      callAndAskForAPerson(CALLER, "1764554900.102");
      queueConnects("1764554900.102", CALLER, null);
      agent.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pop .duplicates")), Duration.ofSeconds(10));
      assertTrue(agent.text(By.cssSelector("#pop .duplicates")).contains(number));
      new Select(agent.find(By.id("intake-category"))).selectByValue("utilities");
      agent.type(By.id("intake-description"), "水管还在漏");
      agent.find(By.id("intake-submit")).click();
      agent.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".duplicates .error")), Duration.ofSeconds(10));
      agent.screenshot("agent-duplicate-refused");
      agent.find(By.cssSelector(".duplicates .add-to-ticket")).click();
      agent.waitUntil(ExpectedConditions.presenceOfElementLocated(By.id("ticket-number")), Duration.ofSeconds(10));
      assertEquals(number, agent.text(By.id("ticket-number")));
      assertTrue(agent.text(By.id("history")).contains("重复来电"), agent.text(By.id("history")));

      Api api = new Api(zhaowo.httpPort());
      JsonObject listed = api.get("/api/tickets?caller=" + CALLER, api.login("supervisor")).json();
      assertEquals(1, listed.getJsonArray("items").stream()
          .filter(t -> ((JsonObject) t).getString("description").contains("漏")).count(), "one ticket, not two: " + listed);
    }
  }

  @Test
  void thePopShowsTheTicketTheIvrRegisteredAndOnlyToTheAgentAtThatPhone() throws Exception {
    Api api = new Api(zhaowo.httpPort());
    String ticket = api.post("/api/tickets", api.login("agent"), new JsonObject().put("callerPhone", "13900139000")
        .put("category", "environment").put("description", "楼道堆放杂物").put("channel", "phone_ivr")).json().getString("number");
    try (Browser agent = new Browser(zhaowo.httpPort(), true)) {
      agent.login("agent", "demo");
      String connected = agent.find(By.id("live")).getAttribute("data-connected");
      agent.waitUntil(ExpectedConditions.textToBe(By.id("live"), connected), Duration.ofSeconds(10));
      // a call to another phone nobody signed in sits at pops nothing up here
      ami.emit(FakeAmi.agentConnect("1764555000.201", "13900139000", Map.of("ZHAOWO_CALLER", "13900139000"),
          "PJSIP/agent02", "PJSIP/agent02-0000002b"));
      queueConnects("1764555000.202", "13900139000", ticket);
      agent.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pop .ivr-ticket")), Duration.ofSeconds(10));
      assertTrue(agent.text(By.cssSelector("#pop .ivr-ticket")).contains(ticket));
      assertTrue(agent.text(By.cssSelector("#pop .caller-number")).contains("13900139000"));
      assertEquals(1, agent.driver.findElements(By.cssSelector("#pop .pop")).size(), "one pop: agent02's call is not shown");
      agent.screenshot("agent-pop-ivr-ticket-en");
    }
  }

  @Test
  void theCategoryChosenInTheMenusIsShownAndPreselected() throws Exception {
    try (Browser agent = new Browser(zhaowo.httpPort(), false)) {
      agent.login("agent", "demo");
      String connected = agent.find(By.id("live")).getAttribute("data-connected");
      agent.waitUntil(ExpectedConditions.textToBe(By.id("live"), connected), Duration.ofSeconds(10));
      // report (1), group 2, its third category, a recording ended by #, then 0 at the callback question
      call("13700137000", "1764555100.301", "1,2,3,#,0");
      queueConnects("1764555100.301", "13700137000", null);
      agent.waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#pop .chosen-category")), Duration.ofSeconds(10));
      String chosen = zhaowo.callLog().call("1764555100.301").await().orElseThrow().category();
      assertTrue(chosen != null, "the IVR recorded the category");
      assertEquals(chosen, new Select(agent.find(By.id("intake-category"))).getFirstSelectedOption().getAttribute("value"));
      assertFalse(agent.text(By.cssSelector("#pop .chosen-category")).equals("—"));
      assertEquals(1, agent.driver.findElements(By.cssSelector("#pop audio")).size(), "the recording can be played");
      agent.screenshot("agent-pop-chosen-category");
    }
  }

  @Test
  void aUnitUserGetsNoCallFeedAndFormsNeedTheirToken() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + zhaowo.httpPort();
    // sign in as the unit user through the form, as a browser would
    HttpResponse<String> loginPage = http.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
        HttpResponse.BodyHandlers.ofString());
    String loginCookie = cookie(loginPage, "zhaowo_login");
    String token = field(loginPage.body(), "csrf");
    HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Cookie", "zhaowo_login=" + loginCookie).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=unit&password=demo&csrf=" + token)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(303, signedIn.statusCode(), signedIn.body());
    String session = cookie(signedIn, "zhaowo_session");
    assertTrue(signedIn.headers().allValues("Set-Cookie").stream()
        .anyMatch(c -> c.startsWith("zhaowo_session=") && c.toLowerCase(java.util.Locale.ROOT).contains("httponly")
            && c.contains("SameSite=Strict")));
    HttpResponse<String> events = http.send(HttpRequest.newBuilder(URI.create(base + "/agent/events"))
        .header("Cookie", "zhaowo_session=" + session).header("Accept", "text/event-stream").build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(403, events.statusCode(), "a unit user never hears the agents' calls");
    HttpResponse<String> forged = http.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
        .header("Cookie", "zhaowo_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(303, forged.statusCode());
    HttpResponse<String> stillIn = http.send(HttpRequest.newBuilder(URI.create(base + "/tickets/none"))
        .header("Cookie", "zhaowo_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
    // still signed in: the page answers (400, "none" is no ticket number) instead of sending to the login
    assertEquals(400, stillIn.statusCode(), "a sign-out without the form's token ends nothing");
    HttpResponse<String> noToken = http.send(HttpRequest.newBuilder(URI.create(base + "/tickets/none/accept"))
        .header("Cookie", "zhaowo_session=" + session).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("note=x")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(403, noToken.statusCode(), noToken.body());
    assertFalse(noToken.body().contains("Exception"));
  }

  static String cookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith(name + "="))
        .map(c -> c.substring(name.length() + 1, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name + " cookie in " + response.headers()));
  }

  static String field(String html, String name) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
    assertTrue(m.find(), "no " + name + " field in " + html);
    return m.group(1);
  }
}
