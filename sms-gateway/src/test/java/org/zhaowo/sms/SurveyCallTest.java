package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.zhaowo.ivr.IvrServer;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.TicketService;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.FakeAmi;

/**
 * The phone survey end to end: the scheduler asks the fake Asterisk (AMI) to call a landline
 * resident; "Asterisk" connects the answered call to the IVR's real {@code survey} FastAGI script;
 * the resident's keys close or reopen the ticket.
 */
class SurveyCallTest {
  private static FakeAmi ami;
  private static Hotline hotline;
  private static final AtomicReference<String[]> keys = new AtomicReference<>();
  private static final AtomicReference<ResidentPhone> lastPhone = new AtomicReference<>();

  @BeforeAll
  static void start() throws Exception {
    ami = new FakeAmi();
    int agiPort = freePort();
    hotline = new Hotline(Map.of("ZHAOWO_AMI_HOST", "127.0.0.1", "ZHAOWO_AMI_PORT", String.valueOf(ami.port()),
        "ZHAOWO_AMI_USER", FakeAmi.USER, "ZHAOWO_AMI_SECRET", FakeAmi.SECRET, "ZHAOWO_AGI_PORT", String.valueOf(agiPort),
        "ZHAOWO_AGI_INSTANCES", "1", "ZHAOWO_DATA_DIR", Files.createTempDirectory("zhaowo-sms-ivr").toString(),
        "ZHAOWO_IVR_RECORDINGS_DIR", Files.createTempDirectory("zhaowo-sms-rec").toString()), "ivr");
    startIvr(hotline.service.vertx, hotline.service.tickets, hotline.service.pool, hotline.config, hotline.service.clock);
    ami.onOriginate(call -> {
      ResidentPhone phone = new ResidentPhone("04125551234", keys.get());
      try {
        phone.answerSurvey(call, "agi://127.0.0.1:" + agiPort); // [globals] ZHAOWO_AGI
      } catch (IOException e) {
        throw new IllegalStateException(e);
      } finally {
        lastPhone.set(phone);
      }
    });
  }

  @AfterAll
  static void stop() throws Exception {
    if (hotline != null) {
      hotline.close();
      ami.close();
    }
  }

  private static void startIvr(Vertx vertx, TicketService tickets, Pool pool, Config config, Clock clock) {
    IvrServer.start(vertx, tickets, pool, config, clock, new SimpleMeterRegistry()).await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private Ticket surveyedBy(String... pressed) {
    hotline.nextTuesdayMorning();
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    keys.set(pressed);
    lastPhone.set(null);
    hotline.service.clock.advance(Duration.ofMinutes(61));
    assertEquals(1, hotline.gateway.surveys().runOnce().await());
    return ticket;
  }

  private Row survey(Ticket ticket) {
    return hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", ticket.id()).get(0);
  }

  @Test
  void solvedAndSatisfiedOnThePhoneClosesTheTicket() {
    Ticket ticket = surveyedBy("1", "1", "2");

    eventually("the answer is recorded", () -> "answered".equals(survey(ticket).getString("state")));
    assertEquals(TicketState.CLOSED, hotline.ticket(ticket.number()).state());
    assertEquals("phone", survey(ticket).getString("channel"));
    assertTrue(survey(ticket).getBoolean("solved"));
    assertEquals("satisfied", survey(ticket).getString("satisfaction"));
  }

  @Test
  void unsolvedOnThePhoneReopensTheTicketToItsUnit() {
    Ticket ticket = surveyedBy("2", "2", "2");

    eventually("the answer is recorded", () -> "answered".equals(survey(ticket).getString("state")));
    Ticket reopened = hotline.ticket(ticket.number());
    assertEquals(TicketState.DISPATCHED, reopened.state());
    assertEquals("SD01-C01", reopened.unitCode());
    assertEquals("basically_satisfied", survey(ticket).getString("satisfaction"));
  }

  @Test
  void zeroDuringTheSurveyReachesTheAgentsQueueAndChangesNothing() {
    Ticket ticket = surveyedBy("0");

    eventually("the call returned to the dialplan", () -> lastPhone.get() != null);
    assertEquals("hotline,agent,1", lastPhone.get().dialplanNext, lastPhone.get().commands.toString());
    assertEquals(TicketState.RESOLVED, hotline.ticket(ticket.number()).state());
    assertEquals("open", survey(ticket).getString("state"));
    eventually("the call's outcome is kept", () -> "answered".equals(survey(ticket).getString("last_outcome")));
  }
}
