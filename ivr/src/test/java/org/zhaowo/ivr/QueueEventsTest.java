package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.CallLog;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.FakeAmi;
import org.zhaowo.ticketing.GatheredCall;
import org.zhaowo.ticketing.QueueConnect;
import org.zhaowo.ticketing.TestRows;

/**
 * The agent console's side of the IVR: a handed-off call, then Asterisk's queue connecting it to an agent
 * (a fake AMI writing the events as Asterisk 22 does) becomes a QueueConnect on the event bus and marks the
 * hand-off answered; the call log returns what the IVR gathered, and only real recordings.
 */
class QueueEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static FakeAmi ami;
  private static IvrHarness ivr;
  private static Path recordings;

  @BeforeAll
  static void start() throws Exception {
    ami = new FakeAmi();
    recordings = Files.createTempDirectory("zhaowo-recordings");
    ivr = new IvrHarness(amiSettings(ami.port()));
    FakeAsterisk.unitsByDefault(IvrTest.units(ivr));
    assertTrue(ami.awaitLogins(1, WAIT), "the IVR logged in to the AMI");
  }

  private static Map<String, String> amiSettings(int port) {
    return Map.of("ZHAOWO_AMI_HOST", "127.0.0.1", "ZHAOWO_AMI_PORT", String.valueOf(port),
        "ZHAOWO_AMI_USER", FakeAmi.USER, "ZHAOWO_AMI_SECRET", FakeAmi.SECRET, QueueEvents.RETRY_MS, "100",
        "ZHAOWO_IVR_RECORDINGS_DIR", recordings.toString());
  }

  @AfterAll
  static void stop() throws Exception {
    ivr.close();
    ami.close();
  }

  @Test
  void theQueueConnectingAHandedOffCallPopsItUpAndMarksTheHandOffAnswered() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").recordingFolder(recordings.toString())
        .keys("1", "1", "#", "0"); // a report recorded and registered, then 0 for a person
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    String id = asterisk.headers.get("agi_uniqueid");
    String ticket = t.variables.get("ZHAOWO_TICKET");
    assertEquals("waiting", ivr.handoff(asterisk).getString("state"));
    Row record = ivr.callRecord(asterisk);

    CompletableFuture<JsonObject> heard = nextQueueConnect();
    assertEquals(1, ami.emit(FakeAmi.agentConnect(id, "13800138000",
        Map.of("ZHAOWO_CALLER", "13800138000", "ZHAOWO_TICKET", ticket), "PJSIP/agent01", "PJSIP/agent01-0000002a")));
    assertEquals(new QueueConnect("PJSIP/agent01", id, "13800138000", ticket, "zhaowo-agents"),
        QueueConnect.fromJson(heard.get(WAIT.toSeconds(), TimeUnit.SECONDS)));
    ivr.waitFor("SELECT * FROM agent_handoffs WHERE unique_id = $1 AND state = 'answered'", id);

    GatheredCall call = ivr.server.callLog().call(id).await().orElseThrow();
    assertEquals("caller_asked", call.reason());
    assertEquals(Arrays.asList(record.getArrayOfStrings("path")), call.path());
    assertEquals(record.getString("last_menu"), call.lastMenu());
    assertEquals("13800138000", call.caller());
    assertEquals(ticket, call.ticketNumber());
    assertEquals("transferred", call.outcome());
    assertEquals(record.getOffsetDateTime("started_at").toInstant(), call.at());
    assertEquals(id + "-report", call.recording(), "a name: no folder, no extension");
  }

  @Test
  void theCategoryChosenBeforeAskingForAPersonIsOnTheScreenPop() throws Exception {
    FakeAsterisk report = new FakeAsterisk("13800138003", "hotline").recordingFolder(recordings.toString())
        .keys("1", "2", "3", "#", "0"); // group 2, its third category, a recording, then 0 at the callback number
    ivr.call(report);
    assertEquals("hardship", ivr.handoff(report).getString("category"));
    assertEquals("hardship", ivr.callRecord(report).getString("category"));
    CallLog log = ivr.server.callLog();
    assertEquals("hardship", log.call(report.headers.get("agi_uniqueid")).await().orElseThrow().category());

    FakeAsterisk fromMain = new FakeAsterisk("13800138004", "hotline").keys("0");
    ivr.call(fromMain);
    ivr.handoff(fromMain);
    ivr.callRecord(fromMain);
    assertNull(log.call(fromMain.headers.get("agi_uniqueid")).await().orElseThrow().category(), "no category chosen");

    TestRows.insert(ivr.pool, ivr.clock, "agent_handoffs", Map.of("unique_id", "1795336174.904", "caller", "13800138005",
        "reason", "caller_asked", "path", new String[] {"greeting", "main", "report.category"}, "category", "utilities"));
    assertEquals("utilities", log.call("1795336174.904").await().orElseThrow().category(), "still in the queue");
  }

  @Test
  void recordingsAreFoundOnlyInTheRecordingsFolderAndOnlyWhenTheyExist() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138001", "hotline").recordingFolder(recordings.toString())
        .keys("1", "1", "#", "0");
    String ticket = ivr.call(asterisk).variables.get("ZHAOWO_TICKET");
    String id = asterisk.headers.get("agi_uniqueid");
    ivr.callRecord(asterisk);
    CallLog log = ivr.server.callLog();
    String name = log.call(id).await().orElseThrow().recording();
    assertEquals(Optional.empty(), log.recording(name), "Asterisk has not written it (here)");

    Path file = Files.write(recordings.resolve(name + ".wav"), new byte[] {'R', 'I', 'F', 'F'});
    String stored = ivr.rows("SELECT recording FROM tickets WHERE number = $1", ticket).getFirst().getString("recording");
    assertEquals(Optional.of(file), log.recording(name));
    assertEquals(Optional.of(file), log.recording(stored), "the ticket's recording field: " + stored);
    Files.writeString(recordings.getParent().resolve("x.wav"), "outside");
    for (String refused : List.of("../x", "/etc/passwd", "nosuchname", ".hidden", "..", "", name + "/../x",
        recordings + "/../x.wav", "/tmp/" + name + ".wav")) {
      assertEquals(Optional.empty(), log.recording(refused), refused);
    }
  }

  @Test
  void aWithheldCallerAndAnEventWithoutInterfaceStillNameTheAgentsPhone() throws Exception {
    CompletableFuture<JsonObject> heard = nextQueueConnect();
    ami.emit(FakeAmi.agentConnect("1795336174.900", null, Map.of("ZHAOWO_CALLER", "unknown"), null,
        "PJSIP/agent02-0000002b"));
    assertEquals(new QueueConnect("PJSIP/agent02", "1795336174.900", null, null, "zhaowo-agents"),
        QueueConnect.fromJson(heard.get(WAIT.toSeconds(), TimeUnit.SECONDS)));
  }

  @Test
  void aCallerWhoLeavesTheQueueMarksTheHandOffAbandoned() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138002", "hotline").keys("0");
    ivr.call(asterisk);
    String id = asterisk.headers.get("agi_uniqueid");
    ivr.handoff(asterisk);
    ami.emit(FakeAmi.queueCallerAbandon(id, "13800138002"));
    ivr.waitFor("SELECT * FROM agent_handoffs WHERE unique_id = $1 AND state = 'abandoned'", id);
  }

  @Test
  void aCallStillInTheQueueHasOnlyItsHandOffAndRecentCallsComeNewestFirst() throws Exception {
    FakeAsterisk first = new FakeAsterisk("13900139000", "hotline").keys("0");
    ivr.call(first);
    ivr.callRecord(first);
    ivr.clock.set(ivr.clock.instant().plusSeconds(600));
    TestRows.insert(ivr.pool, ivr.clock, "agent_handoffs", Map.of("unique_id", "1795336174.901",
        "caller", "13900139000", "reason", "menu_failures", "path", new String[] {"greeting", "main", "agent"}));

    GatheredCall waiting = ivr.server.callLog().call("1795336174.901").await().orElseThrow();
    assertEquals(List.of("greeting", "main", "agent"), waiting.path());
    assertEquals("agent", waiting.lastMenu());
    assertEquals("menu_failures", waiting.reason());
    assertNull(waiting.outcome(), "no call record yet");
    assertEquals(ivr.clock.instant(), waiting.at());
    List<String> recent = ivr.server.callLog().recentCalls("13900139000", 5).await().stream()
        .map(GatheredCall::uniqueId).toList();
    assertEquals(List.of("1795336174.901", first.headers.get("agi_uniqueid")), recent);
    assertEquals(Optional.empty(), ivr.server.callLog().call("1795336174.902").await());
  }

  @Test
  void anAmiThatIsDownAtStartIsLoggedInToOnceItComesUp() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort(); // nothing listens there once closed: Asterisk is not up yet
    }
    Map<String, String> settings = new HashMap<>(amiSettings(port));
    settings.put("ZHAOWO_AGI_PORT", "0");
    settings.put("ZHAOWO_IVR_SPOOL_DIR", Files.createTempDirectory("ivr-spool").toString());
    IvrServer second = IvrServer.start(ivr.vertx, ivr.tickets, ivr.pool, Config.of(settings), ivr.clock,
        new SimpleMeterRegistry()).await(); // starts and takes calls without Asterisk's AMI
    try (FakeAmi late = new FakeAmi(port)) {
      try {
        assertTrue(late.awaitLogins(1, WAIT), "logged in once the AMI came up");
        CompletableFuture<JsonObject> heard = nextQueueConnect();
        late.emit(FakeAmi.agentConnect("1795336174.903", "13800138000", Map.of(), "PJSIP/agent01",
            "PJSIP/agent01-0000002c"));
        assertEquals("1795336174.903", heard.get(WAIT.toSeconds(), TimeUnit.SECONDS).getString("uniqueId"));
      } finally {
        second.stop().await(); // logs off before this "Asterisk" goes away
      }
    }
  }

  /** The next QueueConnect published on the event bus (the consumer is registered when this returns). */
  private static CompletableFuture<JsonObject> nextQueueConnect() {
    CompletableFuture<JsonObject> heard = new CompletableFuture<>();
    MessageConsumer<JsonObject> consumer = ivr.vertx.eventBus().consumer(QueueConnect.ADDRESS);
    consumer.handler(message -> {
      heard.complete(message.body());
      consumer.unregister();
    });
    consumer.completion().await();
    return heard;
  }
}
