package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Action;
import org.zhaowo.ticketing.Actor;
import org.zhaowo.ticketing.ActionRequest;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.TestRows;
import org.zhaowo.ticketing.Ticket;

/** Which ticket events text the resident, through the outbox, into a fake Twilio over real HTTP. */
class NotificationTest {
  private static Hotline hotline;

  @BeforeAll
  static void start() throws Exception {
    hotline = new Hotline();
  }

  @AfterAll
  static void stop() {
    hotline.close();
  }

  @BeforeEach
  void onAWorkingMorning() {
    hotline.nextTuesdayMorning();
  }

  @Test
  void registeringATicketTextsItsNumberOnceWithTheUnitAndDeadline() {
    Ticket ticket = hotline.create("13800138000");

    eventually("the text leaves", () -> hotline.sentTo("+8613800138000").size() == 1);
    FakeTwilio.Sent text = hotline.sentTo("+8613800138000").get(0);
    assertTrue(text.body().contains(ticket.number()), text.body());
    assertTrue(text.body().contains("96715按2"), text.body());
    assertEquals(FakeTwilio.FROM, text.from());
    assertEquals(Webhooks.PUBLIC_URL + "/twilio/sms/status", text.statusCallback());
    eventually("the send is recorded", () -> "sent".equals(hotline.outbox(ticket.id()).get(0).getString("send_state")));
    List<Row> outbox = hotline.outbox(ticket.id());
    assertEquals(1, outbox.size(), "the intake's dispatch folds into the registration text");
    assertEquals("sent", outbox.get(0).getString("send_state"));
    assertEquals(text.sid(), outbox.get(0).getString("provider_sid"));
    assertEquals("UCS-2", outbox.get(0).getString("encoding"));
  }

  @Test
  void resolvingTextsTheSurveyQuestionOnce() {
    Ticket ticket = hotline.create("13800138000");
    hotline.resolve(ticket.number());

    eventually("the survey leaves", () -> hotline.twilio.sent().stream()
        .anyMatch(m -> m.body().contains(ticket.number()) && m.body().contains("满意回1")));
    List<Row> survey = hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", ticket.id());
    assertEquals(1, survey.size());
    assertEquals("sms", survey.get(0).getString("channel"));
    assertEquals("open", survey.get(0).getString("state"));
    assertEquals(1, hotline.outbox(ticket.id()).stream().filter(r -> r.getString("kind").equals("resolved")).count());
  }

  @Test
  void aMergedTicketsResidentIsToldAndHearsOfTheOtherTicketsProgressWithoutASurvey() {
    Ticket kept = hotline.create("13800138000");
    Ticket repeat = hotline.create("13900139000");
    Actor agent = new Actor("agent", org.zhaowo.ticketing.Role.AGENT, null);
    hotline.service.tickets.merge(repeat.number(), kept.number(), null, agent).await();
    eventually("the merge is texted", () -> hotline.sentTo("+8613900139000").stream()
        .anyMatch(m -> m.body().contains(repeat.number()) && m.body().contains("合并办理") && m.body().contains(kept.number())));
    hotline.resolve(kept.number());
    eventually("both hear of the resolution", () -> hotline.sentTo("+8613900139000").stream()
        .anyMatch(m -> m.body().contains(kept.number()) && m.body().contains("已办结"))
        && hotline.sentTo("+8613800138000").stream().anyMatch(m -> m.body().contains("满意回1")));
    FakeTwilio.Sent followerText = hotline.sentTo("+8613900139000").stream()
        .filter(m -> m.body().contains(kept.number()) && m.body().contains("已办结")).findFirst().orElseThrow();
    assertTrue(!followerText.body().contains("满意回1") && !followerText.body().contains("回访"), followerText.body());
    assertEquals(1, hotline.outbox(repeat.id()).stream().filter(r -> r.getString("kind").equals("resolved")).count(),
        "the follower's text is on their own ticket");
    assertEquals(1, hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", kept.id()).size());
    assertTrue(hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", repeat.id()).isEmpty());
  }

  @Test
  void aReportFromAWithheldNumberIsWorkedWithoutTextsOrSurvey() {
    Ticket ticket = hotline.service.tickets.create(NewTicket.fromIvr(null, "utilities", "/rec/1-report", true),
        Actor.system("ivr")).await();
    hotline.service.tickets.act(ticket.number(), Action.DISPATCH, new ActionRequest(null, "SD01-C01", null),
        Actor.system("dispatcher")).await();
    hotline.resolve(ticket.number());
    assertTrue(hotline.outbox(ticket.id()).isEmpty());
    assertTrue(hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", ticket.id()).isEmpty());
  }

  @Test
  void aLandlineGetsNoTextAndItsResolvedTicketQueuesAPhoneSurvey() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());

    List<Row> outbox = hotline.outbox(ticket.id());
    assertTrue(outbox.stream().allMatch(r -> r.getString("send_state").equals("skipped")
        && r.getString("skip_reason").equals("landline")), "every message skipped as landline");
    List<Row> survey = hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", ticket.id());
    assertEquals("phone", survey.get(0).getString("channel"));
    assertEquals("scheduled", survey.get(0).getString("state"));
    assertTrue(hotline.sentTo("+864125551234").isEmpty());
  }

  @Test
  void withoutAmiSettingsAPhoneSurveyStaysQueued() {
    Ticket ticket = hotline.create("04125551234");
    hotline.resolve(ticket.number());
    hotline.service.clock.advance(java.time.Duration.ofHours(3));

    assertEquals(0, hotline.gateway.surveys().runOnce().await());

    Row survey = hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", ticket.id()).get(0);
    assertEquals("scheduled", survey.getString("state"));
    assertEquals(0, survey.getInteger("attempts"));
  }

  @Test
  void phoneSurveysWaitingForAsteriskDoNotHoldUpSmsReminders() {
    Ticket landline = hotline.create("04125551234");
    hotline.resolve(landline.number());
    Instant morning = hotline.service.clock.instant();
    TestRows.insertAll(hotline.service.pool, hotline.service.clock, "surveys", java.util.Collections.nCopies(60,
        Map.of("ticket_id", landline.id(), "channel", "phone", "state", "scheduled", "attempts", 0,
            "next_attempt_at", morning))); // more than a round takes, all due first
    Ticket texted = hotline.create("13800138000");
    hotline.resolve(texted.number());
    hotline.service.clock.advance(java.time.Duration.ofHours(25));
    try {
      hotline.gateway.surveys().runOnce().await();

      assertEquals(2, hotline.rows("SELECT attempts FROM surveys WHERE ticket_id = $1", texted.id())
          .get(0).getInteger("attempts"), "the SMS survey was asked again");
      assertEquals(1, hotline.outbox(texted.id()).stream()
          .filter(r -> r.getString("kind").equals("survey_reminder")).count());
    } finally {
      hotline.rows("UPDATE surveys SET state = 'cancelled' WHERE ticket_id = $1", landline.id());
    }
  }

  @Test
  void anElderlyMobileResidentIsTextedButSurveyedByPhone() {
    Ticket ticket = hotline.create("13900139000");
    hotline.resolve(ticket.number());

    eventually("the resolution text leaves", () -> hotline.sentTo("+8613900139000").stream()
        .anyMatch(m -> m.body().contains("电话回访")));
    assertEquals("phone", hotline.rows("SELECT channel FROM surveys WHERE ticket_id = $1", ticket.id())
        .get(0).getString("channel"));
  }

  @Test
  void anEnglishSpeakingResidentIsTextedInEnglish() {
    Ticket ticket = hotline.create("13700137000");
    eventually("the text leaves", () -> hotline.sentTo("+8613700137000").stream()
        .anyMatch(m -> m.body().startsWith("96715: your request is registered as ticket " + ticket.number())));
    Row row = hotline.outbox(ticket.id()).get(0);
    assertEquals("UCS-2", row.getString("encoding"), "the unit's Chinese name makes even an English text UCS-2");
    assertEquals(Segments.of(row.getString("body")).count(), row.getInteger("segments"));
  }

  @Test
  void aConfidentialTicketsDetailsAreNeverTexted() {
    Ticket ticket = hotline.service.tickets.create(new NewTicket("13700137000", Channel.AGENT, "utilities", null,
        "举报", null, null, null, true, false, null), Hotline.AGENT).await();
    hotline.service.tickets.act(ticket.number(), Action.NOTE, ActionRequest.note("x"), Hotline.AGENT).await();

    List<Row> outbox = hotline.outbox(ticket.id());
    assertEquals("skipped", outbox.get(0).getString("send_state"));
    assertEquals("confidential", outbox.get(0).getString("skip_reason"));
  }
}
