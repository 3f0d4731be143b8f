package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.NewTicket;

/**
 * Every flow ends by returning to the dialplan: {@code ZHAOWO_NEXT} is its last command, the IVR then
 * closes the connection, and Asterisk goes on after {@code AGI()} with AGISTATUS=SUCCESS. The AGI
 * {@code HANGUP} command (cause 0, the dialplan's own steps skipped) is never sent.
 */
class DialplanReturnTest extends IvrTest {
  @Test
  void aReportReadBackReturnsToHangUp() throws Exception {
    assertReturned("hangup", ivr.call(new FakeAsterisk("13800138000", "hotline").keys("1", "1", "#", "1")));
  }

  @Test
  void progressHeardReturnsToHangUp() throws Exception {
    ivr.tickets.create(NewTicket.fromIvr("13600136001", "utilities", "/r/d.wav", false), IvrServices.IVR).await();
    FakeAsterisk asterisk = new FakeAsterisk("13600136001", "progress").keys("1");
    assertReturned("hangup", ivr.call(asterisk));
    assertEquals("progress_heard", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void anAnsweredSurveyReturnsToHangUp() throws Exception {
    String number = SurveyFlowTestSupport.resolvedTicket(ivr);
    FakeAsterisk asterisk = new FakeAsterisk("96715", SurveyFlowTestSupport.surveyScript(ivr, number)).keys("1", "1", "2");
    assertReturned("hangup", ivr.call(asterisk));
    assertEquals("survey_answered", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void aHandOffReturnsToTheQueue() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("0"));
    assertReturned("agent", t);
    assertEquals("zhaowo/transferring", t.played().getLast(), "the caller is told before the queue");
  }

  @Test
  void theGridHeadReturnsToDial() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("3"));
    assertReturned("dial", t);
    assertEquals("zhaowo/connecting-grid-head", t.played().getLast(), "the caller is told before the dialling");
  }

  @Test
  void anElderlyCallerReturnsToTheQueueWithoutTheTransferPrompt() throws Exception {
    assertReturned("agent", ivr.call(new FakeAsterisk("13900139000", "hotline")));
  }

  @Test
  void anUnknownScriptReturnsToTheQueue() throws Exception {
    assertReturned("agent", ivr.call(new FakeAsterisk("13800138000", "no-such-script")));
  }

  @Test
  void aCallerWhoHangsUpLeavesNothingForTheDialplan() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("1", "H"));
    assertEquals("HANGUP", t.agiStatus());
    assertFalse(t.commands.contains("HANGUP"));
    assertNull(t.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void aSoundFileAsteriskLacksLeavesFailureThoughTheCallGoesOn() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").missing("zhaowo/goodbye")
        .keys("1", "1", "#", "1"));
    assertEquals("FAILURE", t.agiStatus(), "AGI-NOTES.md: a failed STREAM FILE makes the AGI end in FAILURE");
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"));
  }

  private static void assertReturned(String next, FakeAsterisk.Transcript t) {
    assertFalse(t.commands.contains("HANGUP"), "no AGI HANGUP: " + t.commands);
    assertEquals(next, t.variables.get("ZHAOWO_NEXT"));
    assertEquals("SET VARIABLE \"ZHAOWO_NEXT\" \"" + next + "\"", t.commands.getLast(), "nothing after it");
    assertEquals("SUCCESS", t.agiStatus(), t.failedCommands.toString());
  }
}
