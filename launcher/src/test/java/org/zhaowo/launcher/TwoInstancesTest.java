package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.zhaowo.launcher.DialplanCaller.Hold;
import org.zhaowo.launcher.DialplanCaller.Outcome;
import org.zhaowo.launcher.DatabaseFaultsTest.Service;
import org.zhaowo.sms.FakeTwilio;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.Database;

/**
 * Two service processes on one PostgreSQL behind one dialplan (asterisk-config's [zhaowo-ivr]: the first AGI
 * target, the second when the first refuses). Both share the outbox and the deadline watch through the
 * database; A is killed with callers in flight, the calls after go to B, and A started again on its folder
 * turns its finished recordings into tickets. The PostgreSQL is the test's own, as an external server would be,
 * so that neither instance's death takes the other's database with it.
 */
class TwoInstancesTest {
  private static final Pattern AGI_PORT = Pattern.compile("FastAGI: +agi://[0-9.]+:(\\d+)/hotline");
  private static final String FROM_A = "+15005550006";
  private static final String FROM_B = "+15005550007";
  private static final int API_TICKETS = 12;
  private static final int OVERDUE = 6;
  private static final int CALLS_ON_A = 6;
  private static final int CALLS_ON_B = 8;

  @Test
  void callsGoToTheSecondWhenTheFirstIsKilledAndSharedWorkIsDoneOnce() throws Exception {
    Path root = Files.createTempDirectory("zhaowo-two");
    List<Service> running = new ArrayList<>();
    List<DialplanCaller> inFlight = new ArrayList<>();
    try (Database server = Database.embedded(root.resolve("pg"), 0, false); FakeTwilio twilio = new FakeTwilio(java.time.Clock.fixed(Instant.parse("2026-12-01T02:00:00Z"), java.time.ZoneOffset.UTC))) {
      Database db = server.database("zhaowo");
      String url = "postgresql://postgres@localhost:" + db.port() + "/zhaowo";
      Service a = start(running, root.resolve("a"), "a", settings(url, twilio, FROM_A));
      Service b = start(running, root.resolve("b"), "b", settings(url, twilio, FROM_B)); // after A: one migration
      Api apiA = a.api();
      Api apiB = b.api();
      int agiA = agiPort(a);
      int agiB = agiPort(b);

      // both running: tickets from both, some overdue; both instances sweep and send
      List<String> apiTickets = createOnBoth(apiA, apiB);
      // three days overdue by the services' own clock: the deadline moved back from when each was registered
      List<String> overdue = apiTickets.subList(0, OVERDUE);
      try (Connection c = db.jdbc(); PreparedStatement st = c.prepareStatement("UPDATE tickets SET deadline ="
          + " date_trunc('second', created_at) - interval '3 days' WHERE number = ANY (?) AND state IN ('dispatched', 'in_progress')")) {
        st.setArray(1, c.createArrayOf("text", overdue.toArray()));
        assertEquals(OVERDUE, st.executeUpdate(), "the overdue tickets were dispatched: "
            + overdue.stream().map(n -> apiA.get("/api/tickets/" + n, tokenOf(apiA)).json().getString("state")).toList());
      }
      for (String action : List.of("due_soon", "remind", "supervise")) {
        DatabaseFaultsTest.waitFor(() -> orderEvents(db, overdue, action).values().stream().allMatch(n -> n >= 1),
            "every overdue ticket has its " + action);
      }

      String ordersA = orders(a);
      String ordersB = orders(b);

      // calls while A runs: all on A; four of them are still in their report when A is killed
      List<DialplanCaller> onA = place(13900880000L, CALLS_ON_A, Hold.NONE, agiA, agiB);
      List<DialplanCaller> finished = place(13900990000L, 2, Hold.AFTER_RECORDING, agiA, agiB);
      List<DialplanCaller> recording = place(13900991000L, 2, Hold.RECORDING, agiA, agiB);
      inFlight.addAll(finished);
      inFlight.addAll(recording);
      List<Outcome> outcomesA = outcomes(onA);
      for (DialplanCaller caller : inFlight) {
        assertTrue(caller.held.await(90, TimeUnit.SECONDS), "caller " + caller.phone + " reached its hold");
      }
      a.kill(); // kill -9 mid-load
      running.remove(a);

      for (Outcome lost : outcomes(inFlight)) { // the dialplan: no ZHAOWO_NEXT, so the agents, not B's greeting
        assertEquals(new Outcome("A", null, "agent", true), lost);
      }
      List<Outcome> outcomesB = outcomes(place(13900881000L, CALLS_ON_B, Hold.NONE, agiA, agiB));
      outcomesA.forEach(o -> assertEquals("A", o.instance(), o.toString()));
      outcomesB.forEach(o -> assertEquals("B", o.instance(), o.toString()));
      for (Outcome o : concat(outcomesA, outcomesB)) {
        assertNotNull(o.ticket(), "every answered call has its ticket: " + o);
        assertEquals("hangup", o.next(), o.toString());
      }
      String supervisor = apiB.login("supervisor");
      long ticketedBeforeRestart = finished.stream().filter(c -> !tickets(apiB, supervisor, c.phone).isEmpty()).count();
      System.out.println("Finished recordings on the killed A that were tickets before A ran again: "
          + ticketedBeforeRestart + " of " + finished.size());

      // A again on its own folder: its spool's finished recordings become tickets, exactly once
      start(running, root.resolve("a"), "a-again", settings(url, twilio, FROM_A));
      List<String> spooled = new ArrayList<>();
      for (DialplanCaller caller : finished) {
        DatabaseFaultsTest.waitFor(() -> tickets(apiB, supervisor, caller.phone).size() >= 1, caller.phone + " is a ticket");
      }
      DatabaseFaultsTest.waitFor(() -> spoolPending(root.resolve("a")) == 0, "A's spool is drained");
      for (DialplanCaller caller : finished) {
        JsonArray found = tickets(apiB, supervisor, caller.phone);
        assertEquals(1, found.size(), caller.phone + ": " + found.encode());
        spooled.add(found.getJsonObject(0).getString("number"));
      }
      for (DialplanCaller caller : recording) {
        assertEquals(0, tickets(apiB, supervisor, caller.phone).size(), "a report cut mid-recording is the agent's");
      }

      // every ticket's registration text exactly once, whichever instance sent it
      List<String> all = new ArrayList<>(apiTickets);
      concat(outcomesA, outcomesB).forEach(o -> all.add(o.ticket()));
      all.addAll(spooled);
      DatabaseFaultsTest.waitFor(() -> all.stream().allMatch(n -> registrations(twilio, n) >= 1) && unsent(db) == 0,
          "every registration text is sent");
      Thread.sleep(2_000); // a lease or a second worker that would send again has had its chance
      for (String number : all) {
        assertEquals(1, registrations(twilio, number), "registration texts of " + number);
      }
      Map<String, Long> duplicates = twilio.sent().stream()
          .collect(Collectors.groupingBy(m -> m.to() + " " + m.body(), Collectors.counting()));
      duplicates.values().removeIf(n -> n == 1);
      assertEquals(Map.of(), duplicates, "no text sent twice");
      for (String action : List.of("due_soon", "remind", "supervise")) {
        assertEquals(overdue.stream().collect(Collectors.toMap(Function.identity(), n -> 1)),
            orderEvents(db, overdue, action), action + " once per overdue ticket");
      }
      System.out.printf("Two instances: %d calls on A, %d on B after A was killed, %d cut on A (%d finished"
          + " recordings ticketed when A ran again, %d to the agents); %d tickets, %d texts (%d from A, %d from B);"
          + " supervision orders by A: %s, by B: %s%n", outcomesA.size(), outcomesB.size(), inFlight.size(),
          spooled.size(), recording.size(), all.size(), twilio.sent().size(), from(twilio, FROM_A), from(twilio, FROM_B),
          ordersA, ordersB);
    } finally {
      inFlight.forEach(DialplanCaller::hangUp);
      for (Service service : running) {
        service.close();
      }
      deleteAll(root); // three data folders and a PostgreSQL: this test leaves nothing behind
    }
  }

  private static String tokenOf(Api api) {
    return api.login("supervisor");
  }

  private static Map<String, String> settings(String url, FakeTwilio twilio, String from) {
    Map<String, String> settings = new HashMap<>(twilio.settings(from));
    settings.putAll(Map.of("ZHAOWO_DB_URL", url, "ZHAOWO_SUPERVISION_SECONDS", "1", "ZHAOWO_SMS_POLL_MS", "200",
        "ZHAOWO_SMS_RATE_PER_SECOND", "500", "ZHAOWO_SMS_DAILY_CAP", "1000", "ZHAOWO_SURVEY_POLL_SECONDS", "3600"));
    return settings;
  }

  private static Service start(List<Service> running, Path dataDir, String name, Map<String, String> settings)
      throws Exception {
    Files.createDirectories(dataDir);
    Service service = Service.start(dataDir, name, settings);
    running.add(service);
    return service;
  }

  /** Tickets typed in by agents on both instances at once. */
  private static List<String> createOnBoth(Api apiA, Api apiB) throws Exception {
    String tokenA = apiA.login("agent");
    String tokenB = apiB.login("agent");
    List<java.util.concurrent.Future<String>> created = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < API_TICKETS; i++) {
        Api api = i % 2 == 0 ? apiA : apiB;
        String token = i % 2 == 0 ? tokenA : tokenB;
        String phone = String.valueOf(13900770000L + i);
        int building = i;
        created.add(threads.submit(() -> {
          Api.Reply reply = api.post("/api/tickets", token, new JsonObject().put("callerPhone", phone)
              .put("category", "utilities").put("description", "水管漏水 " + phone).put("address", (building + 1) + "号楼").put("unit", "DEP-WATER")
              .put("channel", "agent"));
          assertEquals(201, reply.status(), reply.body());
          return reply.json().getString("number");
        }));
      }
    }
    List<String> numbers = new ArrayList<>();
    for (var number : created) {
      numbers.add(number.get());
    }
    return numbers;
  }

  private static List<DialplanCaller> place(long firstPhone, int count, Hold hold, int agiA, int agiB) {
    List<DialplanCaller> callers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      callers.add(DialplanCaller.place(String.valueOf(firstPhone + i), hold, agiA, agiB));
    }
    return callers;
  }

  private static List<Outcome> outcomes(List<DialplanCaller> callers) throws Exception {
    List<Outcome> outcomes = new ArrayList<>();
    for (DialplanCaller caller : callers) {
      outcomes.add(caller.outcome.get(120, TimeUnit.SECONDS));
    }
    return outcomes;
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> both = new ArrayList<>(first);
    both.addAll(second);
    return both;
  }

  private static JsonArray tickets(Api api, String token, String phone) {
    return api.get("/api/tickets?phone=" + phone, token).json().getJsonArray("items");
  }

  /** Per ticket number, its events of {@code action} for its current deadline. */
  private static Map<String, Integer> orderEvents(Database db, List<String> numbers, String action) {
    String sql = "SELECT t.number, count(e.id) FROM tickets t LEFT JOIN ticket_events e ON e.ticket_id = t.id"
        + " AND e.action = ? AND e.deadline = t.deadline WHERE t.number = ANY (?) GROUP BY t.number";
    try (Connection c = db.jdbc(); PreparedStatement st = c.prepareStatement(sql)) {
      st.setString(1, action);
      st.setArray(2, c.createArrayOf("text", numbers.toArray()));
      Map<String, Integer> counts = new HashMap<>();
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          counts.put(rs.getString(1), rs.getInt(2));
        }
      }
      return counts;
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int unsent(Database db) {
    try (Connection c = db.jdbc(); ResultSet rs = c.createStatement()
        .executeQuery("SELECT count(*) FROM sms_outbox WHERE send_state IN ('queued', 'sending')")) {
      rs.next();
      return rs.getInt(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long registrations(FakeTwilio twilio, String number) {
    return twilio.sent().stream().filter(m -> m.body().contains("已登记") && m.body().contains(number)).count();
  }

  private static long from(FakeTwilio twilio, String from) {
    return twilio.sent().stream().filter(m -> m.from().equals(from)).count();
  }

  /** The instance's supervision orders by kind, from its /metrics. */
  private static String orders(Service service) {
    Matcher m = Pattern.compile("zhaowo_supervision_orders_total\\{kind=\"(\\w+)\",?\\} ([0-9.]+)")
        .matcher(service.api().get("/metrics", null).body());
    StringBuilder counts = new StringBuilder();
    while (m.find()) {
      counts.append(m.group(1)).append('=').append((long) Double.parseDouble(m.group(2))).append(' ');
    }
    return counts.toString().strip();
  }

  private static long spoolPending(Path dataDir) {
    Path pending = dataDir.resolve("ivr-spool/pending");
    if (!Files.isDirectory(pending)) {
      return 0;
    }
    try (var files = Files.list(pending)) {
      return files.filter(p -> p.toString().endsWith(".json")).count();
    } catch (java.io.IOException e) {
      return -1;
    }
  }

  private static void deleteAll(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int agiPort(Service service) throws InterruptedException {
    int[] port = {0};
    DatabaseFaultsTest.waitFor(() -> {
      Matcher m = AGI_PORT.matcher(service.log());
      port[0] = m.find() ? Integer.parseInt(m.group(1)) : 0;
      return port[0] > 0;
    }, "the FastAGI port in the log");
    return port[0];
  }
}
