package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.QueueConnect;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.Ticket;

/**
 * The agent desk over real HTTP against the real service and PostgreSQL, signed in through the login
 * form: intake rules (duplicates, immediate items, bad input), what each role sees of the caller, the
 * pushed event stream (what it carries, to whom, and that it ends with the session), and the redirect
 * rules. The same desk in a real browser, with the IVR and AMI, is launcher's AgentConsoleBrowserTest.
 */
class AgentPagesTest {
  /** Tuesday 1 December 2026, 10:00 in Shanghai. */
  private static final Instant TUESDAY_10AM = Instant.parse("2026-12-01T02:00:00Z");
  private static final Actor AGENT = new Actor("agent", Role.AGENT, null);
  private static TestService service;

  @BeforeAll
  static void start() {
    service = new TestService(TUESDAY_10AM);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Browserless signedIn(String user) {
    return new Browserless(service.httpPort()).signIn(user);
  }

  private static Map<String, String> intake(String csrf, String phone, String category, String address, String text) {
    return new java.util.HashMap<>(Map.of("csrf", csrf, "phone", phone, "category", category, "address", address,
        "description", text));
  }

  @Test
  void anotherCallerAtTheSameAddressIsALikelyDuplicateAndConfirmingNamesWhatWasChecked() {
    Browserless agent = signedIn("agent");
    String csrf = agent.csrf("/agent");
    // a neighbour reports at the demo resident 13700137000's address, spaced and cased differently
    Browserless.Reply first = agent.post("/agent/tickets", intake(csrf, "13912345678", "environment",
        "jiefang community 1,building 2", "垃圾桶满了"));
    assertEquals(303, first.status(), first.body());
    String number = first.location().replaceAll("^/tickets/([^?]+).*$", "$1");
    // the resident calls: the pop warns from their address on file, before any category is chosen
    Browserless.Reply pop = agent.get("/agent?phone=13700137000");
    assertTrue(pop.body().contains("class=\"notice duplicates\"") && pop.body().contains(number), pop.body());
    // a caller the hotline does not know yet: warned once the address is typed in
    Browserless.Reply refused = agent.post("/agent/tickets", intake(csrf, "13812345679", "environment",
        "Jiefang Community 1, Building 2", "垃圾没人收"));
    assertEquals(409, refused.status());
    assertTrue(refused.body().contains(number), "the refusal names the likely duplicate");
    assertTrue(refused.body().contains("垃圾没人收"), "the form comes back as filled in");
    Map<String, String> confirmed = intake(csrf, "13812345679", "environment", "Jiefang Community 1, Building 2", "垃圾没人收");
    confirmed.put("notDuplicate", "on");
    Browserless.Reply created = agent.post("/agent/tickets", confirmed);
    assertEquals(303, created.status(), created.body());
    Browserless.Reply page = agent.get(created.location());
    assertTrue(page.body().contains("checked against): " + number), page.body());
  }

  @Test
  void aTextedRepeatOfAnOpenTicketIsListedOnTheDeskAndMergedFromItsPage() {
    Ticket kept = service.tickets.create(new NewTicket("13600136000", Channel.AGENT, "safety", null, "楼道灯坏了", null,
        "解放第1社区 9号楼", null, false, false, null, null, null), AGENT).await();
    Ticket texted = service.tickets.create(new NewTicket("13600136000", Channel.SMS, "safety", null, "灯还是不亮", null,
        null, null, false, false, null, null, null), Actor.system("sms")).await();
    Browserless agent = signedIn("agent");
    String desk = agent.get("/agent").body();
    assertTrue(desk.contains("/tickets/" + texted.number()) && desk.contains("/tickets/" + kept.number()), desk);
    String page = agent.get("/tickets/" + kept.number()).body();
    assertTrue(page.contains("id=\"merge-" + texted.number() + "-" + kept.number() + "\""), page);
    String csrf = agent.csrf("/tickets/" + kept.number());
    assertEquals(403, agent.post("/tickets/" + texted.number() + "/merge", Map.of("csrf", "forged", "into", kept.number())).status());
    assertEquals(400, agent.post("/tickets/" + texted.number() + "/merge", Map.of("csrf", csrf, "into", " ")).status());
    Browserless.Reply merged = agent.post("/tickets/" + texted.number() + "/merge", Map.of("csrf", csrf, "into", kept.number()));
    assertEquals(303, merged.status(), merged.body());
    assertEquals("/tickets/" + kept.number() + "?done=merge", merged.location());
    String after = agent.get(merged.location()).body();
    assertTrue(after.contains("灯还是不亮") || after.contains("/tickets/" + texted.number()), "the repeat's history is here");
    assertFalse(after.contains("id=\"duplicates\""), "nothing left to decide");
    String gone = agent.get("/tickets/" + texted.number()).body();
    assertTrue(gone.contains("id=\"merged-into\"") && gone.contains("/tickets/" + kept.number()), gone);
    assertFalse(gone.contains("id=\"action-merge\""), "a merged ticket is merged no further");
    assertFalse(signedIn("unit").get("/tickets/" + kept.number()).body().contains("id=\"action-merge\""));
  }

  @Test
  void anImmediateItemIsResolvedOnTheCallAndBadInputComesBackWithTheReason() {
    Browserless agent = signedIn("agent");
    String csrf = agent.csrf("/agent");
    Map<String, String> form = intake(csrf, "13612345670", "policy", "", "问办证需要什么材料");
    form.put("resolveNow", "on");
    form.put("resolution", "已告知所需材料");
    Browserless.Reply resolved = agent.post("/agent/tickets", form);
    assertEquals(303, resolved.status(), resolved.body());
    String page = agent.get(resolved.location()).body();
    assertTrue(page.contains("id=\"ticket-state\">已办结"), page);
    assertTrue(page.contains("已告知所需材料"));

    Browserless.Reply notANumber = agent.post("/agent/tickets", intake(csrf, "12ab", "policy", "", "x"));
    assertEquals(400, notANumber.status());
    assertTrue(notANumber.body().contains("phone number"), notANumber.body());
    Browserless.Reply noCategory = agent.post("/agent/tickets", intake(csrf, "13612345671", "", "", "x"));
    assertEquals(400, noCategory.status());
    assertEquals(400, agent.get("/agent?phone=not-a-phone").status());
    // whatever the category, what the agent settles on the call is an immediate item (即办件), resolved
    Map<String, String> answered = intake(csrf, "13612345672", "utilities", "", "问停水到几点");
    answered.put("resolveNow", "on");
    Browserless.Reply settled = agent.post("/agent/tickets", answered);
    assertEquals(303, settled.status(), settled.body());
    String settledPage = agent.get(settled.location()).body();
    assertTrue(settledPage.contains("已办结") && settledPage.contains("即办件"), settledPage);
    assertTrue(settledPage.contains("话务员当场解答"), "a resolution left blank says the agent answered on the call");
  }

  @Test
  void theFullNumberOnlyToAgentsAndSupervisors() {
    String phone = "13800138000";
    assertTrue(signedIn("agent").get("/agent?phone=" + phone).body().contains(">" + phone + "<"));
    assertTrue(signedIn("supervisor").get("/agent?phone=" + phone).body().contains(">" + phone + "<"));
    String admin = signedIn("admin").get("/agent?phone=" + phone).body();
    String adminPop = admin.substring(admin.indexOf("id=\"pop\""));
    assertFalse(adminPop.contains(phone), "an administrator sees the number masked (only the search box keeps what they typed)");
    assertTrue(admin.contains("138****8000"));
    assertFalse(admin.contains("action=\"/agent/tickets\""), "and registers nothing without it");
    assertEquals(403, signedIn("unit").get("/agent?phone=" + phone).status());
  }

  @Test
  void thePushedEventNamesTheCallToItsAgentOnlyAndEndsWithTheSession() throws Exception {
    Browserless agent = signedIn("agent");
    Browserless supervisor = signedIn("supervisor"); // sits at no phone
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<InputStream> agentStream = stream(http, agent);
    HttpResponse<InputStream> supervisorStream = stream(http, supervisor);
    assertEquals(200, agentStream.statusCode());
    BufferedReader lines = new BufferedReader(new InputStreamReader(agentStream.body(), StandardCharsets.UTF_8));
    BufferedReader other = new BufferedReader(new InputStreamReader(supervisorStream.body(), StandardCharsets.UTF_8));
    assertEquals(": connected", lineStarting(lines, ": connected"));
    assertEquals(": connected", lineStarting(other, ": connected"));
    Ticket ticket = service.tickets.create(new NewTicket("13900139000", Channel.PHONE_IVR, "environment", null, "楼道堆物",
        null, null, null, false, false, null), AGENT).await();
    service.vertx.eventBus().publish(QueueConnect.ADDRESS,
        new QueueConnect("PJSIP/agent01", "1764554400.7", "13900139000", ticket.number(), "zhaowo-agents").toJson());
    String data = lineStarting(lines, "data: ");
    JsonObject pop = new JsonObject(data.substring("data: ".length()));
    assertEquals("1764554400.7", pop.getString("uniqueId"));
    assertEquals("139****9000", pop.getString("caller"), "the stream never carries the full number");
    // the pop of that call needs no number in the address: the server remembers whom the queue connected
    String shown = agent.get("/agent/pop?call=1764554400.7").body();
    assertTrue(shown.contains(">13900139000<"), shown);
    assertTrue(shown.contains(ticket.number()), "the ticket the IVR registered");
    assertFalse(supervisor.get("/agent/pop?call=1764554400.7").body().contains("13900139000"),
        "another user cannot open a call connected to someone else's phone");
    // signing out ends the stream
    String csrf = agent.csrf("/agent");
    assertEquals(303, agent.post("/logout", Map.of("csrf", csrf)).status());
    CompletableFuture<Void> ended = CompletableFuture.runAsync(() -> {
      try {
        while (lines.readLine() != null) {
          // drain until the server closes it
        }
      } catch (java.io.IOException closed) {
        // closed is what we wait for
      }
    });
    ended.get(10, TimeUnit.SECONDS);
    supervisorStream.body().close();
  }

  private static HttpResponse<InputStream> stream(HttpClient http, Browserless who) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.httpPort() + "/agent/events"))
        .header("Cookie", who.cookieHeader()).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String lineStarting(BufferedReader lines, String prefix) throws Exception {
    CompletableFuture<String> found = CompletableFuture.supplyAsync(() -> {
      try {
        String line;
        while ((line = lines.readLine()) != null) {
          if (line.startsWith(prefix)) {
            return line;
          }
        }
        return null;
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    return found.get(10, TimeUnit.SECONDS);
  }

  @Test
  void redirectsStayOnThisSite() {
    Browserless anyone = new Browserless(service.httpPort());
    assertEquals("/agent", anyone.get("/lang/en?back=/agent").location());
    // as a browser sends them: a tab or line break the browser would strip, a backslash it reads as a slash
    for (String hostile : new String[] {"//evil.example", "/%09/evil.example", "/%5Cevil.example", "%2F%2Fevil.example",
        "https://evil.example", "/%0d%0aSet-Cookie:x=1", "/%2F/evil.example"}) {
      Browserless.Reply reply = anyone.get("/lang/en?back=" + hostile);
      assertEquals(303, reply.status());
      assertEquals("/", reply.location(), hostile);
    }
    assertEquals(400, anyone.get("/lang/fr").status());
  }
}
