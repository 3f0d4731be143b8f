package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.FakeAmi;

/**
 * How a survey call ended, as the fake Asterisk's OriginateResponse says, is kept on the survey and
 * decides the next ask; and no call is placed outside the calling window (here 09:00-22:00).
 */
class SurveyOutcomeTest {
  private static FakeAmi ami;
  private static Hotline hotline;

  @BeforeAll
  static void start() throws Exception {
    ami = new FakeAmi();
    hotline = new Hotline(Map.of("ZHAOWO_AMI_HOST", "127.0.0.1", "ZHAOWO_AMI_PORT", String.valueOf(ami.port()),
        "ZHAOWO_AMI_USER", FakeAmi.USER, "ZHAOWO_AMI_SECRET", FakeAmi.SECRET, "ZHAOWO_SURVEY_HOURS", "09:00-22:00"));
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
    ami.answerWith(4);
    ami.refuseOriginates(false);
  }

  private Row survey(Ticket ticket) {
    return hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1 ORDER BY id DESC", ticket.id()).get(0);
  }

  private Instant nextAttempt(Ticket ticket) {
    return survey(ticket).getOffsetDateTime("next_attempt_at").toInstant();
  }

  private int round() {
    return hotline.gateway.surveys().runOnce().await();
  }

  /** A landline resident's resolved ticket, its first call placed now; returns when the call was placed. */
  private Ticket calledWith(int reason) {
    ami.answerWith(reason);
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    hotline.service.clock.advance(Duration.ofMinutes(61));
    assertEquals(1, round());
    return ticket;
  }

  private void assertOutcome(int reason, String outcome, Duration retry) {
    Ticket ticket = calledWith(reason);
    Instant placed = hotline.service.clock.instant();

    eventually("the outcome " + outcome + " is kept", () -> outcome.equals(survey(ticket).getString("last_outcome")));
    assertEquals(placed, survey(ticket).getOffsetDateTime("last_attempt_at").toInstant());
    assertEquals(placed.plus(retry), nextAttempt(ticket));
    assertEquals(1, survey(ticket).getInteger("attempts"));
    assertEquals("open", survey(ticket).getString("state"));
  }

  @Test
  void answeredIsKeptAndTheSurveyWaitsForItsAnswer() {
    assertOutcome(4, "answered", Duration.ofHours(2));
  }

  @Test
  void aBusyLineIsTriedAgainSoon() {
    assertOutcome(5, "busy", Duration.ofMinutes(15));
  }

  @Test
  void noAnswerIsTriedAgainInTwoHours() {
    assertOutcome(3, "no_answer", Duration.ofHours(2));
  }

  @Test
  void congestionIsTriedAgainInHalfAnHour() {
    assertOutcome(8, "congestion", Duration.ofMinutes(30));
  }

  @Test
  void aFailedCallIsTriedAgainInHalfAnHour() {
    assertOutcome(0, "failed", Duration.ofMinutes(30));
  }

  @Test
  void anOriginateAsteriskRefusesCountsAsFailed() {
    ami.refuseOriginates(true);
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    hotline.service.clock.advance(Duration.ofMinutes(61));
    round();

    assertEquals("failed", survey(ticket).getString("last_outcome"));
    assertEquals(hotline.service.clock.instant().plus(Duration.ofMinutes(30)), nextAttempt(ticket));
  }

  @Test
  void aBusyResidentIsCalledAgainAfterAQuarterOfAnHourThenUnreachable() {
    Ticket ticket = calledWith(5);
    for (int attempt = 2; attempt <= 3; attempt++) {
      int previous = attempt - 1;
      eventually("attempt " + previous + " was busy", () -> "busy".equals(survey(ticket).getString("last_outcome"))
          && survey(ticket).getInteger("attempts") == previous);
      hotline.service.clock.advance(Duration.ofMinutes(15));
      assertEquals(1, round(), "attempt " + attempt);
    }
    eventually("attempt 3 was busy", () -> "busy".equals(survey(ticket).getString("last_outcome")));
    hotline.service.clock.advance(Duration.ofMinutes(15));
    round();

    assertEquals("unreachable", survey(ticket).getString("state"));
    assertNull(survey(ticket).getValue("next_attempt_at"));
  }

  @Test
  void aCallDueBeforeTheWindowClosesButReachedAfterIsNotPlaced() {
    hotline.service.clock.advance(Duration.ofHours(10).plusMinutes(59)); // Tuesday 20:59
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    Instant due = nextAttempt(ticket);
    assertEquals(hotline.service.clock.instant().plus(Duration.ofHours(1)), due, "due at 21:59, inside the window");
    int placed = ami.originates().size();

    hotline.service.clock.advance(Duration.ofMinutes(62)); // the round runs at 22:01
    assertEquals(0, round());

    assertEquals(placed, ami.originates().size(), "nobody is rung at 22:01");
    assertEquals(0, survey(ticket).getInteger("attempts"));
    assertEquals("scheduled", survey(ticket).getString("state"));
    assertEquals(due.plus(Duration.ofHours(11).plusMinutes(1)), nextAttempt(ticket), "Wednesday 09:00");
    hotline.service.clock.set(nextAttempt(ticket));
    assertEquals(1, round(), "called when the window opens");
  }
}
