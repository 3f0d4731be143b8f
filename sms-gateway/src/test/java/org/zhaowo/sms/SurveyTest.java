package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.SurveyAnswer;
import org.zhaowo.ticketing.SurveyKeys;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketState;
import org.zhaowo.ticketing.FakeAmi;

/** The callback survey's schedule: phone calls through a fake AMI, SMS reminders, unreachable. */
class SurveyTest {
  private static FakeAmi ami;
  private static Hotline hotline;

  @BeforeAll
  static void start() throws Exception {
    ami = new FakeAmi();
    hotline = new Hotline(Map.of("ZHAOWO_AMI_HOST", "127.0.0.1", "ZHAOWO_AMI_PORT", String.valueOf(ami.port()),
        "ZHAOWO_AMI_USER", FakeAmi.USER, "ZHAOWO_AMI_SECRET", FakeAmi.SECRET));
  }

  @AfterAll
  static void stop() throws Exception {
    hotline.close();
    ami.close();
  }

  @BeforeEach
  void onAWorkingMorning() {
    hotline.nextTuesdayMorning();
    hotline.rows("UPDATE surveys SET state = 'cancelled' WHERE state IN ('scheduled', 'open')");
  }

  private Row survey(Ticket ticket) {
    return hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1 ORDER BY id DESC", ticket.id()).get(0);
  }

  private int round() {
    return hotline.gateway.surveys().runOnce().await();
  }

  @Test
  void aLandlineResidentIsCalledIntoTheSurveyScriptAnHourAfterResolution() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    int before = ami.originates().size();

    assertEquals(0, round(), "not due yet");
    hotline.service.clock.advance(Duration.ofMinutes(61));
    assertEquals(1, round());

    Map<String, String> originate = ami.originates().get(before);
    assertEquals("PJSIP/04125551234@trunk", originate.get("channel"));
    assertEquals("zhaowo-survey", originate.get("context"), "into the dialplan, which has the agents' branch");
    assertEquals("s", originate.get("exten"));
    assertEquals("1", originate.get("priority"));
    assertNull(originate.get("application"));
    assertEquals("true", originate.get("async"));
    Map<String, String> variables = FakeAmi.variables(originate);
    assertEquals(ticket.number(), variables.get("ZHAOWO_SURVEY_TICKET"));
    assertEquals(SurveyKeys.Check.VALID, hotline.service.tickets.surveyKeys()
        .check(ticket.number(), variables.get("ZHAOWO_SURVEY_KEY"), hotline.service.clock.instant()));
    assertEquals(SurveyKeys.Check.FORGED, hotline.service.tickets.surveyKeys()
        .check("10000001", variables.get("ZHAOWO_SURVEY_KEY"), hotline.service.clock.instant()), "for this ticket only");
    assertEquals("open", survey(ticket).getString("state"));
    assertEquals(1, survey(ticket).getInteger("attempts"));
    assertEquals(hotline.service.clock.instant(), survey(ticket).getOffsetDateTime("last_attempt_at").toInstant());
  }

  @Test
  void anUnansweredPhoneSurveyIsRetriedThenUnreachable() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());

    for (int attempt = 1; attempt <= 3; attempt++) {
      hotline.service.clock.advance(Duration.ofMinutes(121));
      round();
      assertEquals(attempt, survey(ticket).getInteger("attempts"));
    }
    hotline.service.clock.advance(Duration.ofMinutes(121));
    round();

    assertEquals("unreachable", survey(ticket).getString("state"));
    assertNull(survey(ticket).getValue("next_attempt_at"));
    assertEquals(TicketState.RESOLVED, hotline.ticket(ticket.number()).state());
  }

  @Test
  void aPhoneSurveyResolvedInTheEveningWaitsForTheNextWorkingMorning() {
    Instant tuesday10am = hotline.service.clock.instant();
    hotline.service.clock.advance(Duration.ofHours(9).plusMinutes(30)); // 19:30
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());

    assertEquals(tuesday10am.plus(Duration.ofHours(23)), survey(ticket).getOffsetDateTime("next_attempt_at").toInstant(),
        "Wednesday 9:00 in Shanghai");
  }

  @Test
  void unansweredSmsSurveysGetRemindersThenBecomeUnreachable() {
    Ticket ticket = hotline.create("13800138000");
    hotline.resolve(ticket.number());
    assertEquals(1, survey(ticket).getInteger("attempts"), "the resolution text asks the first time");

    hotline.service.clock.advance(Duration.ofHours(25));
    round();
    eventually("the reminder leaves", () -> hotline.sentTo("+8613800138000").stream()
        .anyMatch(m -> m.body().contains(ticket.number()) && m.body().contains("您满意吗")));
    assertEquals(2, survey(ticket).getInteger("attempts"));
    hotline.service.clock.advance(Duration.ofHours(25));
    round();
    hotline.service.clock.advance(Duration.ofHours(25));
    round();

    assertEquals("unreachable", survey(ticket).getString("state"));
    assertEquals(2, hotline.outbox(ticket.id()).stream().filter(r -> r.getString("kind").equals("survey_reminder")).count());
  }

  @Test
  void aPhoneAnswerOfSolvedAndSatisfiedClosesTheTicket() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());

    hotline.service.tickets.recordSurvey(ticket.number(), new SurveyAnswer("phone", true, "satisfied", null,
        "surveys/1.wav"), Actor.system("ivr")).await();

    assertEquals(TicketState.CLOSED, hotline.ticket(ticket.number()).state());
    assertEquals("answered", survey(ticket).getString("state"));
    assertEquals("phone", survey(ticket).getString("channel"));
  }

  @Test
  void aPhoneAnswerOfUnsolvedReopensTheTicketEvenWhenSatisfied() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());

    hotline.service.tickets.recordSurvey(ticket.number(), new SurveyAnswer("phone", false, "satisfied", null, null),
        Actor.system("ivr")).await();

    assertEquals(TicketState.DISPATCHED, hotline.ticket(ticket.number()).state());
    assertFalse(survey(ticket).getBoolean("solved"));
    hotline.service.clock.advance(Duration.ofDays(3));
    assertEquals(0, round(), "an answered survey is not asked again");
  }

  @Test
  void aTicketClosedByAnAgentCancelsItsSurvey() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());

    hotline.service.tickets.act(ticket.number(), org.zhaowo.ticketing.Action.CLOSE,
        org.zhaowo.ticketing.ActionRequest.note("电话回访已完成"), Hotline.AGENT).await();

    assertEquals("cancelled", survey(ticket).getString("state"));
  }

  @Test
  void callsArePlacedWhileVertxsSharedWorkerPoolIsBusy() throws Exception {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    hotline.service.clock.advance(Duration.ofMinutes(61));
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    for (int i = 0; i < io.vertx.core.VertxOptions.DEFAULT_WORKER_POOL_SIZE; i++) {
      hotline.service.vertx.executeBlocking(() -> release.await(30, java.util.concurrent.TimeUnit.SECONDS), false);
    }
    try {
      int placed = hotline.gateway.surveys().runOnce().toCompletionStage().toCompletableFuture()
          .get(5, java.util.concurrent.TimeUnit.SECONDS);

      assertEquals(1, placed);
    } finally {
      release.countDown();
    }
  }

  @Test
  void afterAsteriskDropsTheConnectionCallsResumeOnceItReconnects() throws Exception {
    round(); // logged in
    int logins = ami.logins();
    ami.dropConnections();
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    hotline.service.clock.advance(Duration.ofMinutes(61));

    eventually("a call is placed again", () -> round() == 1);
    assertTrue(ami.logins() > logins, "logged in again");
    assertEquals(ticket.number(),
        FakeAmi.variables(ami.originates().get(ami.originates().size() - 1)).get("ZHAOWO_SURVEY_TICKET"));
  }
}
