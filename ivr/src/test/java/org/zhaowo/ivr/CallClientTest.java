package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.SurveyKeys;
import picocli.CommandLine;

/**
 * {@code scripts/call} against the real IVR: it ends the call as Asterisk would, finds the service as it is
 * configured, and, given a sounds folder, fails what a real Asterisk fails. The strict calls go to an IVR
 * that records into a folder that exists here and shares the survey secret with the caller.
 */
class CallClientTest extends IvrTest {
  private static final String SECRET = "call-client-test-secret";
  private static IvrHarness local;
  private static Path recordings;

  @BeforeAll
  static void startLocalIvr() throws Exception {
    recordings = Files.createTempDirectory("asterisk-spool");
    local = new IvrHarness(Map.of("ZHAOWO_IVR_RECORDINGS_DIR", recordings.toString(), SurveyKeys.SECRET, SECRET));
  }

  @AfterAll
  static void stopLocalIvr() {
    local.close();
  }

  @Test
  void aReportEndsWithSuccessAndTheDialplansHangUp() {
    String printed = call(ivr, 0, "--keys", "1,1,#,1");
    assertTrue(printed.contains("AGISTATUS=SUCCESS. ZHAOWO_NEXT=hangup → Hangup(16)"), printed);
    assertTrue(printed.contains("Ticket: "), printed);
  }

  @Test
  void zeroEndsWithSuccessAndTheQueue() {
    String printed = call(ivr, 0, "--keys", "0");
    assertTrue(printed.contains("AGISTATUS=SUCCESS. ZHAOWO_NEXT=agent → the agents' queue."), printed);
  }

  @Test
  void aCallerWhoHangsUpEndsWithHangup() {
    String printed = call(ivr, 0, "--keys", "1,h");
    assertTrue(printed.contains("AGISTATUS=HANGUP"), printed);
  }

  @Test
  void aPromptMissingFromTheSoundsFolderFailsAndTheCallEndsInFailure() throws Exception {
    Path sounds = soundsWithout("/zhaowo/ticket-registered");
    String printed = call(local, 1, "--sounds", sounds.toString(), "--recordings", recordings.toString(),
        "--keys", "1,1,#,1");
    assertTrue(printed.contains("🔇 zhaowo/ticket-registered  — no such file"), printed);
    assertTrue(printed.contains("✗ 200 result=-1 endpos=0"), printed);
    assertTrue(printed.contains("—— failed without a hang-up: STREAM FILE \"zhaowo/ticket-registered\""), printed);
    assertTrue(printed.contains("AGISTATUS=FAILURE. ZHAOWO_NEXT=hangup"), "the call went on: " + printed);
    assertTrue(printed.contains("🔈 zh/zhaowo/again  «"), "the other prompts were there: " + printed);
  }

  @Test
  void withEverySoundAReportReadsItsNumberFromMandarinFilesAndProgressNamesTheUnit() throws Exception {
    String[] strict = {"--sounds", FakeAsterisk.soundsFolder(units(local)).toString(), "--recordings", recordings.toString()};
    String report = call(local, 0, with(strict, "--from", "13800138000", "--keys", "1,1,#,1"));
    assertTrue(report.contains("AGISTATUS=SUCCESS. ZHAOWO_NEXT=hangup → Hangup(16)"), report);
    assertFalse(report.contains("🔇") || report.contains("✗"), report);
    assertTrue(report.contains("(beep — recording to " + recordings), report);
    String number = report.substring(report.indexOf("Ticket: ") + 8).trim();
    String digits = number.chars().mapToObj(d -> "🔈 zh/zhaowo/num/digit-" + (char) d + "  «")
        .collect(Collectors.joining("", "", ""));
    assertTrue(lines(report, "🔈 zh/zhaowo/num/digit-").contains(digits), "the number " + number + " in Mandarin: " + report);
    assertTrue(report.contains("🔈 zh/zhaowo/num/digit-1  «幺»"), "a ticket number starts with 1: " + report);

    String progress = call(local, 0, with(strict, "--from", "13800138000", "--keys", "2"));
    assertTrue(progress.contains("🔈 zh/zhaowo/unit/SD01-C01  «unit SD01-C01»"), progress);
    assertTrue(progress.contains("AGISTATUS=SUCCESS"), progress);
  }

  @Test
  void aSurveyCallIsKeyedWithTheServicesSecretAndRefusedWithout() throws Exception {
    String number = SurveyFlowTestSupport.resolvedTicket(local);
    String[] survey = {"--sounds", FakeAsterisk.soundsFolder(units(local)).toString(), "--recordings",
        recordings.toString(), "--from", "96715", "--script", "survey?ticket=" + number, "--keys", "1,1,2"};
    String refused = call(local, Config.of(Map.of()), 0, survey);
    assertTrue(refused.contains("🔈 zh/zhaowo/survey-not-due"), refused);
    assertEquals("resolved", local.rows("SELECT state FROM tickets WHERE number = $1", number).getFirst().getString("state"));
    String keyed = call(local, Config.of(Map.of(SurveyKeys.SECRET, SECRET)), 0, survey);
    assertTrue(keyed.contains("🔈 zh/zhaowo/slow/survey-thanks"), "the elderly resident answered: " + keyed);
    assertTrue(keyed.contains("AGISTATUS=SUCCESS"), keyed);
    assertEquals("closed", local.rows("SELECT state FROM tickets WHERE number = $1", number).getFirst().getString("state"));
  }

  @Test
  void defaultsAreTheServicesSettings() {
    CallClient client = new CallClient(ivr.clock, new PrintStream(new ByteArrayOutputStream(), true), Config.of(Map.of()));
    new CommandLine(client).parseArgs();
    String port = System.getenv("ZHAOWO_AGI_PORT");
    String host = System.getenv("ZHAOWO_AGI_HOST");
    String sounds = System.getenv("ZHAOWO_IVR_SOUNDS_DIR");
    assertEquals(port == null || port.isEmpty() ? 4573 : Integer.parseInt(port), client.port);
    assertEquals(host == null || host.isEmpty() ? "127.0.0.1" : host, client.host);
    assertEquals(sounds == null || sounds.isEmpty() ? null : Path.of(sounds), client.sounds, "none: lenient");
  }

  /** The folder the installer makes for the demo district, without the files whose path ends in {@code suffix}. */
  private static Path soundsWithout(String suffix) throws Exception {
    Path folder = Files.createTempDirectory("asterisk-sounds");
    for (String file : SoundFiles.needed(units(local))) {
      if (!file.endsWith(suffix)) {
        Path wav = folder.resolve(file + ".wav");
        Files.createDirectories(wav.getParent());
        Files.createFile(wav);
      }
    }
    return folder;
  }

  /** The printed lines starting with {@code prefix}, up to their text, joined: a run of digits reads as one string. */
  private static String lines(String printed, String prefix) {
    return printed.lines().filter(l -> l.startsWith(prefix)).map(l -> l.substring(0, l.indexOf('«') + 1))
        .collect(Collectors.joining());
  }

  private static String[] with(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String call(IvrHarness to, int expectedExit, String... args) {
    return call(to, Config.of(Map.of()), expectedExit, args);
  }

  private static String call(IvrHarness to, Config env, int expectedExit, String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String[] all = with(new String[] {"--host", "127.0.0.1", "--port", Integer.toString(to.server.port())}, args);
    int exit = new CommandLine(new CallClient(to.clock, new PrintStream(printed, true, StandardCharsets.UTF_8), env))
        .execute(all);
    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(expectedExit, exit, text);
    return text;
  }
}
