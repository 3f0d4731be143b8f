package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.NewTicket;
import org.zhaowo.ticketing.Ticket;

/**
 * Every flow against an Asterisk as strict as a real one, with only the sounds the installer generates for
 * the demo district: no flow plays a file that is not there, nothing ends in AGISTATUS=FAILURE, and numbers
 * and dates come from our own files in the caller's language, never from Asterisk's {@code digits/}.
 */
class StrictAsteriskTest extends IvrTest {

  /** No missing sound, no unwritable recording, no SAY command, and the dialplan goes on. */
  private static void allPlayed(FakeAsterisk.Transcript t) {
    assertEquals(List.of(), t.failedCommands, "commands Asterisk failed");
    assertEquals(List.of(), t.unplayed, "files a Playback skipped");
    assertEquals("SUCCESS", t.agiStatus());
    assertTrue(t.commands.stream().noneMatch(c -> c.startsWith("SAY ")), "no SAY command: " + t.commands);
    assertTrue(t.played().stream().allMatch(f -> f.startsWith("zhaowo/")), "only our own files: " + t.played());
  }

  /** The files heard for one reading of a number, with their language folder. */
  private static List<String> digitFiles(String folder, String number) {
    return number.chars().mapToObj(c -> folder + "/num/digit-" + (char) c).toList();
  }

  @Test
  void aMandarinReportHearsItsTicketNumberFromOurMandarinFiles() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("1", "1", "#", "1"));
    allPlayed(t);
    String number = t.variables.get("ZHAOWO_TICKET");
    assertEquals(2, Collections.frequency(t.saidDigits(), number), t.saidDigits().toString());
    assertTrue(Collections.indexOfSubList(t.heard, digitFiles("zh/zhaowo", number)) >= 0,
        "read from zh/zhaowo/num/: " + t.heard);
    assertTrue(t.heard.stream().noneMatch(f -> f.startsWith("en/")), "nothing English: " + t.heard);
    assertTrue(t.heard.contains("zh/zhaowo/num/digit-1"), "the ticket number starts with 1, said 幺: " + number);
  }

  @Test
  void aNumberIsOnePlaybackOfItsDigitFilesAndFileByFileWhereAsteriskHasNoPlayback() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("1", "1", "#", "1"));
    String number = t.variables.get("ZHAOWO_TICKET");
    String playback = "EXEC \"Playback\" \"" + String.join("&", digitFiles("zhaowo", number)) + "\"";
    assertEquals(2, Collections.frequency(t.commands, playback), "the number read twice, one command each: " + t.commands);
    assertTrue(t.commands.stream().noneMatch(c -> c.startsWith("STREAM FILE \"zhaowo/num/digit-")),
        "no digit streamed alone: " + t.commands);

    // an Asterisk without app_playback (EXEC answers -2): the same files, one STREAM FILE each
    FakeAsterisk.Transcript old = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("1", "1", "#", "1", "2")
        .reply("EXEC \"Playback\"", "200 result=-2"));
    allPlayed(old);
    String again = old.variables.get("ZHAOWO_TICKET");
    assertEquals(2, Collections.frequency(old.saidDigits(), again), old.commands.toString());
    assertEquals(1, old.commands.stream().filter(c -> c.startsWith("EXEC ")).count(), "tried once in the call");
  }

  @Test
  void anEnglishCallerHearsTheEnglishFiles() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13700137000", "hotline").keys("1", "1", "#", "1"));
    allPlayed(t);
    String number = t.variables.get("ZHAOWO_TICKET");
    assertTrue(Collections.indexOfSubList(t.heard, digitFiles("en/zhaowo", number)) >= 0, t.heard.toString());
    assertTrue(t.heard.stream().noneMatch(f -> f.startsWith("zh/")), "nothing Mandarin: " + t.heard);
  }

  @Test
  void progressNamesTheUnitAndTheDeadlineInMandarin() throws Exception {
    Ticket open = ivr.tickets.create(NewTicket.fromIvr("13800138000", "utilities", "/r/s1.wav", false),
        IvrServices.IVR).await();
    assertEquals("SD01-C01", open.unitCode(), "dispatched to the resident's community");
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("2"));
    allPlayed(t);
    assertTrue(t.heard.contains("zh/zhaowo/unit/SD01-C01"), t.heard.toString());
    assertTrue(t.heard.contains("zh/zhaowo/num/month"), "the deadline as 十一月…日: " + t.heard);
    assertTrue(t.heard.contains("zh/zhaowo/num/day"), t.heard.toString());
    assertTrue(t.saidDigits().contains(open.number()), t.saidDigits().toString());
  }

  @Test
  void aMandarinCallerWithTwoOpenRequestsHearsLiang() throws Exception {
    try (IvrHarness fresh = new IvrHarness()) {
      for (int i = 0; i < 2; i++) {
        fresh.tickets.create(NewTicket.fromIvr("13800138000", "utilities", "/r/l" + i + ".wav", false),
            IvrServices.IVR).await();
      }
      FakeAsterisk.Transcript t = fresh.call(new FakeAsterisk("13800138000", "hotline").keys("H"));
      List<String> played = t.played();
      assertEquals("zhaowo/num/liang", played.get(played.indexOf("zhaowo/you-have") + 1), played.toString());
      assertEquals("zhaowo/requests-in-progress", played.get(played.indexOf("zhaowo/you-have") + 2));
      assertEquals(List.of(), t.failedCommands);
    }
  }

  @Test
  void theGridHeadInBothLanguages() throws Exception {
    FakeAsterisk.Transcript zh = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("3"));
    allPlayed(zh);
    assertTrue(zh.heard.containsAll(List.of("zh/zhaowo/grid-head-offer", "zh/zhaowo/connecting-grid-head")),
        zh.heard.toString());
    FakeAsterisk.Transcript en = ivr.call(new FakeAsterisk("13700137000", "hotline").keys("3"));
    allPlayed(en);
    assertTrue(en.heard.containsAll(List.of("en/zhaowo/grid-head-offer", "en/zhaowo/connecting-grid-head")),
        en.heard.toString());
    assertEquals("dial", en.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void anElderlyResidentWithTheMenuHearsTheGridHeadInTheSlowVoice() throws Exception {
    try (IvrHarness menu = new IvrHarness(Map.of("ZHAOWO_IVR_ELDERLY_MENU", "true"))) {
      FakeAsterisk.Transcript t = menu.call(new FakeAsterisk("13900139000", "hotline").keys("3"));
      allPlayed(t);
      assertTrue(t.heard.containsAll(List.of("zh/zhaowo/slow/grid-head-offer", "zh/zhaowo/slow/connecting-grid-head")),
          t.heard.toString());
      assertEquals("dial", t.variables.get("ZHAOWO_NEXT"));
    }
  }

  @Test
  void anElderlyCallerGoesToAPersonWithEverySoundThere() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13900139000", "hotline"));
    allPlayed(t);
    assertTrue(t.heard.contains("zh/zhaowo/slow/elderly-welcome"), t.heard.toString());
  }

  @Test
  void anElderlyCallerHearsProgressNumbersInTheSlowVoice() throws Exception {
    Ticket open = ivr.tickets.create(NewTicket.fromIvr("13900139000", "utilities", "/r/s2.wav", false),
        IvrServices.IVR).await();
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13900139000", "hotline")
        .variable("ZHAOWO_AGENTS", "none").keys("2"));
    allPlayed(t);
    assertTrue(Collections.indexOfSubList(t.heard, digitFiles("zh/zhaowo/slow", open.number())) >= 0, t.heard.toString());
    assertTrue(t.heard.contains("zh/zhaowo/slow/unit/" + open.unitCode()), t.heard.toString());
    assertTrue(t.heard.stream().filter(f -> f.contains("/num/")).allMatch(f -> f.startsWith("zh/zhaowo/slow/num/")),
        t.heard.toString());
  }

  @Test
  void noAgentFreeTakesAMessageAndReadsItsNumber() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline")
        .variable("ZHAOWO_AGENTS", "none").keys("0", "#"));
    allPlayed(t);
    assertTrue(t.played().contains("zhaowo/leave-message"));
    assertTrue(t.saidDigits().contains(t.variables.get("ZHAOWO_TICKET")), t.saidDigits().toString());
  }

  @Test
  void outOfHoursTakesAMessage() throws Exception {
    try (IvrHarness night = new IvrHarness(Map.of("ZHAOWO_IVR_AGENT_HOURS", "20:00-08:00"))) {
      FakeAsterisk.Transcript t = night.call(new FakeAsterisk("13800138000", "hotline").keys("0", "#"));
      allPlayed(t);
      assertTrue(t.played().contains("zhaowo/leave-message"), "10:00 is outside 20:00–08:00");
    }
  }

  @Test
  void theMessageScript() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "message")
        .variable("ZHAOWO_AGENTS", "none").keys("#"));
    allPlayed(t);
    assertTrue(t.variables.containsKey("ZHAOWO_TICKET"));
  }

  @Test
  void theStrictFakeCatchesAMissingFileARealAsteriskWouldMiss() throws Exception {
    // the same report against a folder without the number words: Playback skips each one as a stock Asterisk does
    // (a warning in its log, a gap the caller hears, no failed AGI), and the fake lists them
    java.nio.file.Path bare = java.nio.file.Files.createTempDirectory("bare-sounds");
    for (String file : SoundFiles.needed(List.of())) {
      if (!file.contains("/num/")) {
        java.nio.file.Path wav = bare.resolve(file + ".wav");
        java.nio.file.Files.createDirectories(wav.getParent());
        java.nio.file.Files.createFile(wav);
      }
    }
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").sounds(bare)
        .keys("1", "1", "#", "1"));
    assertTrue(t.unplayed.stream().allMatch(f -> f.contains("/num/digit-")), t.unplayed.toString());
    assertFalse(t.unplayed.isEmpty());
    assertEquals(List.of(), t.failedCommands, "Playback does not fail the AGI for a missing file (app_playback.c)");
  }

  @Test
  void aRecordingIntoAFolderAsteriskLacksFails() throws Exception {
    try (IvrHarness elsewhere = new IvrHarness(Map.of("ZHAOWO_IVR_RECORDINGS_DIR", "/var/spool/asterisk/nowhere"))) {
      FakeAsterisk.Transcript t = elsewhere.call(new FakeAsterisk("13800138000", "message")
          .variable("ZHAOWO_AGENTS", "none").keys("#"));
      assertTrue(t.failedCommands.getFirst().startsWith("RECORD FILE \"/var/spool/asterisk/nowhere/"),
          t.failedCommands.toString());
      assertTrue(t.played().contains("zhaowo/recording-failed"));
      assertEquals("FAILURE", t.agiStatus());
    }
  }
}
