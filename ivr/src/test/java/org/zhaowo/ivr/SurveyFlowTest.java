package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import org.junit.jupiter.api.Test;

/** The phone callback survey (survey?ticket=N&key=K) and its effect on the ticket; only a keyed call counts. */
class SurveyFlowTest extends IvrTest {
  static String resolvedTicket() {
    return SurveyFlowTestSupport.resolvedTicket(ivr);
  }

  private static String keyed(String number) {
    return SurveyFlowTestSupport.surveyScript(ivr, number);
  }

  private static Row ticket(String number) {
    return ivr.rows("SELECT * FROM tickets WHERE number = $1", number).getFirst();
  }

  private static Row survey(String number) {
    return ivr.rows("SELECT s.* FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE t.number = $1", number)
        .getFirst();
  }

  @Test
  void solvedAndSatisfiedClosesTheTicket() throws Exception {
    String number = resolvedTicket();
    FakeAsterisk asterisk = new FakeAsterisk("96715", keyed(number)).keys("1", "1", "2");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.saidDigits().contains(number));
    assertEquals("closed", ticket(number).getString("state"));
    assertEquals("satisfied", survey(number).getString("satisfaction"));
    assertEquals("survey_answered", ivr.callRecord(asterisk).getString("outcome"));
    assertTrue(t.played().contains("zhaowo/slow/survey-thanks"), "the resident is elderly");
  }

  @Test
  void basicallySatisfiedClosesToo() throws Exception {
    String number = resolvedTicket();
    ivr.call(new FakeAsterisk("96715", keyed(number)).keys("1", "2", ""));
    assertEquals("closed", ticket(number).getString("state"));
    assertEquals("basically_satisfied", survey(number).getString("satisfaction"));
  }

  @Test
  void unsolvedReopensTheTicketWithAVoiceComment() throws Exception {
    String number = resolvedTicket();
    ivr.call(new FakeAsterisk("96715", keyed(number)).keys("2", "3", "1", "#"));
    assertEquals("dispatched", ticket(number).getString("state"));
    Row survey = survey(number);
    assertEquals(false, survey.getBoolean("solved"));
    assertTrue(survey.getString("recording").endsWith("-survey.wav"));
  }

  @Test
  void unsatisfiedReopens() throws Exception {
    String number = resolvedTicket();
    ivr.call(new FakeAsterisk("96715", keyed(number)).keys("1", "3", "2"));
    assertEquals(1, ticket(number).getInteger("reopen_count"));
  }

  @Test
  void aHangUpBeforeAnsweringLeavesTheTicketResolved() throws Exception {
    String number = resolvedTicket();
    ivr.call(new FakeAsterisk("96715", keyed(number)).keys("1", "H"));
    assertEquals("resolved", ticket(number).getString("state"));
  }

  @Test
  void zeroReachesAPersonWithTheTicket() throws Exception {
    String number = resolvedTicket();
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("96715", keyed(number)).keys("0"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertEquals(number, t.variables.get("ZHAOWO_TICKET"));
  }

  @Test
  void aHangUpBeforeTheCommentIsRecordedKeepsTheAnswerWithoutARecording() throws Exception {
    String number = resolvedTicket();
    // the notice comes after the prompt's reply: RECORD FILE is answered 511, nothing was recorded
    FakeAsterisk asterisk = new FakeAsterisk("96715", keyed(number)).keys("2", "3", "1")
        .reply("STREAM FILE \"zhaowo/slow/survey-comment\"", "200 result=0 endpos=3404\nHANGUP");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.commands.getLast().startsWith("RECORD FILE"), t.commands.toString());
    assertEquals("dispatched", ticket(number).getString("state"), "the answer counts");
    assertNull(survey(number).getString("recording"));
    assertNull(ivr.callRecord(asterisk).getString("recording"));
  }

  @Test
  void aCommentAsteriskCouldNotWriteIsSaidAndGoesToAPerson() throws Exception {
    String number = resolvedTicket();
    FakeAsterisk asterisk = new FakeAsterisk("96715", keyed(number)).keys("2", "3", "1")
        .reply("RECORD FILE", "200 result=-1 (writefile)");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertEquals("dispatched", ticket(number).getString("state"), "the answer counts");
    assertNull(survey(number).getString("recording"));
    assertTrue(t.played().contains("zhaowo/slow/recording-failed"), t.played().toString());
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertEquals(number, t.variables.get("ZHAOWO_TICKET"));
  }

  @Test
  void aBadTicketNumberIsAnsweredPolitely() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("96715", keyed("12345678"));
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/survey-not-due"));
    assertNull(ivr.callRecord(asterisk).getString("ticket_number"));
    assertEquals("completed", ivr.callRecord(asterisk).getString("outcome"));
  }

  private static void assertRefused(String number, FakeAsterisk asterisk, FakeAsterisk.Transcript t) throws Exception {
    assertTrue(t.played().contains("zhaowo/survey-not-due"), t.played().toString());
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"), "ended politely, not handed to a person");
    assertEquals("resolved", ticket(number).getString("state"));
    assertTrue(ivr.rows("SELECT s.* FROM surveys s JOIN tickets t ON t.id = s.ticket_id WHERE t.number = $1", number)
        .isEmpty(), "no answer recorded");
    assertNull(ivr.callRecord(asterisk).getString("ticket_number"));
    assertFalse(t.commands.stream().anyMatch(c -> c.startsWith("SAY DIGITS")), "the ticket number is not read out");
  }

  @Test
  void aSurveyCallWithoutAKeyChangesNothing() throws Exception {
    String number = resolvedTicket();
    FakeAsterisk asterisk = new FakeAsterisk("96715", "survey?ticket=" + number).keys("1", "1", "2");
    assertRefused(number, asterisk, ivr.call(asterisk));
  }

  @Test
  void aSurveyCallWithAWrongKeyChangesNothing() throws Exception {
    String number = resolvedTicket();
    String other = resolvedTicket();
    String theirs = SurveyFlowTestSupport.key(ivr, other, ivr.clock.instant().plusSeconds(3600));
    FakeAsterisk asterisk = new FakeAsterisk("96715", "survey?ticket=" + number + "&key=" + theirs).keys("1", "1", "2");
    assertRefused(number, asterisk, ivr.call(asterisk));

    String forged = theirs.substring(0, theirs.lastIndexOf('.') + 1) + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    FakeAsterisk again = new FakeAsterisk("96715", "survey?ticket=" + number + "&key=" + forged).keys("1", "1", "2");
    assertRefused(number, again, ivr.call(again));
  }

  @Test
  void anExpiredKeyChangesNothing() throws Exception {
    String number = resolvedTicket();
    String stale = SurveyFlowTestSupport.key(ivr, number, ivr.clock.instant().minusSeconds(1));
    FakeAsterisk asterisk = new FakeAsterisk("96715", "survey?ticket=" + number + "&key=" + stale).keys("1", "1", "2");
    assertRefused(number, asterisk, ivr.call(asterisk));
  }
}
