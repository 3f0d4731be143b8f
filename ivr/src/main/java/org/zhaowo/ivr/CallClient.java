package org.zhaowo.ivr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.zhaowo.ticketing.Config;
import org.zhaowo.ticketing.SurveyKeys;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/call}: plays Asterisk's part against a running IVR. Prints each sound file the IVR names,
 * with its text, plays nothing, and takes the caller's keys from the keyboard or from {@code --keys}. It
 * meets the service where {@code ZHAOWO_AGI_HOST}/{@code ZHAOWO_AGI_PORT} put it, and ends as Asterisk
 * would: the AGISTATUS Asterisk would set, and where the dialplan goes as {@code ZHAOWO_NEXT} says.
 *
 * <p>Given Asterisk's sounds folder ({@code --sounds}, default {@code ZHAOWO_IVR_SOUNDS_DIR}) it is as strict
 * as a real Asterisk 22 (AGI-NOTES.md): a sound it does not find ({@link SoundLookup}, the look-up the
 * tests' scripted Asterisk uses) answers {@code 200 result=-1 endpos=0} to STREAM FILE and CONTROL STREAM
 * FILE, {@code 200 result=-1} to GET DATA, and RECORD FILE into a folder that is not there (or not under
 * {@code --recordings}, default {@code ZHAOWO_IVR_RECORDINGS_DIR}) answers {@code 200 result=-1 (writefile)};
 * any of these ends the AGI in FAILURE (exit status 1). Without a sounds folder every file plays.
 *
 * <p>A survey call ({@code --script "survey?ticket=N"}) carries the key the [zhaowo-survey] dialplan passes
 * from {@code ZHAOWO_SURVEY_KEY}: {@code --survey-key}, or else one signed here with {@code ZHAOWO_SURVEY_SECRET}
 * (the service's own, so scripts/run needs the same) by {@link SurveyKeys}, as the SMS gateway signs the calls
 * it places, good for an hour; survey id 0 and attempt 1, since the IVR checks only ticket, signature and
 * expiry. With neither, the IVR refuses the call, as it refuses a stranger's.
 */
@Command(name = "call", mixinStandardHelpOptions = true,
    description = "Call the Zhaowo IVR from the terminal, without Asterisk.")
public final class CallClient implements Callable<Integer> {
  @Option(names = "--from", description = "caller ID (default ${DEFAULT-VALUE}; 'unknown' for a withheld number)")
  String from = "13800138000";
  @Option(names = "--script", description = "AGI script: hotline, progress, survey?ticket=N (default ${DEFAULT-VALUE})")
  String script = "hotline";
  @Option(names = "--keys", description = "keys for each question, comma-separated, e.g. \"1,1,#,1\"; '' = no key, h = hang up")
  String keys;
  // the service's own settings and defaults (IvrServer, IvrSettings), so that scripts/run and scripts/call meet
  @Option(names = "--host", defaultValue = "${env:ZHAOWO_AGI_HOST:-127.0.0.1}",
      description = "default ${DEFAULT-VALUE} (ZHAOWO_AGI_HOST when set)")
  String host;
  @Option(names = "--port", defaultValue = "${env:ZHAOWO_AGI_PORT:-4573}",
      description = "default ${DEFAULT-VALUE} (ZHAOWO_AGI_PORT when set)")
  int port;
  @Option(names = "--sounds", defaultValue = "${env:ZHAOWO_IVR_SOUNDS_DIR}",
      description = "Asterisk's sounds folder: a file not in it fails as on Asterisk (default ZHAOWO_IVR_SOUNDS_DIR; none: all play)")
  Path sounds;
  @Option(names = "--recordings", defaultValue = "${env:ZHAOWO_IVR_RECORDINGS_DIR}",
      description = "the folder Asterisk records into; RECORD FILE elsewhere fails (default ZHAOWO_IVR_RECORDINGS_DIR)")
  Path recordings;
  @Option(names = "--survey-key", description = "a survey call's key (default: signed with ZHAOWO_SURVEY_SECRET)")
  String surveyKey;
  @Option(names = "--unique-id", description = "the channel's agi_uniqueid (default: epoch second.pid, as Asterisk's look)")
  String uniqueId;

  private final Map<String, String> variables = new HashMap<>();
  private final List<String> failed = new ArrayList<>(); // commands answered -1 without a hang-up
  private final Clock clock; // Asterisk's unique ids begin with the epoch second; survey keys expire
  private final PrintStream out;
  private final Config env;
  private String language = "zh"; // agi_language, then CHANNEL(language)
  private String digitsLeft = ""; // typed at one WAIT FOR DIGIT, read one by one by the next ones
  private Deque<String> scripted;
  private BufferedReader keyboard;
  private boolean channelDown; // the caller hung up, or the IVR sent the AGI HANGUP command

  /**
   * One call as {@code scripts/call ARGS} places it, printing to {@code out}; the exit status. The clock is
   * the caller's: the launcher's {@code Main call …} passes the one real clock, tests their own.
   */
  public static int run(Clock clock, PrintStream out, String... args) {
    return new CommandLine(new CallClient(clock, out, Config.fromEnvironment())).execute(args);
  }

  CallClient(Clock clock, PrintStream out, Config env) {
    this.clock = clock;
    this.out = out;
    this.env = env;
  }

  @Override
  public Integer call() throws IOException {
    if (port == 0) {
      System.err.println("ZHAOWO_AGI_PORT=0 lets the service pick a free port: give it with --port");
      return 2;
    }
    if (sounds != null && !Files.isDirectory(sounds)) {
      System.err.println(sounds + " is not a folder here: every sound plays (as without --sounds)");
      sounds = null;
    }
    try {
      return converse();
    } catch (java.net.ConnectException e) {
      System.err.println("No IVR answers on " + host + ":" + port + ". Start the service first: scripts/run");
      return 2;
    }
  }

  private int converse() throws IOException {
    scripted = keys == null ? null : new ArrayDeque<>(Arrays.asList(keys.split(",", -1)));
    keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String sent = keyedScript();
    try (Socket socket = new Socket(host, port)) {
      OutputStream toIvr = socket.getOutputStream();
      String header = "agi_network: yes\nagi_network_script: " + sent + "\nagi_request: agi://" + host + ":" + port
          + "/" + sent + "\nagi_channel: Local/terminal-00000001;1\nagi_language: zh\nagi_type: Local\n"
          + "agi_uniqueid: " + (uniqueId != null ? uniqueId : clock.instant().getEpochSecond() + "." + ProcessHandle.current().pid())
          + "\nagi_version: 22.10.1\nagi_callerid: " + from + "\nagi_calleridname: unknown\nagi_dnid: 96715\n\n";
      toIvr.write(header.getBytes(StandardCharsets.UTF_8));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) { // null: the IVR closed the connection, the AGI's end
        String reply = channelDown ? "511 Command Not Permitted on a dead channel or intercept routine" : answer(line);
        channelDown |= reply.lines().anyMatch("HANGUP"::equals);
        toIvr.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String status = !failed.isEmpty() ? "FAILURE" : channelDown ? "HANGUP" : "SUCCESS"; // FakeAsterisk's order
    failed.forEach(c -> out.println("—— failed without a hang-up: " + c));
    out.println("—— AGI ended: AGISTATUS=" + status + ". " + dialplanNext()
        + (variables.containsKey("ZHAOWO_TICKET") ? " Ticket: " + variables.get("ZHAOWO_TICKET") : ""));
    return failed.isEmpty() ? 0 : 1;
  }

  /** The script as the dialplan names it: a survey with its key, and the channel variables [zhaowo-survey] sets. */
  private String keyedScript() {
    AgiRequest asked = AgiRequest.of(Map.of("agi_network_script", script));
    String ticket = asked.param("ticket");
    if (!asked.script().equals("survey") || ticket == null || asked.param("key") != null) {
      return script;
    }
    variables.put("ZHAOWO_SURVEY_TICKET", ticket);
    variables.put("ZHAOWO_TICKET", ticket);
    String key = surveyKey != null ? surveyKey : env.get(SurveyKeys.SECRET) == null ? null
        : SurveyKeys.fromConfig(env).sign(ticket, 0, 1, clock.instant().plus(Duration.ofHours(1)));
    if (key == null) {
      System.err.println("No survey key (--survey-key, or " + SurveyKeys.SECRET + " as the service has it): the IVR"
          + " will refuse this call");
      return script;
    }
    variables.put("ZHAOWO_SURVEY_KEY", key);
    return script + "&key=" + key; // URL-safe already: digits, dots and base64url
  }

  /** What asterisk-config/extensions.conf does after the AGI (AGI() goes on after FAILURE too). */
  private String dialplanNext() {
    String next = variables.getOrDefault("ZHAOWO_NEXT", "");
    if (channelDown) {
      return "The channel is down: only the h extension runs (ZHAOWO_NEXT=" + next + ").";
    }
    return "ZHAOWO_NEXT=" + next + " → " + switch (next) {
      case "agent" -> "the agents' queue.";
      case "dial" -> "Dial(PJSIP/" + variables.get("ZHAOWO_DIAL") + "@trunk,30); unanswered: the agents' queue.";
      default -> "Hangup(16), Normal Clearing.";
    };
  }

  private String answer(String command) throws IOException {
    List<String> a = AgiWords.split(command);
    String verb = a.get(0) + (a.size() > 1 ? " " + a.get(1) : "");
    return switch (verb) {
      case "STREAM FILE" -> play(a.get(2)) ? "200 result=0 endpos=8000" : failed(command, "200 result=-1 endpos=0");
      case "CONTROL STREAM" -> play(a.get(3)) ? "200 result=0 endpos=8000" : failed(command, "200 result=-1 endpos=0");
      case "GET DATA" -> play(a.get(2)) ? getData() : failed(command, "200 result=-1");
      case "WAIT FOR" -> waitForDigit();
      case "RECORD FILE" -> recordable(a.get(2)) ? record(a.get(2) + "." + a.get(3))
          : failed(command, "200 result=-1 (writefile)");
      case "EXEC Playback" -> { // app_playback: each file in turn, a missing one skipped (Asterisk warns, goes on)
        for (String file : a.get(2).split("&")) {
          play(file.trim());
        }
        yield "200 result=0";
      }
      case "SAY DIGITS" -> spoken("digits " + String.join(" ", a.get(2).split("")));
      case "SAY NUMBER" -> spoken("number " + a.get(2));
      case "SAY DATE" -> spoken("date " + Instant.ofEpochSecond(Long.parseLong(a.get(2)))
          .atZone(ZoneId.of("Asia/Shanghai")).toLocalDate());
      case "SET VARIABLE" -> {
        variables.put(a.get(2), a.get(3));
        language = a.get(2).equals("CHANNEL(language)") ? a.get(3) : language;
        out.println("  [" + a.get(2) + " = " + a.get(3) + "]");
        yield "200 result=1";
      }
      case "GET VARIABLE" -> variables.containsKey(a.get(2)) ? "200 result=1 (" + variables.get(a.get(2)) + ")" : "200 result=0";
      case "ANSWER" -> "200 result=0";
      default -> a.get(0).equals("HANGUP") ? "200 result=1\nHANGUP" : "510 Invalid or unknown command";
    };
  }

  private String failed(String command, String reply) {
    failed.add(command);
    out.println("  ✗ " + reply);
    return reply;
  }

  /** Prints the file Asterisk would play and its text; false when the sounds folder has none (Asterisk: -1). */
  private boolean play(String file) {
    Optional<String> found = sounds == null ? Optional.of(file) : SoundLookup.find(sounds, language, file);
    if (found.isEmpty()) {
      out.println("🔇 " + file + "  — no such file in " + sounds + " (" + language + ", en)");
      return false;
    }
    String played = found.get();
    String folder = played.startsWith("en/") ? "en" : played.startsWith("zh/") ? "zh" : language;
    Prompt prompt = Prompt.byFile(file);
    String text = prompt != null ? prompt.text(folder) : file.matches("zhaowo/(slow/)?unit/.*")
        ? "unit " + file.substring(file.lastIndexOf('/') + 1) : null;
    out.println("🔈 " + played + "  «" + (text == null ? "?" : text) + "»");
    return true;
  }

  private String getData() throws IOException {
    String typed = key("keys, then Enter (nothing = wait, h = hang up)");
    if (typed == null) {
      return "HANGUP\n200 result=-1";
    }
    String digits = typed.endsWith("#") ? typed.substring(0, typed.length() - 1) : typed; // # ends the input
    return typed.isEmpty() ? "200 result= (timeout)" : "200 result=" + digits;
  }

  /** One key per command, as Asterisk reads them; keys typed together are read by the following ones. */
  private String waitForDigit() throws IOException {
    if (digitsLeft.isEmpty()) {
      String typed = key("a key (nothing = none, h = hang up)");
      if (typed == null) {
        return "HANGUP\n200 result=-1";
      }
      digitsLeft = typed;
    }
    if (digitsLeft.isEmpty()) {
      return "200 result=0";
    }
    char key = digitsLeft.charAt(0);
    digitsLeft = digitsLeft.substring(1);
    return "200 result=" + (int) key;
  }

  /** Asterisk creates no folder: strict, the recording's folder must be there (and under --recordings). */
  private boolean recordable(String path) {
    if (sounds == null && recordings == null) {
      return true;
    }
    Path folder = Path.of(path).toAbsolutePath().normalize().getParent();
    boolean inside = recordings == null || folder.startsWith(recordings.toAbsolutePath().normalize());
    if (!inside || !Files.isDirectory(folder)) {
      out.println("  (no recording: Asterisk cannot write into " + folder + ")");
      return false;
    }
    return true;
  }

  private String record(String file) throws IOException {
    out.println("  (beep — recording to " + file + ")");
    String typed = key("# ends the recording, nothing = it ends by silence, h = hang up");
    return typed == null ? "HANGUP\n200 result=-1 (hangup) endpos=8000"
        : typed.startsWith("#") ? "200 result=35 (dtmf) endpos=16000" : "200 result=0 (timeout) endpos=24000";
  }

  private String spoken(String what) {
    out.println("🔈 «" + what + "»");
    return "200 result=0";
  }

  /** The next keys: scripted, or typed; null when the caller hangs up. */
  private String key(String hint) throws IOException {
    String typed;
    if (scripted != null) {
      typed = scripted.isEmpty() ? "" : scripted.poll().trim();
      out.println("  ☎ " + (typed.isEmpty() ? "(no key)" : typed));
    } else {
      out.print("  ☎ " + hint + "> ");
      out.flush();
      typed = keyboard.readLine();
      typed = typed == null ? "h" : typed.trim();
    }
    return typed.equalsIgnoreCase("h") ? null : typed;
  }
}
