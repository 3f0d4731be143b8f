package org.zhaowo.ivr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/call}: plays Asterisk's part against a running IVR. Prints each prompt's text, plays
 * nothing, and takes the caller's keys from the keyboard or from {@code --keys}. It meets the service
 * where {@code ZHAOWO_AGI_HOST}/{@code ZHAOWO_AGI_PORT} put it, and ends as Asterisk would: the IVR
 * closing the connection after its last command is the normal end (AGISTATUS=SUCCESS), and the
 * dialplan then goes on as {@code ZHAOWO_NEXT} says.
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
  // the service's own settings and defaults (IvrServer), so that scripts/run and scripts/call meet
  @Option(names = "--host", defaultValue = "${env:ZHAOWO_AGI_HOST:-127.0.0.1}",
      description = "default ${DEFAULT-VALUE} (ZHAOWO_AGI_HOST when set)")
  String host;
  @Option(names = "--port", defaultValue = "${env:ZHAOWO_AGI_PORT:-4573}",
      description = "default ${DEFAULT-VALUE} (ZHAOWO_AGI_PORT when set)")
  int port;

  private final Map<String, String> variables = new HashMap<>();
  private final java.time.Clock clock; // Asterisk's unique ids begin with the epoch second
  private final PrintStream out;
  private Deque<String> scripted;
  private BufferedReader keyboard;
  private boolean channelDown; // the caller hung up, or the IVR sent the AGI HANGUP command

  public static void main(String[] args) {
    System.exit(new CommandLine(new CallClient(java.time.Clock.systemUTC(), System.out)).execute(args));
  }

  CallClient(java.time.Clock clock, PrintStream out) {
    this.clock = clock;
    this.out = out;
  }

  @Override
  public Integer call() throws IOException {
    if (port == 0) {
      System.err.println("ZHAOWO_AGI_PORT=0 lets the service pick a free port: give it with --port");
      return 2;
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
    try (Socket socket = new Socket(host, port)) {
      OutputStream toIvr = socket.getOutputStream();
      String header = "agi_network: yes\nagi_network_script: " + script + "\nagi_request: agi://" + host + ":" + port
          + "/" + script + "\nagi_channel: Local/terminal-00000001;1\nagi_language: zh\nagi_type: Local\n"
          + "agi_uniqueid: " + clock.instant().getEpochSecond() + "." + ProcessHandle.current().pid()
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
    out.println("—— AGI ended: AGISTATUS=" + (channelDown ? "HANGUP" : "SUCCESS") + ". " + dialplanNext()
        + (variables.containsKey("ZHAOWO_TICKET") ? " Ticket: " + variables.get("ZHAOWO_TICKET") : ""));
    return 0;
  }

  /** What asterisk-config/extensions.conf does after the AGI. No answer here is -1 without a hang-up: never FAILURE. */
  private String dialplanNext() {
    String next = variables.getOrDefault("ZHAOWO_NEXT", "");
    if (channelDown) {
      return "The channel is down: only the h extension runs (ZHAOWO_NEXT=" + next + ").";
    }
    return "ZHAOWO_NEXT=" + next + " → " + (next.equals("agent") ? "the agents' queue." : "Hangup(16), Normal Clearing.");
  }

  private String answer(String command) throws IOException {
    List<String> a = AgiWords.split(command);
    String verb = a.get(0) + (a.size() > 1 ? " " + a.get(1) : "");
    return switch (verb) {
      case "STREAM FILE" -> say(a.get(2), "200 result=0 endpos=8000");
      case "GET DATA" -> {
        say(a.get(2), null);
        String typed = key("keys, then Enter (nothing = wait, h = hang up)");
        yield typed == null ? "HANGUP\n200 result=-1" : typed.isEmpty() ? "200 result= (timeout)" : "200 result=" + typed;
      }
      case "RECORD FILE" -> {
        out.println("  (beep — recording to " + a.get(2) + "." + a.get(3) + ")");
        String typed = key("# ends the recording, nothing = it ends by silence, h = hang up");
        yield typed == null ? "HANGUP\n200 result=-1 (hangup) endpos=8000"
            : typed.startsWith("#") ? "200 result=35 (dtmf) endpos=16000" : "200 result=0 (timeout) endpos=24000";
      }
      case "SAY DIGITS" -> spoken("digits " + String.join(" ", a.get(2).split("")));
      case "SAY NUMBER" -> spoken("number " + a.get(2));
      case "SAY DATE" -> spoken("date " + Instant.ofEpochSecond(Long.parseLong(a.get(2)))
          .atZone(ZoneId.of("Asia/Shanghai")).toLocalDate());
      case "SET VARIABLE" -> {
        variables.put(a.get(2), a.get(3));
        out.println("  [" + a.get(2) + " = " + a.get(3) + "]");
        yield "200 result=1";
      }
      case "GET VARIABLE" -> variables.containsKey(a.get(2)) ? "200 result=1 (" + variables.get(a.get(2)) + ")" : "200 result=0";
      case "ANSWER" -> "200 result=0";
      default -> a.get(0).equals("HANGUP") ? "200 result=1\nHANGUP" : "510 Invalid or unknown command";
    };
  }

  private String say(String file, String reply) {
    Prompt prompt = Prompt.byFile(file);
    boolean english = "en".equals(variables.get("CHANNEL(language)"));
    String text = prompt == null ? "(" + file + ")" : english ? prompt.en() : prompt.zh();
    out.println((file.contains("/slow/") ? "🔈(slow) " : "🔈 ") + text);
    return reply;
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
