package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.sqlclient.Row;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Channel;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Ticket;
import org.zhaowo.ticketing.TicketNumbers;

/** Hearing progress, and the way elderly callers are served. */
class ProgressAndElderlyTest extends IvrTest {
  static Ticket mine;
  static Ticket secret;

  @BeforeAll
  static void tickets() {
    mine = ivr.tickets.create(NewTicket.fromIvr("13800138000", "utilities", "/r/1.wav", false), IvrServices.IVR).await();
    secret = ivr.tickets.create(new NewTicket("13500135000", Channel.AGENT, "safety", null, "举报", null, null, null,
        true, false, null), IvrServices.IVR).await();
  }

  @Test
  void aKnownCallerHearsTheNewestOpenTicketWithStateUnitAndDeadline() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("2");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.saidDigits().contains(mine.number()));
    assertTrue(t.played().contains("zhaowo/state-dispatched"));
    assertTrue(t.played().contains("zhaowo/unit/" + mine.unitCode()));
    assertFalse(t.played().contains("zhaowo/unit-generic"));
    assertEquals(deadlineWords(t), words(Spoken.date("zh", mine.deadline().atZone(ZONE).toLocalDate())));
    assertEquals("num/day", deadlineWords(t).getLast(), "十二月三日: the day ends with 日");
    assertEquals("progress_heard", ivr.callRecord(asterisk).getString("outcome"));
    assertEquals("SUCCESS", t.agiStatus(), t.failedCommands.toString());
  }

  @Test
  void aUnitWhoseNameAsteriskLacksIsSaidGenericallyAndTheCallGoesOn() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("2")
        .missing("zhaowo/unit/" + mine.unitCode());
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    int unit = t.played().indexOf("zhaowo/unit/" + mine.unitCode());
    assertEquals("zhaowo/unit-generic", t.played().get(unit + 1));
    assertTrue(t.played().contains("zhaowo/due-by"), "the read-out goes on");
    assertEquals("progress_heard", ivr.callRecord(asterisk).getString("outcome"));
    assertEquals(List.of("STREAM FILE \"zhaowo/unit/" + mine.unitCode() + "\" \"\""), t.failedCommands,
        "Asterisk was asked once: the AGI ends in FAILURE, as on a real one");
  }

  @Test
  void aUnitKnownToBeMissingFromTheSoundsFolderIsNotEvenTried() throws Exception {
    java.nio.file.Path sounds = FakeAsterisk.soundsFolder(List.of()); // the catalog, no unit names
    try (IvrHarness local = new IvrHarness(Map.of("ZHAOWO_IVR_SOUNDS_DIR", sounds.toString()))) {
      local.tickets.create(NewTicket.fromIvr("13800138000", "utilities", "/r/u.wav", false), IvrServices.IVR).await();
      FakeAsterisk.Transcript t = local.call(new FakeAsterisk("13800138000", "hotline").sounds(sounds).keys("2"));
      assertTrue(t.played().stream().noneMatch(f -> f.startsWith("zhaowo/unit/")), t.played().toString());
      assertEquals("zhaowo/unit-generic", t.played().get(t.played().indexOf("zhaowo/handled-by") + 1));
      assertEquals("SUCCESS", t.agiStatus(), t.failedCommands.toString());
    }
  }

  private static final java.time.ZoneId ZONE = java.time.ZoneId.of("Asia/Shanghai");

  /** The number words after "due by": the deadline as said. */
  private static List<String> deadlineWords(FakeAsterisk.Transcript t) {
    List<String> played = t.played();
    int due = played.indexOf("zhaowo/due-by");
    return played.subList(due + 1, played.size()).stream().takeWhile(f -> f.startsWith("zhaowo/num/"))
        .map(f -> f.substring("zhaowo/".length())).toList();
  }

  private static List<String> words(List<Prompt> prompts) {
    return prompts.stream().map(Prompt::key).toList();
  }

  @Test
  void theProgressScriptGoesStraightThere() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "progress").keys("1"));
    assertFalse(t.played().contains("zhaowo/main-menu"));
    assertTrue(t.played().contains("zhaowo/no-more-tickets"));
  }

  @Test
  void aMistypedNumberIsCaughtByTheCheckDigitBeforeAnyLookup() throws Exception {
    String wrong = mine.number().substring(0, 7) + ((mine.number().charAt(7) - '0' + 1) % 10);
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13600136000", "progress").keys(wrong, mine.number()));
    assertTrue(t.played().contains("zhaowo/ticket-invalid"));
    assertTrue(t.saidDigits().contains(mine.number()), "a number typed in full is read out to anyone");
  }

  @Test
  void anUnknownButValidNumberIsNotFound() throws Exception {
    String none = TicketNumbers.fromSerial(9_999_999);
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk(null, "progress").keys(none, "H"));
    assertTrue(t.played().contains("zhaowo/no-such-ticket"));
  }

  @Test
  void aShortTicketNumberTypedWithoutHashIsInvalidNotMissing() throws Exception {
    // 7 digits of 8 and no #: "200 result=1234567 (timeout)", a wrong number rather than no key
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk(null, "progress").keys("1234567", "H"));
    assertTrue(t.played().contains("zhaowo/ticket-invalid"), t.played().toString());
    assertFalse(t.played().contains("zhaowo/no-input"), t.played().toString());
  }

  @Test
  void anElderlyCallerWhoWaitsInsteadOfPressingHashIsHeard() throws Exception {
    try (IvrHarness withMenu = new IvrHarness(Map.of("ZHAOWO_IVR_ELDERLY_MENU", "true"))) {
      FakeAsterisk.Transcript t = withMenu.call(new FakeAsterisk("13900139000", "hotline")
          .keys("1", "1", "#", "2", "13611113333", "H"));
      assertFalse(t.played().contains("zhaowo/slow/no-input"), t.played().toString());
      String number = t.variables.get("ZHAOWO_TICKET");
      assertEquals("13611113333", withMenu.rows("SELECT caller_phone FROM tickets WHERE number = $1", number)
          .getFirst().getString("caller_phone"));
    }
  }

  @Test
  void aConfidentialTicketIsNeverReadOut() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13500135000", "progress").keys(secret.number()));
    assertTrue(t.played().contains("zhaowo/confidential"));
    assertFalse(t.saidDigits().contains(secret.number()));
  }

  @Test
  void anElderlyCallerGoesStraightToAPersonWithTheSlowVoice() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13900139000", "hotline");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertTrue(t.played().contains("zhaowo/slow/elderly-welcome"));
    assertFalse(t.played().contains("zhaowo/slow/main-menu"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    Row handoff = ivr.handoff(asterisk);
    assertEquals("elderly", handoff.getString("reason"));
    assertTrue(handoff.getBoolean("elderly"));
  }

  @Test
  void anElderlyCallerWithNoAgentFreeCanHearTheirProgress() throws Exception {
    ivr.tickets.create(NewTicket.fromIvr("04125551234", "utilities", "/r/2.wav", false), IvrServices.IVR).await();
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("04125551234", "hotline")
        .variable("ZHAOWO_AGENTS", "none").keys("2"));
    assertTrue(t.played().contains("zhaowo/slow/elderly-no-agent"));
    assertTrue(t.played().contains("zhaowo/slow/state-dispatched"));
    assertEquals("hangup", t.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void elderlyCallersGetLongerDigitTimeoutsWhenTheMenuIsOn() throws Exception {
    try (IvrHarness withMenu = new IvrHarness(Map.of("ZHAOWO_IVR_ELDERLY_MENU", "true"))) {
      FakeAsterisk.Transcript t = withMenu.call(new FakeAsterisk("13900139000", "hotline").keys("H"));
      assertTrue(t.commands.contains("GET DATA \"zhaowo/slow/main-menu\" 10000 1"), t.commands.toString());
    }
  }

  @Test
  void landlinesCountAsElderlyByConfiguration() throws Exception {
    try (IvrHarness rule = new IvrHarness(Map.of("ZHAOWO_IVR_LANDLINE_AS_ELDERLY", "true"))) {
      rule.rows("UPDATE residents SET elderly = false WHERE phone = '04125551234'");
      FakeAsterisk.Transcript t = rule.call(new FakeAsterisk("04125551234", "hotline"));
      assertTrue(t.played().contains("zhaowo/slow/elderly-welcome"));
    }
  }
}
