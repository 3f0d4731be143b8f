package org.zhaowo.ivr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scripted Asterisk 22 on the other end of a FastAGI socket, answering as AGI-NOTES.md records: the
 * {@code agi_*} header block, {@code 200 result=…} replies, the HANGUP notice, 511 after a hang-up,
 * 510 for unknown commands and a multi-line 520 for a bad GET DATA. The caller's keys go, one entry
 * each, to the commands that read input (GET DATA, RECORD FILE, WAIT FOR DIGIT): digits, "" for
 * nothing, "#" to end a recording, "H" to hang up there. For GET DATA, keys ending in "#" are typed
 * and ended by it ({@code result=<keys>}); keys without "#" and fewer than the command's maximum are
 * typed and then waited on, as Asterisk answers it: {@code result=<keys> (timeout)}. When the IVR
 * closes the connection the transcript tells the AGISTATUS Asterisk would leave for the dialplan.
 *
 * <p>It is as strict as a real one: it has a sounds folder (by default what the installer generates,
 * {@link SoundFiles#needed}, as empty files; IvrTest adds the demo district's units) and looks a sound up
 * as Asterisk does, in {@code <channel language>/} first, then the folder itself, then {@code en/}. A file
 * it does not find answers {@code 200 result=-1 endpos=0} to STREAM FILE and CONTROL STREAM FILE and
 * {@code 200 result=-1} to GET DATA; RECORD FILE into a folder Asterisk's machine lacks (by default only
 * {@code /var/spool/asterisk/zhaowo} exists) answers {@code 200 result=-1 (writefile)}, as res_agi does.
 * Each of those is a failed command, and the AGI ends in FAILURE (AGI-NOTES.md).
 */
final class FakeAsterisk {
  static final String HANGUP = "H";
  private static final java.util.concurrent.atomic.AtomicLong CALLS =
      new java.util.concurrent.atomic.AtomicLong(System.nanoTime() % 1_000_000_000L);

  final Map<String, String> headers = new LinkedHashMap<>();
  final Map<String, String> channelVariables = new HashMap<>();
  private final Deque<String> keys = new ArrayDeque<>();
  private final Set<String> missingSounds = new java.util.HashSet<>();
  private final Map<String, Consumer<String>> hooks = new LinkedHashMap<>();
  private final Map<String, String> replies = new LinkedHashMap<>();
  private java.util.function.ObjLongConsumer<String> turnaround = (verb, nanos) -> {};
  private static final Map<Set<String>, Path> FOLDERS = new java.util.concurrent.ConcurrentHashMap<>();
  private static volatile Set<String> defaultUnits = Set.of();
  private Path sounds = soundsFolder(defaultUnits);
  private final Set<String> recordingFolders = new java.util.HashSet<>(Set.of("/var/spool/asterisk/zhaowo"));
  private String language;

  FakeAsterisk(String callerId, String script) {
    headers.put("agi_network", "yes");
    headers.put("agi_network_script", script);
    headers.put("agi_request", "agi://127.0.0.1:4573/" + script);
    headers.put("agi_channel", "PJSIP/baresip-00000002");
    headers.put("agi_language", "zh"); // the hotline trunk's language (asterisk-config/pjsip.conf)
    headers.put("agi_type", "PJSIP");
    headers.put("agi_uniqueid", "1795336174." + CALLS.incrementAndGet());
    headers.put("agi_version", "22.10.1");
    headers.put("agi_callerid", callerId == null ? "unknown" : callerId);
    headers.put("agi_calleridname", "unknown");
    headers.put("agi_callingpres", "0");
    headers.put("agi_dnid", "96715");
    headers.put("agi_rdnis", "unknown");
    headers.put("agi_context", "hotline");
    headers.put("agi_extension", "96715");
    headers.put("agi_priority", "1");
    headers.put("agi_enhanced", "0.0");
    headers.put("agi_accountcode", "");
    headers.put("agi_threadid", "140135955580608");
  }

  /** The caller's keys, one entry per input-reading command. */
  FakeAsterisk keys(String... entries) {
    keys.addAll(List.of(entries));
    return this;
  }

  FakeAsterisk variable(String name, String value) {
    channelVariables.put(name, value);
    return this;
  }

  /** Sound files Asterisk does not have (in any language): STREAM FILE answers -1, GET DATA -1 at once. */
  FakeAsterisk missing(String sound) {
    missingSounds.add(sound);
    return this;
  }

  /** Asterisk's sounds folder: {@code <lang>/zhaowo/…} files of any extension. */
  FakeAsterisk sounds(Path folder) {
    this.sounds = folder;
    return this;
  }

  /** A folder on Asterisk's machine that RECORD FILE may write into. */
  FakeAsterisk recordingFolder(String folder) {
    recordingFolders.add(folder);
    return this;
  }

  /** The units whose name recordings the default sounds folder holds (the demo district's, set by IvrTest). */
  static void unitsByDefault(java.util.Collection<String> unitCodes) {
    defaultUnits = Set.copyOf(unitCodes);
  }

  /** The folder the installer would generate for these units, as empty files; made once per set of units. */
  static Path soundsFolder(java.util.Collection<String> unitCodes) {
    return FOLDERS.computeIfAbsent(Set.copyOf(unitCodes), units -> {
      try {
        Path folder = Files.createTempDirectory("asterisk-sounds");
        for (String file : SoundFiles.needed(units)) {
          Path wav = folder.resolve(file + ".wav");
          Files.createDirectories(wav.getParent());
          Files.createFile(wav);
        }
        return folder;
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
  }

  /** Runs {@code hook} when a command starting with {@code prefix} arrives (before answering it). */
  FakeAsterisk on(String prefix, Consumer<String> hook) {
    hooks.put(prefix, hook);
    return this;
  }

  /** Answers commands starting with {@code prefix} with {@code raw} (may hold several lines). */
  FakeAsterisk reply(String prefix, String raw) {
    replies.put(prefix, raw);
    return this;
  }

  /** Told, for each command, how long the IVR took from our previous reply (or the header) to send it. */
  FakeAsterisk timed(java.util.function.ObjLongConsumer<String> recorder) {
    this.turnaround = recorder;
    return this;
  }

  /** Places the call and plays Asterisk's part until the server closes the connection. */
  Transcript call(int port) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      StringBuilder header = new StringBuilder();
      headers.forEach((k, v) -> header.append(k).append(": ").append(v).append('\n'));
      out.write((header + "\n").getBytes(StandardCharsets.UTF_8));
      return converse(new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8)), out);
    }
  }

  private Transcript converse(BufferedReader in, OutputStream out) throws IOException {
    Transcript transcript = new Transcript(channelVariables);
    language = headers.get("agi_language");
    boolean dead = false;
    String line;
    long sent = System.nanoTime();
    while ((line = readLine(in)) != null) {
      turnaround.accept(verb(line), System.nanoTime() - sent);
      transcript.commands.add(line);
      String command = line;
      // EXEC Playback a&b&c plays each file as a STREAM FILE would: hooks and scripted replies for one of them apply
      List<String> each = new ArrayList<>(List.of(line)); // the command itself first, then the files it plays
      if (line.startsWith("EXEC ")) {
        each.addAll(Transcript.expand(line));
      }
      hooks.forEach((prefix, hook) -> {
        if (each.stream().anyMatch(c -> c.startsWith(prefix))) {
          hook.accept(command);
        }
      });
      if (dead) {
        send(out, "511 Command Not Permitted on a dead channel or intercept routine");
        continue;
      }
      List<String> args = Transcript.tokens(line);
      String reply = each.stream().flatMap(c -> replies.entrySet().stream().filter(e -> c.startsWith(e.getKey())))
          .map(Map.Entry::getValue).findFirst().orElseGet(() -> answer(args, transcript));
      if (reply.equals(HANGUP)) {
        dead = true;
        transcript.callerHungUp = true;
        send(out, "HANGUP");
        send(out, args.get(0).equals("RECORD") ? "200 result=-1 (hangup) endpos=8000" : "200 result=-1");
      } else {
        send(out, reply);
        List<String> lines = List.of(reply.split("\n"));
        if (lines.contains("HANGUP")) {
          dead = true; // a scripted reply with the notice: the caller is gone from here on
          transcript.callerHungUp = true;
        } else if (lines.stream().anyMatch(l -> l.startsWith("200 result=-1"))) {
          transcript.failedCommands.add(line); // -1 without a hang-up: the handler failed (AGI-NOTES.md)
        }
      }
      if (args.get(0).equals("HANGUP")) {
        send(out, "HANGUP");
        dead = true;
        transcript.hangupCommand = true;
      }
      sent = System.nanoTime();
    }
    return transcript;
  }

  private String answer(List<String> a, Transcript t) {
    String verb = a.get(0) + (a.size() > 1 ? " " + a.get(1) : "");
    return switch (verb) {
      case "ANSWER" -> "200 result=0";
      case "STREAM FILE", "CONTROL STREAM" -> {
        String file = a.get(verb.equals("STREAM FILE") ? 2 : 3);
        yield heard(file, t) ? "200 result=0 endpos=3404" : "200 result=-1 endpos=0";
      }
      case "GET DATA" -> a.size() >= 3 && !heard(a.get(2), t) ? "200 result=-1" : getData(a);
      case "RECORD FILE" -> recordingFolders.contains(folderOf(a.get(2))) ? record() : "200 result=-1 (writefile)";
      case "WAIT FOR" -> waitForDigit();
      case "SAY DIGITS", "SAY NUMBER", "SAY DATE" -> "200 result=0";
      case "EXEC Playback" -> { // app_playback: each file in turn; a missing one is skipped with a warning, not a failure
        for (String file : a.get(2).split("&")) {
          if (!heard(file.trim(), t)) {
            t.unplayed.add(file.trim()); // Asterisk logs "Playback failed" and goes on: the caller hears a gap
          }
        }
        yield "200 result=0";
      }
      case "SET VARIABLE" -> {
        t.variables.put(a.get(2), a.get(3));
        if (a.get(2).equals("CHANNEL(language)")) {
          language = a.get(3);
        }
        yield "200 result=1";
      }
      case "GET VARIABLE" -> t.variables.containsKey(a.get(2))
          ? "200 result=1 (" + t.variables.get(a.get(2)) + ")" : "200 result=0";
      default -> a.get(0).equals("HANGUP") ? "200 result=1" : "510 Invalid or unknown command";
    };
  }

  /** Asterisk's look-up of a sound ({@link SoundLookup}); what it found goes in the transcript. */
  private boolean heard(String file, Transcript t) {
    if (missingSounds.contains(file)) {
      return false;
    }
    java.util.Optional<String> found = SoundLookup.find(sounds, language, file);
    found.ifPresent(t.heard::add);
    return found.isPresent();
  }

  private static String folderOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? "/" : path.substring(0, slash);
  }

  private String getData(List<String> a) {
    if (a.size() < 3) {
      return "520-Invalid command syntax.  Proper usage follows:\n"
          + " Usage: GET DATA <file to be streamed> [timeout] [maxdigits]\n"
          + "520 End of proper usage.";
    }
    String key = keys.poll();
    if (HANGUP.equals(key)) {
      return HANGUP;
    }
    if (key == null || key.isEmpty()) {
      return "200 result= (timeout)";
    }
    if (key.endsWith("#")) {
      return "200 result=" + key.substring(0, key.length() - 1); // # ends the input and is not part of it
    }
    int maxDigits = a.size() > 4 ? Integer.parseInt(a.get(4)) : 1024;
    // res_agi's handle_getdata: all digits in, the input is complete; fewer, the caller waited into the timeout
    return key.length() >= maxDigits ? "200 result=" + key : "200 result=" + key + " (timeout)";
  }

  private String record() {
    String key = keys.poll();
    if (HANGUP.equals(key)) {
      return HANGUP;
    }
    return "#".equals(key) ? "200 result=35 (dtmf) endpos=16000" : "200 result=0 (timeout) endpos=24000";
  }

  private String waitForDigit() {
    String key = keys.poll();
    if (HANGUP.equals(key)) {
      return HANGUP;
    }
    return key == null || key.isEmpty() ? "200 result=0" : "200 result=" + (int) key.charAt(0);
  }

  private static String verb(String line) {
    int quote = line.indexOf('"');
    String head = (quote < 0 ? line : line.substring(0, quote)).trim();
    return head.replaceAll(" \\d.*$", "");
  }

  private static String readLine(BufferedReader in) throws IOException {
    try {
      return in.readLine();
    } catch (SocketTimeoutException e) {
      throw new IOException("the IVR sent nothing for 30 s", e);
    }
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** What the IVR did during one call. */
  static final class Transcript {
    final List<String> commands = new ArrayList<>();
    final Map<String, String> variables;
    /** Commands Asterisk answered -1 without a hang-up (a missing sound file, an unwritable recording). */
    final List<String> failedCommands = new ArrayList<>();
    /** Files a Playback skipped because Asterisk has no such sound (not an AGI failure: a gap the caller hears). */
    final List<String> unplayed = new ArrayList<>();
    /** The sound files Asterisk found and played, with their language folder ({@code zh/zhaowo/num/digit-1}). */
    final List<String> heard = new ArrayList<>();
    boolean callerHungUp;
    boolean hangupCommand;

    Transcript(Map<String, String> initial) {
      this.variables = new HashMap<>(initial);
    }

    /** Arguments of the commands with this verb, e.g. "SAY DIGITS" → the digits said. */
    List<String> args(String verb, int index) {
      return commands.stream().filter(c -> c.startsWith(verb + " ")).map(c -> tokens(c).get(index)).toList();
    }

    /**
     * A command as the files it plays: {@code EXEC "Playback" "a&b"} as {@code STREAM FILE "a" ""} and
     * {@code STREAM FILE "b" ""}, any other command as itself.
     */
    static List<String> expand(String command) {
      if (!command.startsWith("EXEC ")) {
        return List.of(command);
      }
      List<String> a = tokens(command);
      if (a.size() < 3 || !a.get(1).equalsIgnoreCase("Playback")) {
        return List.of(command);
      }
      return java.util.Arrays.stream(a.get(2).split("&")).map(f -> "STREAM FILE \"" + f.trim() + "\" \"\"").toList();
    }

    /** The commands with each Playback's files as the STREAM FILEs they stand for. */
    List<String> expanded() {
      return commands.stream().flatMap(c -> expand(c).stream()).toList();
    }

    List<String> played() {
      List<String> files = new ArrayList<>();
      for (String c : expanded()) {
        if (c.startsWith("STREAM FILE ") || c.startsWith("GET DATA ")) {
          files.add(tokens(c).get(2));
        }
      }
      return files;
    }

    /** The numbers read digit by digit: each run of {@code zhaowo/[slow/]num/digit-N} files in a row, joined. */
    List<String> saidDigits() {
      List<String> numbers = new ArrayList<>();
      StringBuilder run = new StringBuilder();
      for (String c : expanded()) {
        java.util.regex.Matcher digit = DIGIT.matcher(c);
        if (digit.matches()) {
          run.append(digit.group(1));
          continue;
        }
        if (!run.isEmpty()) {
          numbers.add(run.toString());
          run.setLength(0);
        }
      }
      if (!run.isEmpty()) {
        numbers.add(run.toString());
      }
      return numbers;
    }

    private static final java.util.regex.Pattern DIGIT =
        java.util.regex.Pattern.compile("STREAM FILE \"zhaowo/(?:slow/)?num/digit-(\\d)\" \"\"");

    /** The number words played, in order and without the folder ({@code num/10}, {@code num/month}). */
    List<String> numberWords() {
      return played().stream().filter(f -> f.matches("zhaowo/(slow/)?num/.*"))
          .map(f -> f.replaceFirst("^zhaowo/(slow/)?", "")).toList();
    }

    /**
     * What Asterisk sets as AGISTATUS when the AGI ends (res_agi): FAILURE once a command failed without a
     * hang-up (AGI-NOTES.md), else HANGUP when the channel went down (the AGI HANGUP command or the caller),
     * else SUCCESS: the script closed the connection after its commands and the dialplan goes on.
     */
    String agiStatus() {
      if (!failedCommands.isEmpty()) {
        return "FAILURE";
      }
      return hangupCommand || callerHungUp ? "HANGUP" : "SUCCESS";
    }

    static List<String> tokens(String line) {
      return AgiWords.split(line);
    }
  }
}
