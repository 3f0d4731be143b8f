package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TicketingException;

/**
 * A spooled entry the database will never take is set aside for an agent instead of holding back the
 * reports behind it; an outage still holds them all. Each test drains a spool of its own, round by
 * round, beside the harness's (which its server drains every 200 ms).
 */
class SpoolQuarantineTest extends IvrTest {
  private Path dir;
  private SimpleMeterRegistry meters;
  private IvrServices services;
  private SpoolDrainer drainer;

  @BeforeEach
  void ownSpool() throws IOException {
    dir = Files.createTempDirectory("ivr-quarantine");
    meters = new SimpleMeterRegistry();
    Config config = Config.of(Map.of("ZHAOWO_IVR_SPOOL_DIR", dir.toString(), "ZHAOWO_IVR_DB_TIMEOUT_MS", "2000"));
    services = new IvrServices(ivr.tickets, new CallRecords(ivr.pool), new Spool(dir, ivr.clock),
        IvrSettings.from(config), ivr.clock);
    drainer = new SpoolDrainer(services, meters, 200);
  }

  @Test
  void badEntriesAreSetAsideAndTheGoodOnesBehindThemBecomeTickets() throws Exception {
    // spool order: calls first, then tickets, each by name; every bad entry comes before a good one
    Path corrupt = raw("call-0000000000000-torn.json", "{\"uniqueId\":\"q-torn\",\"caller\":\"13800138000\",\"chan");
    services.spool().put("ticket", report("q-refused", "13900139000", "no-such-category", "/x/q-refused.wav"));
    JsonObject withoutIncomplete = report("q-bug", "13900139001", "utilities", "/x/q-bug.wav");
    withoutIncomplete.remove("incomplete");
    services.spool().put("ticket", withoutIncomplete);
    services.spool().put("call", callRecord("q-good", "progress_heard"));
    services.spool().put("ticket", report("q-good", "13700137000", "utilities", "/x/q-good.wav"));
    String refused = name("q-refused");
    String bug = name("q-bug");

    Instant first = ivr.clock.instant();
    assertTrue(drainer.drain());
    List<Row> good = ivr.rows("SELECT * FROM tickets WHERE recording = '/x/q-good.wav'");
    assertEquals(1, good.size(), "the good report behind");
    assertEquals(good.getFirst().getString("number"),
        ivr.rows("SELECT * FROM ivr_calls WHERE unique_id = 'q-good'").getFirst().getString("ticket_number"),
        "the good call record, replayed before its report, shows the ticket");
    assertQuarantined(corrupt.getFileName().toString(), "unreadable call entry: io.vertx.core.json.DecodeException");
    assertQuarantined(refused, "refused by ticketing (INVALID): unknown category 'no-such-category'");
    assertTrue(Files.exists(dir.resolve("pending").resolve(bug)), "an unexpected failure is tried again");
    assertTrue(ivr.rows("SELECT * FROM tickets WHERE recording = '/x/q-refused.wav'").isEmpty());

    assertTrue(drainer.drain());
    assertTrue(Files.exists(dir.resolve("pending").resolve(bug)), "two rounds in a row are not yet enough");
    ivr.clock.advance(Duration.ofMinutes(1));
    Instant third = ivr.clock.instant();
    assertTrue(drainer.drain());
    assertQuarantined(bug, "failed 3 rounds in a row: java.lang.NullPointerException");
    assertEquals(0, meters.get("zhaowo.ivr.spool.pending").gauge().value());
    assertEquals(1, quarantinedCount("call"));
    assertEquals(2, quarantinedCount("ticket"));

    Row torn = quarantineRow(corrupt.getFileName().toString());
    assertEquals("call", torn.getString("kind"));
    assertNull(torn.getValue("payload"));
    assertTrue(torn.getString("raw").startsWith("{\"uniqueId\":\"q-torn\""), torn.getString("raw"));
    Row refusal = quarantineRow(refused);
    assertEquals("13900139000", refusal.getString("caller"));
    assertEquals("q-refused", refusal.getString("unique_id"));
    assertEquals("no-such-category", ((JsonObject) refusal.getValue("payload")).getString("category"));
    assertNull(refusal.getString("raw"));
    assertEquals(first, refusal.getOffsetDateTime("quarantined_at").toInstant());
    assertEquals(third, quarantineRow(bug).getOffsetDateTime("quarantined_at").toInstant());
  }

  @Test
  void anOutageHoldsEveryEntryAndTheRowOfOneSetAsideMeanwhileIsWrittenLater() throws Exception {
    heldThroughAnOutage("cut", ivr.proxy::cut, ivr.proxy::restore); // connections drop, new ones are closed at once
    heldThroughAnOutage("refused", ivr.proxy::refuse, ivr.proxy::listenAgain); // a stopped server
  }

  private void heldThroughAnOutage(String how, Runnable away, Runnable back) throws Exception {
    String recording = "/x/q-held-" + how + ".wav";
    double setAside = quarantinedCount("call");
    Path corrupt = raw("call-0000000000000-" + how + ".json", "\u0000\u0000\u0000"); // a torn write
    services.spool().put("ticket", report("q-held-" + how, "13700137001", "utilities", recording));
    away.run();
    try {
      for (int round = 0; round <= SpoolDrainer.ROUNDS; round++) {
        assertFalse(drainer.drain(), "the round ended at the outage");
      }
    } finally {
      back.run();
    }
    assertEquals(1, pending().size(), "the report waits, however many rounds the outage lasts");
    assertTrue(Files.exists(dir.resolve("quarantine").resolve(corrupt.getFileName())), "set aside without the database");
    assertTrue(quarantineRows(corrupt.getFileName().toString()).isEmpty(), "its row waits for the database");

    for (int i = 0; i < 100 && !drainer.drain(); i++) {
      Thread.sleep(50); // the pool reconnects
    }
    assertTrue(pending().isEmpty());
    assertEquals(1, ivr.rows("SELECT * FROM tickets WHERE recording = $1", recording).size());
    assertEquals("\uFFFD\uFFFD\uFFFD", quarantineRow(corrupt.getFileName().toString()).getString("raw"));
    assertEquals(setAside + 1, quarantinedCount("call"));
    assertEquals(0, quarantinedCount("ticket"));
  }

  @Test
  void anEntryMovedIntoQuarantineByHandGetsItsRowToo() throws Exception {
    // as an operator would move what an older version refused: refused/ is no longer read
    Path quarantine = Files.createDirectories(dir.resolve("quarantine"));
    Path entry = Files.writeString(quarantine.resolve("survey-1795399200000-000001.json"),
        new JsonObject().put("ticket", "10000013").put("solved", true).encode());
    Files.writeString(Spool.reasonOf(entry), "ticket 10000013 is closed");
    assertTrue(drainer.drain());
    Row row = quarantineRow(entry.getFileName().toString());
    assertEquals("survey", row.getString("kind"));
    assertEquals("ticket 10000013 is closed", row.getString("reason"));
    assertEquals(ivr.clock.instant(), row.getOffsetDateTime("quarantined_at").toInstant());
    assertEquals(0, quarantinedCount("survey"), "counted when the drainer sets one aside, not when it finds one");
  }

  /** The race DatabaseRefusedTest met now and then: a round replays the report before its call record is spooled. */
  @Test
  void aCallRecordSpooledAfterItsReportWasRegisteredGetsTheTicketNumber() throws Exception {
    services.spool().put("ticket", report("q-race", "13700137002", "utilities", "/x/q-race.wav"));
    assertTrue(drainer.drain());
    String number = ivr.rows("SELECT number FROM tickets WHERE recording = '/x/q-race.wav'").getFirst().getString("number");
    services.spool().put("call", callRecord("q-race", "ticket_spooled").put("recording", "/x/q-race.wav"));
    assertTrue(drainer.drain());
    assertEquals(number, ivr.rows("SELECT * FROM ivr_calls WHERE unique_id = 'q-race'").getFirst().getString("ticket_number"));
  }

  @Test
  void aCallRecordSavedAfterItsSpooledReportWasRegisteredGetsTheTicketNumber() throws Exception {
    services.spool().put("ticket", report("q-late", "13700137003", "utilities", "/x/q-late.wav"));
    assertTrue(drainer.drain());
    String number = ivr.rows("SELECT number FROM tickets WHERE recording = '/x/q-late.wav'").getFirst().getString("number");
    services.saveCall(callRecord("q-late", "transferred").put("recording", "/x/q-late.wav"));
    assertEquals(number, ivr.rows("SELECT * FROM ivr_calls WHERE unique_id = 'q-late'").getFirst().getString("ticket_number"));
    assertTrue(pending().isEmpty(), "written at once, not spooled");
  }

  @Test
  void recordsSpooledBeforeCallsKeptTheirCategoryAreWrittenWithout() throws Exception {
    services.spool().put("call", callRecord("q-old", "transferred"));
    services.spool().put("handoff", handoff("q-old"));
    services.spool().put("call", callRecord("q-new", "transferred").put("category", "utilities"));
    services.spool().put("handoff", handoff("q-new").put("category", "utilities"));
    assertTrue(drainer.drain());
    assertTrue(pending().isEmpty(), "all written");
    assertTrue(services.spool().quarantined().isEmpty(), "none set aside");
    for (String table : List.of("ivr_calls", "agent_handoffs")) {
      assertNull(ivr.rows("SELECT category FROM " + table + " WHERE unique_id = 'q-old'").getFirst().getString("category"));
      assertEquals("utilities",
          ivr.rows("SELECT category FROM " + table + " WHERE unique_id = 'q-new'").getFirst().getString("category"));
    }
  }

  @Test
  void outagesAreToldApartByTypeAndSqlState() {
    assertTrue(Outage.is(new IllegalStateException("the database is unreachable", new ConnectException("refused"))));
    assertTrue(Outage.is(new NoStackTraceTimeoutException("timeout")));
    assertTrue(Outage.is(ClosedConnectionException.INSTANCE));
    assertTrue(Outage.is(new PgException("the database system is shutting down", "FATAL", "57P01", null)));
    assertTrue(Outage.is(new PgException("sorry, too many clients already", "FATAL", "53300", null)));
    assertTrue(Outage.is(new PgException("connection failure", "FATAL", "08006", null)));
    // transient: a retry clears them, so a report that hit one waits for the next round and is never set aside
    assertTrue(Outage.is(new PgException("could not serialize access", "ERROR", "40001", null)));
    assertTrue(Outage.is(new PgException("deadlock detected", "ERROR", "40P01", null)));
    assertTrue(Outage.is(new PgException("canceling statement due to statement timeout", "ERROR", "57014", null)));
    assertTrue(Outage.is(new io.vertx.core.http.ConnectionPoolTooBusyException("Connection pool reached max wait queue size")));
    assertFalse(Outage.is(new PgException("null value in column", "ERROR", "23502", null)));
    assertFalse(Outage.is(new NullPointerException()));
    assertFalse(Outage.is(TicketingException.invalid("unknown category")));
    assertFalse(Outage.is(new IllegalStateException("no cause")));
  }

  private void assertQuarantined(String name, String reason) throws IOException {
    Path entry = dir.resolve("quarantine").resolve(name);
    assertTrue(Files.exists(entry), name + " in quarantine/");
    String line = Files.readString(Spool.reasonOf(entry));
    assertTrue(line.contains(reason), line);
    assertFalse(line.matches("(?s).*\\d{10,}.*"), "no full phone number in " + line);
    assertTrue(quarantineRow(name).getString("reason").contains(reason));
  }

  private Row quarantineRow(String name) {
    return quarantineRows(name).getFirst();
  }

  private List<Row> quarantineRows(String name) {
    return ivr.rows("SELECT * FROM ivr_spool_quarantine WHERE entry = $1", name);
  }

  private double quarantinedCount(String kind) {
    return meters.get("zhaowo.ivr.spool.quarantined").tag("kind", kind).counter().count();
  }

  /** The pending entry of a call, by its file name. */
  private String name(String uniqueId) throws IOException {
    return pending().stream().filter(p -> read(p).contains("\"" + uniqueId + "\"")).findFirst().orElseThrow()
        .getFileName().toString();
  }

  private List<Path> pending() throws IOException {
    try (Stream<Path> files = Files.list(dir.resolve("pending"))) {
      return files.toList();
    }
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A file written as a torn write or a bug would leave it. */
  private Path raw(String name, String text) throws IOException {
    return Files.writeString(Files.createDirectories(dir.resolve("pending")).resolve(name), text);
  }

  private static JsonObject report(String uniqueId, String phone, String category, String recording) {
    return new JsonObject().put("uniqueId", uniqueId).put("phone", phone).put("category", category)
        .put("recording", recording).put("incomplete", false);
  }

  /** A hand-off as {@link CallRecords#handoff} wrote it before calls kept their category. */
  private static JsonObject handoff(String uniqueId) {
    return new JsonObject().put("uniqueId", uniqueId).put("caller", "13700137000").put("ticket", (String) null)
        .put("reason", "caller_asked").put("path", new JsonArray().add("hotline").add("main"))
        .put("elderly", false).put("at", ivr.clock.instant().toString());
  }

  /** A call record as {@link CallRecords#call} wrote it before calls kept their category. */
  private static JsonObject callRecord(String uniqueId, String outcome) {
    Instant start = ivr.clock.instant();
    return new JsonObject().put("uniqueId", uniqueId).put("channel", "PJSIP/trunk-1").put("caller", "13700137000")
        .put("script", "hotline").put("startedAt", start.toString()).put("endedAt", start.plusSeconds(90).toString())
        .put("path", new JsonArray().add("hotline").add("report.ticket")).put("lastMenu", "report.ticket")
        .put("outcome", outcome).put("ticket", (String) null).put("elderly", false).put("recording", (String) null);
  }
}
