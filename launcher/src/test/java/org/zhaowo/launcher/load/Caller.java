package org.zhaowo.launcher.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asterisk 22's part of one FastAGI call (as /work/shared/AGI-NOTES.md records it), on one blocking socket:
 * the {@code agi_*} header block, then each command answered as Asterisk answers it. The caller's keys go, in
 * order, to the commands that read input (GET DATA, RECORD FILE, WAIT FOR DIGIT); once they run out, those
 * get no input. Every command that plays to the caller or listens to it is answered after the think time;
 * the others at once. The call ends when the server closes the socket.
 */
final class Caller {
  enum Outcome { HEARD, FAILED, REFUSED }

  /** What one call measured. */
  static final class Result {
    Outcome outcome;
    String number;
    String phone;
    String uniqueId;
    String error;
    long startNanos;
    long endNanos;
    int commands;
    int thinkCommands;
    /** The caller's time this call takes (or would take, in a warm-up that does not wait), in ms. */
    long thinkMillis;
    /** Per command: the verb and the server's time to send it (from our reply, or from the header block). */
    final List<String> verbs = new ArrayList<>(32);
    final List<Long> nanos = new ArrayList<>(32);
    /** The command lines and our replies, when asked for (the first call of a warm-up shows the flow). */
    List<String> transcript;
  }

  private static final AtomicLong CALLS = new AtomicLong(System.currentTimeMillis() / 1000 * 1000);

  private final String phone;
  private final long thinkMillis;
  private final long digitMillis;
  private final boolean waits;
  private final Deque<String> keys = new ArrayDeque<>(List.of("1", "1", "#", "1"));
  private final Map<String, String> variables = new HashMap<>();

  /**
   * @param thinkMillis the caller's time for each command that plays or listens
   * @param digitMillis when 0 or more, a spoken digit's time instead (a STREAM FILE of one {@code digit-N} or
   *     {@code digits/N} file, and each digit of a SAY DIGITS or SAY NUMBER)
   * @param waits false to only count the time (a warm-up without think time)
   */
  Caller(String phone, long thinkMillis, long digitMillis, boolean waits) {
    this.phone = phone;
    this.thinkMillis = thinkMillis;
    this.digitMillis = digitMillis;
    this.waits = waits;
  }

  private static final java.util.regex.Pattern DIGIT_FILE = java.util.regex.Pattern.compile("(.*/)?(digit-|digits/)\\d");

  private long thinkFor(String verb, List<String> a) {
    if (verb.equalsIgnoreCase("EXEC Playback") && a.size() > 2) { // each file its time, as when streamed one by one
      long total = 0;
      for (String file : a.get(2).split("&")) {
        total += digitMillis >= 0 && DIGIT_FILE.matcher(file.trim()).matches() ? digitMillis : thinkMillis;
      }
      return total;
    }
    if (digitMillis >= 0) {
      if ((verb.equals("STREAM FILE") || verb.equals("CONTROL STREAM FILE")) && a.size() > 2
          && DIGIT_FILE.matcher(a.get(verb.equals("STREAM FILE") ? 2 : 3)).matches()) {
        return digitMillis;
      }
      if ((verb.equals("SAY DIGITS") || verb.equals("SAY NUMBER")) && a.size() > 2) {
        return digitMillis * Math.max(1, a.get(2).length());
      }
    }
    return thinkMillis;
  }

  Result call(String host, int port, int readTimeoutMs, boolean keepTranscript) {
    Result r = new Result();
    r.transcript = keepTranscript ? new ArrayList<>() : null;
    r.phone = phone;
    long id = CALLS.incrementAndGet();
    r.uniqueId = (id / 1000) + "." + (id % 100_000);
    r.startNanos = System.nanoTime();
    Socket socket = new Socket();
    try {
      try {
        socket.connect(new InetSocketAddress(host, port), 30_000);
        socket.setSoTimeout(readTimeoutMs);
      } catch (IOException e) {
        r.outcome = Outcome.REFUSED;
        r.error = "connect: " + e;
        return r;
      }
      converse(socket, r);
    } catch (IOException e) {
      r.error = e.toString();
      r.outcome = r.commands == 0 ? Outcome.REFUSED : (r.number != null ? Outcome.HEARD : Outcome.FAILED);
    } finally {
      r.endNanos = System.nanoTime();
      try {
        socket.close();
      } catch (IOException ignored) {
        // closed
      }
    }
    return r;
  }

  private void converse(Socket socket, Result r) throws IOException {
    OutputStream out = socket.getOutputStream();
    String header = "agi_network: yes\n"
        + "agi_network_script: hotline\n"
        + "agi_request: agi://127.0.0.1:4573/hotline\n"
        + "agi_channel: PJSIP/trunk-" + String.format("%08x", r.uniqueId.hashCode()) + "\n"
        + "agi_language: en\n"
        + "agi_type: PJSIP\n"
        + "agi_uniqueid: " + r.uniqueId + "\n"
        + "agi_version: 22.10.1\n"
        + "agi_callerid: " + phone + "\n"
        + "agi_calleridname: unknown\n"
        + "agi_callingpres: 0\nagi_callingani2: 0\nagi_callington: 0\nagi_callingtns: 0\n"
        + "agi_dnid: 96715\nagi_rdnis: unknown\n"
        + "agi_context: hotline\nagi_extension: 96715\nagi_priority: 1\n"
        + "agi_enhanced: 0.0\nagi_accountcode: \n"
        + "agi_threadid: 140135955580608\n\n";
    out.write(header.getBytes(StandardCharsets.UTF_8));
    out.flush();
    long sent = System.nanoTime();
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      long took = System.nanoTime() - sent;
      List<String> a = tokens(line);
      if (a.isEmpty()) {
        continue;
      }
      String verb = verb(a);
      r.verbs.add(r.commands == 0 ? "(first command)" : verb);
      r.nanos.add(took);
      r.commands++;
      String reply = answer(verb, a, r);
      if (thinks(verb, a)) {
        r.thinkCommands++;
        long t = thinkFor(verb, a);
        r.thinkMillis += t;
        if (waits && t > 0) {
          try {
            Thread.sleep(t);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
          }
        }
      }
      if (r.transcript != null) {
        r.transcript.add(String.format("%7.1f ms  %s  ->  %s", took / 1e6, line, reply));
      }
      out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      sent = System.nanoTime();
    }
    r.outcome = r.commands == 0 ? Outcome.REFUSED : (r.number != null ? Outcome.HEARD : Outcome.FAILED);
  }

  /** The command's name as the tables show it: "STREAM FILE", "GET DATA", "EXEC Playback", … */
  static String verb(List<String> a) {
    String first = a.get(0).toUpperCase();
    String second = a.size() > 1 ? a.get(1).toUpperCase() : "";
    return switch (first) {
      case "STREAM", "GET", "SET", "RECORD", "SAY", "CHANNEL", "DATABASE", "SEND", "SPEECH", "RECEIVE" ->
          first + " " + second;
      case "CONTROL" -> "CONTROL STREAM FILE";
      case "WAIT" -> "WAIT FOR DIGIT";
      case "EXEC" -> "EXEC " + (a.size() > 1 ? a.get(1) : "");
      default -> first;
    };
  }

  /** Commands that play to the caller or listen to it take the caller's time. */
  private static boolean thinks(String verb, List<String> a) {
    return switch (verb) {
      case "STREAM FILE", "CONTROL STREAM FILE", "GET DATA", "RECORD FILE", "WAIT FOR DIGIT" -> true;
      default -> verb.startsWith("SAY ") || verb.equalsIgnoreCase("EXEC Playback")
          || verb.equalsIgnoreCase("EXEC Background") || verb.equalsIgnoreCase("EXEC Read");
    };
  }

  private String answer(String verb, List<String> a, Result r) {
    switch (verb) {
      case "ANSWER":
        return "200 result=0";
      case "STREAM FILE":
      case "CONTROL STREAM FILE":
        return "200 result=0 endpos=3404";
      case "GET DATA": {
        if (a.size() < 3) {
          return "520-Invalid command syntax.  Proper usage follows:\n"
              + " Usage: GET DATA <file to be streamed> [timeout] [maxdigits]\n520 End of proper usage.";
        }
        String key = keys.poll();
        if (key == null || key.isEmpty()) {
          return "200 result= (timeout)";
        }
        if (key.endsWith("#")) {
          return "200 result=" + key.substring(0, key.length() - 1);
        }
        int max = a.size() > 4 ? parseInt(a.get(4), 1024) : 1024;
        return key.length() >= max ? "200 result=" + key : "200 result=" + key + " (timeout)";
      }
      case "RECORD FILE": {
        String key = keys.poll();
        return "#".equals(key) ? "200 result=35 (dtmf) endpos=24000" : "200 result=0 (timeout) endpos=24000";
      }
      case "WAIT FOR DIGIT": {
        String key = keys.poll();
        return key == null || key.isEmpty() ? "200 result=0" : "200 result=" + (int) key.charAt(0);
      }
      case "SAY DIGITS":
      case "SAY NUMBER":
        if (a.size() > 2 && a.get(2).length() >= 6 && r.number == null) {
          r.number = a.get(2); // a ticket number spoken digit by digit
        }
        return "200 result=0";
      case "SET VARIABLE":
        if (a.size() > 3) {
          variables.put(a.get(2), a.get(3));
          if (a.get(2).equals("ZHAOWO_TICKET") && !a.get(3).isBlank()) {
            r.number = a.get(3);
          }
        }
        return "200 result=1";
      case "GET VARIABLE": {
        String value = a.size() > 2 ? variables.get(a.get(2)) : null;
        return value == null ? "200 result=0" : "200 result=1 (" + value + ")";
      }
      case "CHANNEL STATUS":
        return "200 result=6";
      case "VERBOSE":
      case "HANGUP":
        return "200 result=1";
      case "NOOP":
        return "200 result=0";
      default:
        if (verb.startsWith("SAY ")) {
          return "200 result=0";
        }
        if (verb.startsWith("EXEC")) {
          return "200 result=0";
        }
        return "510 Invalid or unknown command";
    }
  }

  private static int parseInt(String s, int otherwise) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return otherwise;
    }
  }

  /** Words of a command line, double-quoted ones as one word without the quotes. */
  static List<String> tokens(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) {
          words.add(word.toString());
          word.setLength(0);
          any = false;
        }
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) {
      words.add(word.toString());
    }
    return words;
  }
}
