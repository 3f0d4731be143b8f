package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Role;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketEvent;
import org.zhaowo.ticketing.TicketNumbers;
import org.zhaowo.ticketing.TicketState;

/** A grid head (网格长) answers by text from the phone on record: J resolves an immediate item, S accepts, B notes. */
class GridHeadReplyTest {
  /** The head of SD01-C01-G1, where the demo resident 13800138000 lives (13900139000 lives in G2). */
  private static final String HEAD = "13900000001";
  private static final String RESIDENT = "13800138000";
  private static final String NEIGHBOUR = "13900139000";
  private static Hotline hotline;

  @BeforeAll
  static void start() throws Exception {
    hotline = new Hotline(Map.of(GridHeadTexts.ENABLED, "true"));
  }

  @AfterAll
  static void stop() {
    hotline.close();
  }

  @BeforeEach
  void onAWorkingMorning() {
    hotline.nextTuesdayMorning();
  }

  private static String sid() {
    return "SM" + UUID.randomUUID().toString().replace("-", "");
  }

  private static Ticket report(String phone, String category, boolean confidential) {
    return hotline.service.tickets.create(new NewTicket(phone, Channel.AGENT, category, null, "楼下噪音扰民",
        null, "3号楼2单元501", null, confidential, false, null), Hotline.AGENT).await();
  }

  /** The head texts {@code body}; the webhook answers 200 once the text is handled. */
  private static String headTexts(String body) {
    String sid = sid();
    assertEquals(200, hotline.webhooks.inbound(sid, "+86" + HEAD, body));
    return sid;
  }

  private static List<Row> replies(String sid) {
    return hotline.rows("SELECT * FROM sms_outbox WHERE dedupe_key = $1", "reply:" + sid);
  }

  /** The one reply to {@code sid}, once it left for the grid head. */
  private static String reply(String sid) {
    assertEquals(1, replies(sid).size(), "one reply");
    String body = replies(sid).get(0).getString("body");
    eventually("the reply leaves", () -> hotline.sentTo("+86" + HEAD).stream().anyMatch(m -> m.body().equals(body)));
    return body;
  }

  private static Row inbound(String sid) {
    return hotline.rows("SELECT * FROM sms_inbound WHERE message_sid = $1", sid).get(0);
  }

  private static List<TicketEvent> events(Ticket ticket) {
    return hotline.service.tickets.events(ticket).await();
  }

  private static TicketEvent last(Ticket ticket) {
    List<TicketEvent> events = events(ticket);
    return events.get(events.size() - 1);
  }

  @Test
  void jResolvesAnImmediateItemAndTheResidentHearsOfItAndIsSurveyed() {
    Ticket ticket = report(RESIDENT, "policy", false);

    String sid = headTexts("J " + ticket.number() + " 已电话答复居民");

    assertEquals(TicketState.RESOLVED, hotline.ticket(ticket.number()).state());
    TicketEvent resolved = last(ticket);
    assertEquals("resolve", resolved.action());
    assertEquals(Role.GRID_HEAD, resolved.role());
    assertEquals("grid_head:SD01-C01-G1", resolved.actor());
    assertTrue(resolved.note().contains("已电话答复居民"), resolved.note());
    assertEquals("command", inbound(sid).getString("handled_as"));
    assertEquals(ticket.id(), inbound(sid).getLong("ticket_id"));
    String confirmation = reply(sid);
    assertEquals("【96715】工单" + ticket.number() + "已办结，感谢。", confirmation);
    assertEquals("grid_head_resolved", replies(sid).get(0).getString("kind"));
    List<Row> told = hotline.rows("SELECT * FROM sms_outbox WHERE ticket_id = $1 AND kind = 'resolved'", ticket.id());
    assertEquals(1, told.size(), "the resident's resolution text");
    assertEquals(RESIDENT, told.get(0).getString("to_phone"));
    eventually("the resident's resolution text leaves", () -> hotline.sentTo("+86" + RESIDENT).stream()
        .anyMatch(m -> m.body().contains(ticket.number() + "已办结")));
    assertEquals(ticket.number(), hotline.service.tickets.openSurveyOf(RESIDENT).await().orElseThrow(),
        "the callback survey opened as on any resolution");
  }

  @Test
  void noReplyNamesTheResidentOrWhatAConfidentialTicketIsAbout() {
    Ticket ticket = report(RESIDENT, "utilities", true);

    String accepted = headTexts("S " + ticket.number());
    String refused = headTexts("J " + ticket.number() + " 修好了");

    for (String body : List.of(reply(accepted), reply(refused))) {
      assertTrue(body.contains(ticket.number()), body);
      assertFalse(body.contains(RESIDENT) || body.contains("噪音") || body.contains("3号楼"), body);
    }
  }

  @Test
  void jOnAPromisedItemIsRefusedAndSuggestsAcceptingIt() {
    Ticket ticket = report(RESIDENT, "utilities", false);
    int history = events(ticket).size();

    String sid = headTexts("结 " + ticket.number() + " 修好了");

    assertEquals(TicketState.DISPATCHED, hotline.ticket(ticket.number()).state());
    assertEquals(history, events(ticket).size());
    assertEquals("command_refused", inbound(sid).getString("handled_as"));
    String body = reply(sid);
    assertTrue(body.contains("不是即办件") && body.contains("S " + ticket.number()), body);
  }

  @Test
  void sAcceptsAndASecondSaysItIsAlreadyBeingHandled() {
    Ticket ticket = report(RESIDENT, "utilities", false);

    String first = headTexts("s" + ticket.number());
    String second = headTexts("收 " + ticket.number());

    assertEquals(TicketState.IN_PROGRESS, hotline.ticket(ticket.number()).state());
    assertEquals("accept", last(ticket).action());
    assertEquals(Role.GRID_HEAD, last(ticket).role());
    assertEquals("【96715】工单" + ticket.number() + "已受理。", reply(first));
    assertTrue(reply(second).contains("已在办理中"), reply(second));
  }

  @Test
  void bNotesProgressInFullWidthDigitsAndSpacesToo() {
    Ticket ticket = report(RESIDENT, "utilities", false);
    String wide = ticket.number().chars().mapToObj(c -> String.valueOf((char) (c - '0' + '０')))
        .reduce("", String::concat);

    String sid = headTexts("Ｂ　" + wide + "　已上门查看，明天修");

    TicketEvent noted = last(ticket);
    assertEquals("note", noted.action());
    assertEquals(Role.GRID_HEAD, noted.role());
    assertTrue(noted.note().endsWith("已上门查看，明天修"), noted.note());
    assertEquals(TicketState.DISPATCHED, hotline.ticket(ticket.number()).state());
    assertEquals("【96715】工单" + ticket.number() + "的进展已记录。", reply(sid));
  }

  @Test
  void anotherGridsTicketIsRefusedAndNothingChanges() {
    Ticket ticket = report(NEIGHBOUR, "policy", false);
    int history = events(ticket).size();

    String sid = headTexts("J " + ticket.number() + " 已处理");

    assertEquals(TicketState.DISPATCHED, hotline.ticket(ticket.number()).state());
    assertEquals(history, events(ticket).size());
    assertEquals("【96715】工单" + ticket.number() + "不是您网格居民的工单，未办理。", reply(sid));
  }

  @Test
  void aBadCheckDigitAnUnknownNumberAMissingNoteOrNoNumberGetAPlainReply() {
    Ticket ticket = report(RESIDENT, "policy", false);
    String n = ticket.number();
    String typo = n.substring(0, 7) + (char) ('0' + (n.charAt(7) - '0' + 1) % 10);
    String unknown = TicketNumbers.fromSerial(9_999_999);

    assertTrue(reply(headTexts("J " + typo + " 已处理")).contains("工单号" + typo + "有误"));
    assertTrue(reply(headTexts("S " + unknown)).contains("未找到工单" + unknown));
    assertTrue(reply(headTexts("J " + n)).contains("请写明处理情况"));
    String help = headTexts("B 已上门");
    assertTrue(reply(help).contains("网格长短信指令"), reply(help));
    assertEquals("command_help", inbound(help).getString("handled_as"));
    assertEquals(TicketState.DISPATCHED, hotline.ticket(n).state(), "none acted");
  }

  @Test
  void aResidentsTextLikeACommandAndAHeadsTextUnlikeOneAreResidentsTexts() {
    Ticket ticket = report(RESIDENT, "policy", false);

    String resident = sid();
    assertEquals(200, hotline.webhooks.inbound(resident, "+86" + RESIDENT, "J " + ticket.number() + " 已处理"));
    String report = headTexts("Bus站牌倒了");

    assertEquals(TicketState.DISPATCHED, hotline.ticket(ticket.number()).state());
    assertEquals("ticket", inbound(resident).getString("handled_as"), "a resident's J text is a report");
    assertEquals("ticket", inbound(report).getString("handled_as"), "the head is a resident too");
    assertEquals(HEAD, hotline.rows("SELECT caller_phone FROM tickets WHERE id = $1",
        inbound(report).getLong("ticket_id")).get(0).getString("caller_phone"));
  }

  @Test
  void aRetriedWebhookActsOnceAndRepliesOnce() {
    Ticket ticket = report(RESIDENT, "utilities", false);
    int history = events(ticket).size();
    String sid = sid();
    String body = "B " + ticket.number() + " 已联系物业";

    assertEquals(200, hotline.webhooks.inbound(sid, "+86" + HEAD, body));
    assertEquals(200, hotline.webhooks.inbound(sid, "+86" + HEAD, body));

    assertEquals(history + 1, events(ticket).size());
    String reply = reply(sid);
    assertEquals(1, hotline.sentTo("+86" + HEAD).stream().filter(m -> m.body().equals(reply)).count());
  }

  @Test
  void aCommandWhoseRecordFailsRollsBackSoTwiliosRetryActsOnce() {
    Ticket ticket = report(RESIDENT, "policy", false);
    String sid = sid();
    String body = "J " + ticket.number() + " 已答复 #lost";
    hotline.rows("""
        CREATE FUNCTION lose_the_command() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'connection lost'; END $$
        """);
    hotline.rows("""
        CREATE TRIGGER lose_the_command BEFORE UPDATE ON sms_inbound FOR EACH ROW
          WHEN (NEW.handled_as = 'command' AND NEW.body LIKE '%#lost%') EXECUTE FUNCTION lose_the_command()
        """);
    try {
      assertEquals(500, hotline.webhooks.inbound(sid, "+86" + HEAD, body));
      assertEquals(TicketState.DISPATCHED, hotline.ticket(ticket.number()).state(), "the act rolled back");
      assertTrue(hotline.rows("SELECT 1 FROM sms_inbound WHERE message_sid = $1", sid).isEmpty(),
          "forgotten, for Twilio's retry");
      assertTrue(replies(sid).isEmpty());
    } finally {
      hotline.rows("DROP TRIGGER lose_the_command ON sms_inbound");
      hotline.rows("DROP FUNCTION lose_the_command()");
    }

    assertEquals(200, hotline.webhooks.inbound(sid, "+86" + HEAD, body));
    assertEquals(200, hotline.webhooks.inbound(sid, "+86" + HEAD, body));

    assertEquals(TicketState.RESOLVED, hotline.ticket(ticket.number()).state());
    assertEquals(1, events(ticket).stream().filter(e -> "resolve".equals(e.action())).count());
    assertTrue(reply(sid).contains("已办结"));
  }

  @Test
  void gridHeadsTextsHaveADailyCapOfTheirOwnApartFromResidents() throws Exception {
    try (Hotline capped = new Hotline(Map.of(GridHeadTexts.ENABLED, "true", OutboxWorker.DAILY_CAP, "1",
        OutboxWorker.GRID_HEAD_DAILY_CAP, "3"))) {
      for (int i = 0; i < 4; i++) {
        capped.create(RESIDENT);
      }
      String help = sid();
      assertEquals(200, capped.webhooks.inbound(help, "+86" + HEAD, "帮助")); // a resident's kind of text

      eventually("all decided", () -> capped.rows("SELECT 1 FROM sms_outbox WHERE send_state IN ('queued', 'sending')")
          .isEmpty());
      List<Row> head = capped.rows("SELECT kind, send_state, skip_reason FROM sms_outbox WHERE to_phone = $1 ORDER BY id",
          HEAD);
      assertEquals(List.of("sent", "sent", "sent", "skipped"), head.stream().filter(r -> r.getString("kind")
          .equals(GridHeadTexts.KIND)).map(r -> r.getString("send_state")).toList(), "3 a day to the grid head");
      Row helpText = head.stream().filter(r -> r.getString("kind").equals("help")).findFirst().orElseThrow();
      assertEquals("sent", helpText.getString("send_state"), "the head's own resident cap is untouched");
      assertNull(helpText.getString("skip_reason"));
      assertEquals(1, capped.sentTo("+86" + RESIDENT).size(), "the resident's cap of 1 holds");
    }
  }
}
