package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.zhaowo.sms.Hotline.eventually;

import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Phones;
import org.zhaowo.ticketing.Ticket;

/** A new ticket of a resident who lives in a grid is texted to the grid head (网格长), the first responder. */
class GridHeadTextTest {
  /** The demo resident 13800138000 lives in this grid. */
  private static final String GRID = "SD01-C01-G1";
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

  private static String gridHeadPhone(String grid) {
    return hotline.service.tickets.unit(grid).await().orElseThrow().phone();
  }

  private static List<Row> gridHeadRows(Ticket ticket) {
    return hotline.rows("SELECT * FROM sms_outbox WHERE ticket_id = $1 AND kind = 'grid_head_new'", ticket.id());
  }

  private static List<FakeTwilio.Sent> gridHeadTexts(Ticket ticket, String grid) {
    return hotline.sentTo(Phones.e164(gridHeadPhone(grid))).stream()
        .filter(m -> m.body().contains(ticket.number())).toList();
  }

  @Test
  void aResidentsNewTicketIsTextedOnceToTheirGridHeadWithoutTheirPhone() {
    Ticket ticket = hotline.create("13800138000");

    eventually("the grid head's text leaves", () -> gridHeadTexts(ticket, GRID).size() == 1);
    String body = gridHeadTexts(ticket, GRID).get(0).body();
    assertEquals("13900000001", gridHeadPhone(GRID), "the demo grid's head");
    assertTrue(body.contains("水电气维修") && body.contains("3号楼2单元501"), body);
    assertFalse(body.contains("13800138000"), "never the resident's phone: " + body);
    eventually("the resident's own text leaves too", () -> hotline.sentTo("+8613800138000").stream()
        .anyMatch(m -> m.body().contains(ticket.number())));
    assertEquals(1, gridHeadRows(ticket).size(), "one text per ticket, the intake's dispatch adds none");
  }

  @Test
  void aCallerWhoIsNoResidentGivesNoGridHeadText() {
    Ticket ticket = hotline.create("13612340031");

    eventually("the caller's own text leaves", () -> hotline.sentTo("+8613612340031").size() == 1);
    assertTrue(gridHeadRows(ticket).isEmpty());
    assertTrue(hotline.twilio.sent().stream().noneMatch(m -> m.body().contains("网格工单" + ticket.number())));
  }

  @Test
  void aConfidentialTicketTellsTheGridHeadOnlyItsNumberAndCategory() {
    Ticket ticket = hotline.service.tickets.create(new NewTicket("13800138000", Channel.AGENT, "utilities", null,
        "厨房水管漏水", null, "3号楼2单元501", null, true, false, null), Hotline.AGENT).await();

    eventually("the grid head's text leaves", () -> gridHeadTexts(ticket, GRID).size() == 1);
    String body = gridHeadTexts(ticket, GRID).get(0).body();
    assertTrue(body.contains(ticket.number()) && body.contains("水电气维修"), body);
    assertFalse(body.contains("3号楼") || body.contains("限办") || body.contains("13800138000"), body);
  }

  @Test
  void aGridHeadWithoutAMobileIsSkipped() {
    hotline.rows("UPDATE units SET phone = '0412-5600001' WHERE code = 'SD01-C01-G2'");
    hotline.rows("UPDATE units SET phone = NULL WHERE code = 'SD01-C01-G3'");
    Ticket landlineGrid = hotline.create("13900139000"); // lives in G2
    Ticket noPhoneGrid = hotline.create("04125551234"); // lives in G3

    List<Row> skipped = gridHeadRows(landlineGrid);
    assertEquals(1, skipped.size());
    assertEquals("skipped", skipped.get(0).getString("send_state"));
    assertEquals("not_mobile", skipped.get(0).getString("skip_reason"));
    assertTrue(gridHeadRows(noPhoneGrid).isEmpty(), "no number to keep a row for");
  }
}
