package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.util.Collections;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The keypad conventions on every menu: 0, *, wrong keys, no input, three failures; and the way to a person. */
class MenuConventionsTest extends IvrTest {
  @Test
  void zeroAtTheMainMenuSetsTheDialplanVariablesAndReturns() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("0");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertEquals("13800138000", t.variables.get("ZHAOWO_CALLER"));
    assertFalse(t.commands.contains("HANGUP"), "the dialplan goes on to the queue");
    assertEquals("SUCCESS", t.agiStatus());
    assertEquals("transferred", ivr.callRecord(asterisk).getString("outcome"));
    Row handoff = ivr.handoff(asterisk);
    assertEquals("waiting", handoff.getString("state"));
  }

  @Test
  void wrongKeysAreSaidAndTheThirdFailureReachesAPerson() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("9", "7", "#"));
    assertEquals(2, Collections.frequency(t.played(), "zhaowo/wrong-key"));
    assertEquals(3, Collections.frequency(t.played(), "zhaowo/main-menu"));
    assertEquals(3, Collections.frequency(t.played(), "zhaowo/grid-head-offer"), "the grid head's key with each menu");
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void noInputIsSaidAndRepeatedWithTimeoutsOfAtLeastFiveSeconds() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("", "", ""));
    assertEquals(2, Collections.frequency(t.played(), "zhaowo/no-input"));
    assertTrue(t.commands.contains("GET DATA \"zhaowo/main-menu\" 6000 1"), t.commands.toString());
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void starRepeatsTheMenuWithoutCountingAsAFailure() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("*", "*", "*", "1", "H"));
    assertEquals(4, Collections.frequency(t.played(), "zhaowo/main-menu"));
    assertTrue(t.played().contains("zhaowo/category-groups"));
  }

  @Test
  void zeroReachesAPersonFromTheSecondLevelToo() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("1", "0"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void outOfHoursZeroOffersAVoiceMessageThatBecomesATicket() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").variable("ZHAOWO_AGENTS", "none")
        .keys("0", "#");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/leave-message"));
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"));
    Row ticket = ivr.rows("SELECT * FROM tickets WHERE number = $1", t.variables.get("ZHAOWO_TICKET")).getFirst();
    assertEquals("other", ticket.getString("category"));
    assertTrue(ticket.getString("recording").endsWith("-message.wav"));
    assertEquals("voice_message", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void theAgentScheduleDecidesToo() throws Exception {
    try (IvrHarness night = new IvrHarness(Map.of("ZHAOWO_IVR_AGENT_HOURS", "20:00-08:00"))) {
      FakeAsterisk.Transcript t = night.call(new FakeAsterisk("13800138000", "hotline").keys("0", "#"));
      assertTrue(t.played().contains("zhaowo/leave-message"), "10:00 is outside 20:00–08:00");
    }
  }

  @Test
  void anUnknownScriptIsAnsweredPolitely() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "no-such-thing");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/sorry-unavailable"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertEquals("unknown_script", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void theMessageScriptTakesAVoiceMessageWhenTheQueueFoundNobody() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "message").variable("ZHAOWO_AGENTS", "none").keys("#");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/leave-message"));
    assertTrue(t.variables.containsKey("ZHAOWO_TICKET"));
    assertEquals("voice_message", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void aVoiceMessageFromAWithheldNumberBecomesAnIncompleteTicketForAnAgent() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk(null, "message").variable("ZHAOWO_AGENTS", "none").keys("#");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    String number = t.variables.get("ZHAOWO_TICKET");
    Row ticket = ivr.rows("SELECT * FROM tickets WHERE number = $1", number).getFirst();
    assertNull(ticket.getString("caller_phone"), "no number to call back: an agent checks the recording");
    assertTrue(ticket.getBoolean("incomplete_intake"));
    assertTrue(ticket.getString("recording").endsWith("-message.wav"));
    Row call = ivr.callRecord(asterisk);
    assertEquals("voice_message", call.getString("outcome"));
    assertTrue(call.getString("recording").endsWith("-message.wav"), "the call record keeps the recording");
  }

  @Test
  void aVoiceMessageAsteriskCouldNotWriteIsSaidAndNotRegistered() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13812340003", "message").variable("ZHAOWO_AGENTS", "none")
        .reply("RECORD FILE", "200 result=-1 (writefile)");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/recording-failed"), t.played().toString());
    assertFalse(t.variables.containsKey("ZHAOWO_TICKET"));
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"), "nobody is free: back to the queue would only loop");
    Row call = ivr.callRecord(asterisk);
    assertEquals("failed", call.getString("outcome"));
    assertNull(call.getString("recording"));
    assertTrue(ivr.rows("SELECT * FROM tickets WHERE caller_phone = '13812340003'").isEmpty());
  }

  @Test
  void anElderlyCallerWithNoAgentFreeCanLeaveAMessage() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13900139000", "hotline").variable("ZHAOWO_AGENTS", "none").keys("1", "#");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/slow/leave-message"));
    assertEquals("voice_message", ivr.callRecord(asterisk).getString("outcome"));
  }
}
