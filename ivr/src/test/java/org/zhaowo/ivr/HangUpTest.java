package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.NewTicket;

/** Hang-ups while the IVR is talking, not only while it listens: the HANGUP notice and 511 end the flow cleanly. */
class HangUpTest extends IvrTest {
  @Test
  void aHangUpDuringTheGreetingIsAnAbandonedCall() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline")
        .reply("STREAM FILE \"zhaowo/welcome\"", "HANGUP\n200 result=-1 endpos=1200");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    Row call = ivr.callRecord(asterisk);
    assertEquals("abandoned", call.getString("outcome"));
    assertEquals("greeting", call.getString("last_menu"));
    assertTrue(t.commands.getLast().startsWith("STREAM FILE"), "nothing after the notice: " + t.commands);
  }

  @Test
  void aNoticeThatComesAfterTheReplyIsCaughtByThe511() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("1")
        .reply("GET DATA \"zhaowo/category-groups\"", "200 result=-1\nHANGUP");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertEquals("abandoned", ivr.callRecord(asterisk).getString("outcome"));
    int getData = t.commands.indexOf(t.commands.stream().filter(c -> c.contains("category-groups")).findFirst().orElseThrow());
    assertTrue(t.commands.size() - getData <= 2, "at most one command (answered 511) after the -1: " + t.commands);
  }

  @Test
  void aHangUpWhileTheNumberIsReadKeepsTheTicket() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("1", "1", "#", "1")
        .reply("STREAM FILE \"zhaowo/num/digit-1\"", "HANGUP\n200 result=-1 endpos=100"); // the number's first 1
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.callerHungUp);
    assertFalse(t.played().contains("zhaowo/again"), "the hang-up came during the first reading");
    Row call = ivr.callRecord(asterisk);
    assertEquals("ticket_created", call.getString("outcome"));
    assertEquals("report.number", call.getString("last_menu"));
  }

  @Test
  void aHangUpWhileTypingATicketNumber() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk(null, "progress").keys("1234", "H");
    ivr.call(asterisk);
    Row call = ivr.callRecord(asterisk);
    assertEquals("abandoned", call.getString("outcome"));
    assertEquals("progress.number", call.getString("last_menu"));
  }

  @Test
  void aHangUpWhileProgressIsReadStillCountsAsHeard() throws Exception {
    ivr.tickets.create(NewTicket.fromIvr("13700137000", "utilities", "/r/h.wav", false), IvrServices.IVR).await();
    FakeAsterisk asterisk = new FakeAsterisk("13700137000", "progress")
        .reply("STREAM FILE \"zhaowo/num/month-", "HANGUP\n200 result=-1 endpos=100"); // English: "November …"
    ivr.call(asterisk);
    Row call = ivr.callRecord(asterisk);
    assertEquals("abandoned", call.getString("outcome"), "the deadline was not heard");
  }

  @Test
  void anElderlyCallerHangingUpBeforeThePersonAnswers() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13900139000", "hotline")
        .reply("STREAM FILE \"zhaowo/slow/elderly-welcome\"", "HANGUP\n200 result=-1 endpos=100");
    ivr.call(asterisk);
    assertEquals("abandoned", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void aHangUpBeforeTheMessageBeepRegistersNothing() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13812340004", "message").variable("ZHAOWO_AGENTS", "none")
        .reply("STREAM FILE \"zhaowo/leave-message\"", "200 result=0 endpos=3404\nHANGUP");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.commands.getLast().startsWith("RECORD FILE"), t.commands.toString());
    Row call = ivr.callRecord(asterisk);
    assertEquals("abandoned", call.getString("outcome"));
    assertNull(call.getString("recording"));
    assertTrue(ivr.rows("SELECT * FROM tickets WHERE caller_phone = '13812340004'").isEmpty());
  }

  @Test
  void aHangUpDuringTheSurveyCommentStillRecordsTheAnswer() throws Exception {
    String number = SurveyFlowTestSupport.resolvedTicket(ivr);
    ivr.call(new FakeAsterisk("96715", SurveyFlowTestSupport.surveyScript(ivr, number)).keys("2", "3", "1", "H"));
    Row ticket = ivr.rows("SELECT * FROM tickets WHERE number = $1", number).getFirst();
    assertEquals("dispatched", ticket.getString("state"), "unsolved reopens, even when the caller hung up after");
  }
}
