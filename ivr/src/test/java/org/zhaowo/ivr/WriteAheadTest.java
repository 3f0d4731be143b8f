package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;

/**
 * A report is written to the spool before ticketing is asked and marked done after, so that the service
 * dying at any point leaves it to become a ticket, exactly once; a call that hears a ticket number has its
 * call record spooled before it hears it.
 */
class WriteAheadTest extends IvrTest {
  @Test
  void theReportIsOnDiskWhileTheCallerStillAnswersTheCallbackQuestion() throws Exception {
    List<JsonObject> seen = new ArrayList<>();
    FakeAsterisk asterisk = new FakeAsterisk("13800138201", "hotline").keys("1", "1", "#", "1")
        .on("GET DATA \"zhaowo/callback-confirm\"", c -> seen.addAll(entries("pending", "ticket")));
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    String id = asterisk.headers.get("agi_uniqueid");

    JsonObject ahead = seen.stream().filter(e -> id.equals(e.getString("uniqueId"))).findFirst().orElseThrow();
    assertTrue(ahead.getBoolean("incomplete"), "what a crash there leaves: incomplete intake from the caller's number");
    assertEquals("13800138201", ahead.getString("phone"));
    assertTrue(ahead.getString("intakeKey").startsWith(id + "@"), ahead.encode());
    String number = t.variables.get("ZHAOWO_TICKET");
    assertNotNull(number);
    JsonObject done = ofCall(entries("done", "ticket"), id);
    assertFalse(done.getBoolean("incomplete"), "rewritten with the callback number before ticketing was asked");
    assertEquals(ahead.getString("intakeKey"), done.getString("intakeKey"));
    assertEquals(0, ofCall(entries("pending", "ticket"), id, true), "nothing of the call left pending");
  }

  @Test
  void aReportCommittedButNotMarkedDoneIsReplayedIntoNoSecondTicket() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138202", "hotline").keys("1", "1", "#", "1");
    Registration.crashAfterCommit = true; // the call dies between the commit and moving its entry to done/
    try {
      ivr.call(asterisk);
    } finally {
      Registration.crashAfterCommit = false;
    }
    String id = asterisk.headers.get("agi_uniqueid");
    waitUntil(() -> ofCall(entries("done", "ticket"), id, true) == 1, "the drainer replayed the entry");

    List<Row> tickets = ivr.rows("SELECT * FROM tickets WHERE recording LIKE $1", "%" + id + "-report%");
    assertEquals(1, tickets.size(), "one ticket, not one per try");
    assertEquals(1, ivr.rows("SELECT * FROM ticket_events WHERE ticket_id = $1 AND action = 'create'",
        tickets.getFirst().getLong("id")).size(), "one create event: one SMS");
    assertEquals(0, ofCall(entries("pending", "ticket"), id, true));
    assertEquals(tickets.getFirst().getString("number"), ivr.waitFor(
        "SELECT * FROM ivr_spooled_tickets WHERE unique_id = $1", id).getFirst().getString("ticket_number"));
  }

  @Test
  void theCallRecordWithTheNumberIsSpooledBeforeTheCallerHearsIt() throws Exception {
    List<JsonObject> seen = new ArrayList<>();
    FakeAsterisk asterisk = new FakeAsterisk("13800138203", "hotline").keys("1", "1", "#", "1", "")
        .on("", c -> {
          if (c.contains("zhaowo/ticket-registered") && seen.isEmpty()) {
            seen.addAll(entries("pending", "call"));
          }
        });
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    String id = asterisk.headers.get("agi_uniqueid");
    String number = t.variables.get("ZHAOWO_TICKET");

    JsonObject ahead = ofCall(seen, id);
    assertEquals(number, ahead.getString("ticket"));
    assertEquals("ticket_created", ahead.getString("outcome"));
    Row record = ivr.callRecord(asterisk);
    assertEquals(number, record.getString("ticket_number"));
    waitUntil(() -> ofCall(entries("done", "call"), id, true) == 1, "the early copy is done once the record is written");
    assertTrue(record.getArrayOfStrings("path").length > 0);
    assertEquals(List.of(), entries("pending", "call").stream().filter(e -> id.equals(e.getString("uniqueId"))).toList());
  }

  @Test
  void theDrainerTakesWhatACrashedRunLeftAsSoonAsItStarts() throws Exception {
    Path dir = Files.createTempDirectory("ivr-restart");
    Spool leftBehind = new Spool(dir, ivr.clock);
    leftBehind.hold("ticket", new JsonObject().put("uniqueId", "crashed-1").put("intakeKey", "crashed-1@x:report")
        .put("phone", "13800138204").put("category", "utilities").put("recording", "/x/crashed-1.wav")
        .put("incomplete", true)); // held by a run that died: the next run's spool knows nothing of it
    Config config = Config.of(Map.of("ZHAOWO_IVR_SPOOL_DIR", dir.toString(), "ZHAOWO_IVR_DB_TIMEOUT_MS", "2000"));
    IvrServices services = new IvrServices(ivr.tickets, new CallRecords(ivr.pool), new Spool(dir, ivr.clock),
        IvrSettings.from(config), ivr.clock);
    String deployment = ivr.vertx.deployVerticle(new SpoolDrainer(services, new SimpleMeterRegistry(), 3_600_000),
        new DeploymentOptions().setThreadingModel(ThreadingModel.VIRTUAL_THREAD)).await();
    try {
      Row ticket = ivr.waitFor("SELECT * FROM tickets WHERE recording = $1", "/x/crashed-1.wav").getFirst();
      assertTrue(ticket.getBoolean("incomplete_intake"));
    } finally {
      ivr.vertx.undeploy(deployment).await();
    }
  }

  /** What the write-ahead adds to a report: the entry synced to disk, then moved to done/ (no timing asserted). */
  @Test
  void printsTheCostOfWritingAReportAhead() throws Exception {
    Spool spool = new Spool(Files.createTempDirectory("ivr-fsync"), ivr.clock);
    JsonObject report = new JsonObject().put("uniqueId", "1795336174.1").put("intakeKey", "1795336174.1@x:report")
        .put("phone", "13800138000").put("category", "utilities").put("recording", "/var/spool/asterisk/zhaowo/x.wav")
        .put("incomplete", false);
    int n = 200;
    long[] nanos = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      spool.done(spool.hold("ticket", report));
      nanos[i] = System.nanoTime() - start;
    }
    java.util.Arrays.sort(nanos);
    System.out.printf("Write-ahead per report (hold with fsync of file and folder, then move to done/), %d runs: "
        + "median %.2f ms, p90 %.2f ms, max %.2f ms%n", n, nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n - 1] / 1e6);
  }

  private static List<JsonObject> entries(String folder, String kind) {
    Path dir = ivr.spool.resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith(kind + "-") && p.toString().endsWith(".json"))
          .flatMap(p -> {
            try {
              return Stream.of(Spool.read(p));
            } catch (IOException | RuntimeException movedMeanwhile) {
              return Stream.empty();
            }
          }).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static JsonObject ofCall(List<JsonObject> entries, String id) {
    return entries.stream().filter(e -> id.equals(e.getString("uniqueId"))).findFirst()
        .orElseThrow(() -> new AssertionError("no entry of call " + id + " in " + entries));
  }

  private static long ofCall(List<JsonObject> entries, String id, boolean count) {
    return entries.stream().filter(e -> id.equals(e.getString("uniqueId"))).count();
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
    for (int i = 0; i < 300; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("not within 15 s: " + what);
  }
}
