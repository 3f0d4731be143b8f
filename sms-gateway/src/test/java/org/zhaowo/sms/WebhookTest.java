package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketState;

/** Twilio's signed webhooks: residents' replies and delivery status callbacks. */
class WebhookTest {
  private static final String MOBILE = "13800138000";
  private static final String E164 = "+8613800138000";
  private static final String STRANGER = "13600136000"; // a mobile caller who is not in residents
  private static final String STRANGER_E164 = "+8613600136000";
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
  void closeOlderTickets() {
    // each test starts with no open survey for the resident
    hotline.rows("UPDATE surveys SET state = 'cancelled' WHERE state IN ('scheduled', 'open')");
    hotline.rows("UPDATE residents SET sms_opt_out = false");
    hotline.rows("DELETE FROM sms_opt_outs");
  }

  private static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  private Ticket resolvedTicket() {
    Ticket ticket = hotline.create(MOBILE);
    hotline.resolve(ticket.number());
    return ticket;
  }

  @Test
  void replyingOneClosesTheTicketWithASatisfiedSurvey() {
    Ticket ticket = resolvedTicket();

    assertEquals(200, hotline.webhooks.inbound(sid(), E164, "1"));

    assertEquals(TicketState.CLOSED, hotline.ticket(ticket.number()).state());
    Row survey = hotline.rows("SELECT * FROM surveys WHERE ticket_id = $1", ticket.id()).get(0);
    assertEquals("answered", survey.getString("state"));
    assertEquals("satisfied", survey.getString("satisfaction"));
    assertEquals("sms", survey.getString("channel"));
    eventually("the closing text leaves", () -> hotline.sentTo(E164).stream()
        .anyMatch(m -> m.body().contains(ticket.number()) && m.body().contains("已结案")));
  }

  @Test
  void replyingTwoClosesItBasicallySatisfied() {
    Ticket ticket = resolvedTicket();

    hotline.webhooks.inbound(sid(), E164, " 2 ");

    assertEquals(TicketState.CLOSED, hotline.ticket(ticket.number()).state());
    assertEquals("basically_satisfied", hotline.rows("SELECT satisfaction FROM surveys WHERE ticket_id = $1",
        ticket.id()).get(0).getString("satisfaction"));
  }

  @Test
  void replyingThreeReopensItToItsUnitAndTellsTheResident() {
    Ticket ticket = resolvedTicket();

    hotline.webhooks.inbound(sid(), E164, "3");

    Ticket reopened = hotline.ticket(ticket.number());
    assertEquals(TicketState.DISPATCHED, reopened.state());
    assertEquals(1, reopened.reopenCount());
    assertEquals("SD01-C01", reopened.unitCode());
    assertEquals("unsatisfied", hotline.rows("SELECT satisfaction FROM surveys WHERE ticket_id = $1",
        ticket.id()).get(0).getString("satisfaction"));
    eventually("the reopening text leaves", () -> hotline.sentTo(E164).stream()
        .anyMatch(m -> m.body().contains(ticket.number()) && m.body().contains("重新")));
  }

  @Test
  void anUnsignedOrForgedReplyGets403AndChangesNothing() {
    Ticket ticket = resolvedTicket();
    Map<String, String> form = Webhooks.form("MessageSid", sid(), "From", E164, "Body", "1");

    assertEquals(403, hotline.webhooks.post(TwilioWebhooks.INBOUND_PATH, form, false));
    assertEquals(403, hotline.webhooks.post(TwilioWebhooks.INBOUND_PATH, form,
        Webhooks.signature("not-the-token", Webhooks.PUBLIC_URL + TwilioWebhooks.INBOUND_PATH, form)));
    String signedForAnotherBody = Webhooks.signature(FakeTwilio.TOKEN, Webhooks.PUBLIC_URL + TwilioWebhooks.INBOUND_PATH,
        Webhooks.form("MessageSid", form.get("MessageSid"), "From", E164, "Body", "3"));
    assertEquals(403, hotline.webhooks.post(TwilioWebhooks.INBOUND_PATH, form, signedForAnotherBody));
    assertEquals(403, hotline.webhooks.post(TwilioWebhooks.STATUS_PATH,
        Webhooks.form("MessageSid", "SMx", "MessageStatus", "delivered"), false));

    assertEquals(TicketState.RESOLVED, hotline.ticket(ticket.number()).state());
    assertEquals("open", hotline.rows("SELECT state FROM surveys WHERE ticket_id = $1", ticket.id()).get(0).getString("state"));
    assertTrue(hotline.rows("SELECT * FROM sms_inbound WHERE message_sid = $1", form.get("MessageSid")).isEmpty());
  }

  @Test
  void aRetriedReplyIsTakenOnce() {
    Ticket ticket = resolvedTicket();
    String sid = sid();

    hotline.webhooks.inbound(sid, E164, "3");
    hotline.webhooks.inbound(sid, E164, "3");

    assertEquals(1, hotline.ticket(ticket.number()).reopenCount());
  }

  @Test
  void stopOptsOutAndStartOptsBackIn() {
    hotline.webhooks.inbound(sid(), E164, "STOP");
    assertTrue(hotline.service.tickets.resident(MOBILE).await().orElseThrow().smsOptOut());

    Ticket ticket = hotline.create(MOBILE);
    Row registered = hotline.outbox(ticket.id()).get(0);
    assertEquals("skipped", registered.getString("send_state"));
    assertEquals("opted_out", registered.getString("skip_reason"));
    hotline.resolve(ticket.number());
    assertEquals("phone", hotline.rows("SELECT channel FROM surveys WHERE ticket_id = $1", ticket.id())
        .get(0).getString("channel"), "an opted-out resident is surveyed by phone");

    hotline.webhooks.inbound(sid(), E164, "start");
    assertFalse(hotline.service.tickets.resident(MOBILE).await().orElseThrow().smsOptOut());
  }

  @Test
  void stopFromACallerWhoIsNoResidentStopsTheirTextsUntilStart() {
    hotline.webhooks.inbound(sid(), STRANGER_E164, "退订");
    assertEquals(1, hotline.rows("SELECT * FROM sms_opt_outs WHERE phone = $1", STRANGER).size());

    Ticket ticket = hotline.create(STRANGER);
    assertEquals("opted_out", hotline.outbox(ticket.id()).get(0).getString("skip_reason"));
    hotline.insert("sms_outbox", Map.of("dedupe_key", "test:queued-before-stop", "kind", "progress",
        "to_phone", STRANGER, "language", "zh-CN", "body", "x", "encoding", "UCS-2", "segments", 1,
        "send_state", "queued"));
    eventually("the worker skips a text queued before STOP", () -> "opted_out".equals(hotline.rows(
        "SELECT skip_reason FROM sms_outbox WHERE dedupe_key = 'test:queued-before-stop'").get(0).getString(0)));

    hotline.webhooks.inbound(sid(), STRANGER_E164, "START");
    assertTrue(hotline.rows("SELECT * FROM sms_opt_outs WHERE phone = $1", STRANGER).isEmpty());
    Ticket next = hotline.create(STRANGER);
    eventually("texted again", () -> "sent".equals(hotline.outbox(next.id()).get(0).getString("send_state")));
  }

  @Test
  void aReplyLeftPendingByACrashIsHandledWhenTwilioRetriesIt() {
    String crashed = sid();
    String inFlight = sid();
    Instant now = hotline.service.clock.instant();
    hotline.insert("sms_inbound", Map.of("message_sid", crashed, "from_phone", STRANGER, "body", "STOP",
        "handled_as", "pending", "received_at", now.minusSeconds(120), "started_at", now.minusSeconds(120)));
    hotline.insert("sms_inbound", Map.of("message_sid", inFlight, "from_phone", STRANGER, "body", "STOP",
        "handled_as", "pending", "received_at", now.minusSeconds(5), "started_at", now.minusSeconds(5)));

    assertEquals(200, hotline.webhooks.inbound(inFlight, STRANGER_E164, "STOP"));
    assertTrue(hotline.rows("SELECT * FROM sms_opt_outs WHERE phone = $1", STRANGER).isEmpty(),
        "a reply being handled right now is not taken twice");
    assertEquals(200, hotline.webhooks.inbound(crashed, STRANGER_E164, "STOP"));

    assertEquals(1, hotline.rows("SELECT * FROM sms_opt_outs WHERE phone = $1", STRANGER).size());
    assertEquals("opt_out", hotline.rows("SELECT handled_as FROM sms_inbound WHERE message_sid = $1", crashed)
        .get(0).getString(0));
  }

  @Test
  void aReplyWhoseEffectCommittedIsNeverForgottenSoARetryDoesNotApplyItTwice() {
    Ticket ticket = resolvedTicket();
    hotline.rows("""
        CREATE FUNCTION lose_the_database() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'connection lost'; END $$
        """);
    hotline.rows("""
        CREATE TRIGGER lose_the_database BEFORE UPDATE ON sms_inbound FOR EACH ROW
          WHEN (NEW.message_sid LIKE 'SMlost%') EXECUTE FUNCTION lose_the_database()
        """);
    String sid = "SMlost" + sid();
    try {
      assertEquals(500, hotline.webhooks.inbound(sid, E164, "3"), "the answer committed, its record did not");
      assertEquals(200, hotline.webhooks.inbound(sid, E164, "3"));
    } finally {
      hotline.rows("DROP TRIGGER lose_the_database ON sms_inbound");
      hotline.rows("DROP FUNCTION lose_the_database()");
    }

    assertEquals(1, hotline.ticket(ticket.number()).reopenCount());
    assertEquals("pending", hotline.rows("SELECT handled_as FROM sms_inbound WHERE message_sid = $1", sid)
        .get(0).getString(0));
  }

  @Test
  void progressQuestionsAreAnsweredForTheCallersOwnTicketsOnly() {
    Ticket mine = hotline.create(MOBILE);
    Ticket theirs = hotline.create("13700137000");

    hotline.webhooks.inbound(sid(), E164, "CX " + mine.number());
    hotline.webhooks.inbound(sid(), E164, "进度");
    hotline.webhooks.inbound(sid(), E164, "cx" + theirs.number());

    eventually("three answers leave", () -> hotline.sentTo(E164).stream()
        .filter(m -> m.body().contains("工单" + mine.number() + "：") || m.body().contains("未找到")).count() == 3);
    assertTrue(hotline.sentTo(E164).stream().noneMatch(m -> m.body().contains(theirs.number())));
  }

  @Test
  void anyOtherTextIsANewReportEvenFromACallerWithAnOpenTicket() {
    Ticket open = hotline.create(MOBILE);

    hotline.webhooks.inbound(sid(), E164, "师傅下午几点到？");

    List<TicketEvent> events = hotline.service.tickets.events(open).await();
    assertTrue(events.stream().noneMatch(e -> "note".equals(e.action())), "no note on the open ticket");
    Ticket report = hotline.service.tickets.openTickets(MOBILE).await().get(0);
    assertEquals("师傅下午几点到？", report.description());
    assertEquals(org.zhaowo.ticketing.Channel.SMS, report.channel());
  }

  @Test
  void statusCallbacksAreIdempotentAndNeverGoBackwards() {
    Ticket ticket = hotline.create(MOBILE);
    eventually("sent", () -> "sent".equals(hotline.outbox(ticket.id()).get(0).getString("send_state")));
    String messageSid = hotline.outbox(ticket.id()).get(0).getString("provider_sid");

    assertEquals(204, hotline.webhooks.status(messageSid, "delivered"));
    assertEquals(204, hotline.webhooks.status(messageSid, "delivered"));
    assertEquals(204, hotline.webhooks.status(messageSid, "sent"));
    assertEquals(204, hotline.webhooks.status(messageSid, "undelivered"));

    assertEquals("delivered", hotline.outbox(ticket.id()).get(0).getString("send_state"));
    assertEquals(3, hotline.rows("SELECT * FROM sms_status_callbacks WHERE message_sid = $1", messageSid).size());
  }

  @Test
  void aFinalStatusThatOvertakesTheSendersOwnRecordWins() {
    hotline.insert("sms_outbox", Map.of("dedupe_key", "test:overtaken", "kind", "progress", "to_phone", MOBILE,
        "language", "zh-CN", "body", "x", "encoding", "UCS-2", "segments", 1, "send_state", "sending",
        "next_attempt_at", hotline.service.clock.instant().plusSeconds(3600))); // a live worker's lease
    hotline.webhooks.status("SMovertaken", "undelivered");
    long id = hotline.rows("SELECT id FROM sms_outbox WHERE dedupe_key = 'test:overtaken'").get(0).getLong("id");

    hotline.service.pool.preparedQuery(OutboxSql.SENT).execute(io.vertx.sqlclient.Tuple.of(id, "SMovertaken", "queued",
        OutboxSql.at(hotline.service.clock.instant()))).await();

    assertEquals("undelivered", hotline.rows("SELECT send_state FROM sms_outbox WHERE id = $1", id).get(0).getString("send_state"));
  }
}
