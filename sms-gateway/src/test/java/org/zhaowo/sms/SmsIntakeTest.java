package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Ticket;

/** A text to the hotline number that is no answer, keyword or progress question becomes a ticket. */
class SmsIntakeTest {
  private static Hotline hotline;

  @BeforeAll
  static void start() throws Exception {
    hotline = new Hotline();
  }

  @AfterAll
  static void stop() {
    hotline.close();
  }

  private static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  private static String e164(String phone) {
    return "+86" + phone;
  }

  private List<Ticket> ticketsOf(String phone) {
    return hotline.rows("SELECT number FROM tickets WHERE caller_phone = $1 ORDER BY id", phone).stream()
        .map(row -> hotline.ticket(row.getString("number"))).toList();
  }

  private Row inbound(String sid) {
    return hotline.rows("SELECT * FROM sms_inbound WHERE message_sid = $1", sid).get(0);
  }

  private List<Row> outboxTo(String phone) {
    return hotline.rows("SELECT * FROM sms_outbox WHERE to_phone = $1 ORDER BY id", phone);
  }

  @Test
  void aNulInATextIsDroppedAndTheRestRegisteredAndABadMessageIdIsRefused() {
    String phone = "13900139011";
    assertEquals(200, hotline.webhooks.inbound(sid(), e164(phone), "路灯\u0000坏了"));
    assertEquals("路灯坏了", ticketsOf(phone).get(0).description());
    assertEquals(400, hotline.webhooks.inbound("SM\u0000x", e164(phone), "路灯坏了"));
    assertEquals(400, hotline.webhooks.inbound("SM" + "a".repeat(80), e164(phone), "路灯坏了"));
    assertEquals(1, ticketsOf(phone).size());
  }

  @Test
  void aTextBecomesATicketAndTheRegistrationTextNamesItsNumber() {
    String phone = "13900139001";
    String sid = sid();

    assertEquals(200, hotline.webhooks.inbound(sid, e164(phone), "  小区门口路灯坏了 \n"));

    Ticket ticket = ticketsOf(phone).get(0);
    assertEquals(Channel.SMS, ticket.channel());
    assertEquals(SmsIntake.DEFAULT_CATEGORY, ticket.category());
    assertEquals("小区门口路灯坏了", ticket.description());
    assertEquals("ticket", inbound(sid).getString("handled_as"));
    assertEquals(ticket.id(), inbound(sid).getLong("ticket_id"));
    assertEquals("sms-intake", hotline.service.tickets.events(ticket).await().get(0).actor());
    eventually("the registration text leaves", () -> hotline.sentTo(e164(phone)).stream()
        .anyMatch(m -> m.body().contains(ticket.number())));
  }

  @Test
  void aRetriedWebhookRegistersOneTicketAndTextsOnce() {
    String phone = "13900139002";
    String sid = sid();

    assertEquals(200, hotline.webhooks.inbound(sid, e164(phone), "楼道灯不亮"));
    assertEquals(200, hotline.webhooks.inbound(sid, e164(phone), "楼道灯不亮"));

    assertEquals(1, ticketsOf(phone).size());
    String number = ticketsOf(phone).get(0).number();
    eventually("the registration text leaves", () -> hotline.sentTo(e164(phone)).size() == 1);
    // each webhook answered only once handled: a second text would already be in the outbox
    assertEquals(1, outboxTo(phone).size());
    assertTrue(hotline.sentTo(e164(phone)).get(0).body().contains(number));
  }

  @Test
  void aTicketWhoseRecordFailsRollsBackSoTwiliosRetryRegistersItOnce() {
    String phone = "13900139003";
    String sid = sid();
    hotline.rows("""
        CREATE FUNCTION lose_the_intake() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'connection lost'; END $$
        """);
    hotline.rows("""
        CREATE TRIGGER lose_the_intake BEFORE UPDATE ON sms_inbound FOR EACH ROW
          WHEN (NEW.handled_as = 'ticket' AND NEW.body LIKE '%#lost%') EXECUTE FUNCTION lose_the_intake()
        """);
    try {
      assertEquals(500, hotline.webhooks.inbound(sid, e164(phone), "井盖丢了 #lost"));
      assertTrue(ticketsOf(phone).isEmpty(), "the ticket rolled back with its message's record");
    } finally {
      hotline.rows("DROP TRIGGER lose_the_intake ON sms_inbound");
      hotline.rows("DROP FUNCTION lose_the_intake()");
    }

    assertEquals(200, hotline.webhooks.inbound(sid, e164(phone), "井盖丢了 #lost"));
    assertEquals(200, hotline.webhooks.inbound(sid, e164(phone), "井盖丢了 #lost"));

    assertEquals(1, ticketsOf(phone).size());
  }

  @Test
  void aCallersOpenTicketOfTheSameCategoryIsLinkedAsAPossibleDuplicate() {
    String phone = "13900139004";
    Ticket earlier = hotline.service.tickets.create(new NewTicket(phone, Channel.AGENT, "other", null, "路灯坏了",
        null, null, null, false, false, null), Hotline.AGENT).await();
    Ticket otherCategory = hotline.create(phone);

    hotline.webhooks.inbound(sid(), e164(phone), "路灯还是不亮");

    List<Ticket> tickets = ticketsOf(phone);
    assertEquals(3, tickets.size(), "registered all the same");
    var links = hotline.service.tickets.possibleDuplicates(Hotline.AGENT).await().stream()
        .filter(d -> d.ticket().number().equals(tickets.get(2).number())).toList();
    assertEquals(List.of(earlier.number()), links.stream().map(d -> d.of().number()).toList(), "not " + otherCategory.number());
    assertEquals("same_caller", links.get(0).reason());
  }

  @Test
  void anEmptyTextHelpOrALoneDigitGetsTheHelpTextAndNoTicket() {
    String phone = "13900139005";
    String empty = sid();

    assertEquals(200, hotline.webhooks.inbound(empty, e164(phone), "  \n "));
    assertEquals(200, hotline.webhooks.inbound(sid(), e164(phone), "帮助"));
    String digit = sid();
    assertEquals(200, hotline.webhooks.inbound(digit, e164(phone), "2")); // a survey answer with no survey open

    assertTrue(ticketsOf(phone).isEmpty());
    assertEquals("help", inbound(empty).getString("handled_as"));
    assertEquals("help", inbound(digit).getString("handled_as"));
    eventually("three help texts leave", () -> hotline.sentTo(e164(phone)).stream()
        .filter(m -> m.body().contains("登记为工单")).count() == 3);
  }

  @Test
  void aTextTooLongForATicketIsRefusedPolitelyNotCut() {
    String phone = "13900139006";
    String sid = sid();

    assertEquals(200, hotline.webhooks.inbound(sid, e164(phone), "灯".repeat(NewTicket.MAX_DESCRIPTION + 1)));

    assertTrue(ticketsOf(phone).isEmpty());
    assertEquals("refused", inbound(sid).getString("handled_as"));
    eventually("the refusal leaves", () -> hotline.sentTo(e164(phone)).stream()
        .anyMatch(m -> m.body().contains("超过" + NewTicket.MAX_DESCRIPTION + "字")));
  }

  @Test
  void aCallerWhoTextedStopStillGetsATicketButNoText() {
    String phone = "13900139007";
    hotline.webhooks.inbound(sid(), e164(phone), "STOP");

    assertEquals(200, hotline.webhooks.inbound(sid(), e164(phone), "垃圾桶满了没人清"));
    assertEquals(200, hotline.webhooks.inbound(sid(), e164(phone), ""));

    Ticket ticket = ticketsOf(phone).get(0);
    List<Row> texts = outboxTo(phone);
    assertEquals(List.of("registered", "help"), texts.stream().map(r -> r.getString("kind")).toList());
    assertTrue(texts.stream().allMatch(r -> "opted_out".equals(r.getString("skip_reason"))));
    assertEquals(ticket.id(), texts.get(0).getLong("ticket_id"));
    assertTrue(hotline.sentTo(e164(phone)).isEmpty());
  }
}
