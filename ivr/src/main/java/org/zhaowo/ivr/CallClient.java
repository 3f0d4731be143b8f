package org.zhaowo.ivr;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
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
 * nothing, and takes the caller's keys from the keyboard or from {@code --keys}.
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
  @Option(names = "--host", description = "default ${DEFAULT-VALUE}")
  String host = "127.0.0.1";
  @Option(names = "--port", description = "default ${DEFAULT-VALUE}")
  int port = 4573;

  private final Map<String, String> variables = new HashMap<>();
  private final java.time.Clock clock; // Asterisk's unique ids begin with the epoch second
  private Deque<String> scripted;
  private BufferedReader keyboard;

  public static void main(String[] args) {
    System.exit(new CommandLine(new CallClient(java.time.Clock.systemUTC())).execute(args));
  }

  CallClient(java.time.Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() throws IOException {
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
      OutputStream out = socket.getOutputStream();
      String header = "agi_network: yes\nagi_network_script: " + script + "\nagi_request: agi://" + host + ":" + port
          + "/" + script + "\nagi_channel: Local/terminal-00000001;1\nagi_language: zh\nagi_type: Local\n"
          + "agi_uniqueid: " + clock.instant().getEpochSecond() + "." + ProcessHandle.current().pid()
          + "\nagi_version: 22.10.1\nagi_callerid: " + from + "\nagi_calleridname: unknown\nagi_dnid: 96715\n\n";
      out.write(header.getBytes(StandardCharsets.UTF_8));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      boolean hungUp = false;
      String line;
      while ((line = in.readLine()) != null) {
        String reply = hungUp ? "511 Command Not Permitted on a dead channel or intercept routine" : answer(line);
        if (reply.startsWith("HANGUP\n")) {
          hungUp = true;
        }
        out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    System.out.println("—— call ended. Dialplan next: " + variables.getOrDefault("ZHAOWO_NEXT", "(not set)")
        + (variables.containsKey("ZHAOWO_TICKET") ? ", ticket: " + variables.get("ZHAOWO_TICKET") : ""));
    return 0;
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
        System.out.println("  (beep — recording to " + a.get(2) + "." + a.get(3) + ")");
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
        System.out.println("  [" + a.get(2) + " = " + a.get(3) + "]");
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
    System.out.println((file.contains("/slow/") ? "🔈(slow) " : "🔈 ") + text);
    return reply;
  }

  private String spoken(String what) {
    System.out.println("🔈 «" + what + "»");
    return "200 result=0";
  }

  /** The next keys: scripted, or typed; null when the caller hangs up. */
  private String key(String hint) throws IOException {
    String typed;
    if (scripted != null) {
      typed = scripted.isEmpty() ? "" : scripted.poll().trim();
      System.out.println("  ☎ " + (typed.isEmpty() ? "(no key)" : typed));
    } else {
      System.out.print("  ☎ " + hint + "> ");
      System.out.flush();
      typed = keyboard.readLine();
      typed = typed == null ? "h" : typed.trim();
    }
    return typed.equalsIgnoreCase("h") ? null : typed;
  }
}
