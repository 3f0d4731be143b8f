package org.zhaowo.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One hotline call as asterisk-config's {@code [zhaowo-ivr]} places it: the first instance's FastAGI port, the
 * second's when the first refuses the connection; Asterisk's part as the ivr module's scripted Asterisk plays it
 * (every sound plays, the keys go to GET DATA in turn, the recording ends with #). When the connection ends with
 * no {@code ZHAOWO_NEXT} the IVR was lost mid-call and, as the dialplan does, the caller goes to the agents.
 */
final class DialplanCaller {
  /** Where a caller stops answering, as one who is still speaking or thinking. */
  enum Hold {
    NONE,
    /** In the middle of the recording: the report is not finished. */
    RECORDING,
    /** The first question after the recording: the report is finished. */
    AFTER_RECORDING
  }

  /** How the call ended: which instance took it, its ticket, and where the dialplan went. */
  record Outcome(String instance, String ticket, String next, boolean lost) {}

  private static final AtomicInteger CALLS = new AtomicInteger();
  private static final Pattern SET = Pattern.compile("^SET VARIABLE \"?([^\" ]+)\"? \"?(.*?)\"?$");
  final String phone;
  final CountDownLatch held = new CountDownLatch(1);
  final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private final Deque<String> keys = new ArrayDeque<>(List.of("1", "1", "1")); // report, water repairs, this number
  private final Hold hold;
  private final Map<String, String> variables = new HashMap<>();
  private Socket socket;
  private boolean recorded;

  private DialplanCaller(String phone, Hold hold) {
    this.phone = phone;
    this.hold = hold;
  }

  /** Places the call on a virtual thread: {@code first} ("A") else {@code second} ("B"). */
  static DialplanCaller place(String phone, Hold hold, int first, int second) {
    DialplanCaller caller = new DialplanCaller(phone, hold);
    Thread.ofVirtual().start(() -> caller.run(first, second));
    return caller;
  }

  private void run(int first, int second) {
    String instance = "A";
    try {
      try {
        socket = new Socket("127.0.0.1", first);
      } catch (ConnectException refused) { // AGISTATUS=FAILURE before any command: the second target
        instance = "B";
        socket = new Socket("127.0.0.1", second);
      }
      converse();
    } catch (IOException | RuntimeException e) {
      // the instance was killed mid-call: the connection ends, as Asterisk sees it
    } finally {
      held.countDown();
      String next = variables.getOrDefault("ZHAOWO_NEXT", "");
      outcome.complete(new Outcome(instance, variables.get("ZHAOWO_TICKET"), next.isEmpty() ? "agent" : next,
          next.isEmpty()));
      hangUp();
    }
  }

  private void converse() throws IOException {
    OutputStream out = socket.getOutputStream();
    int n = CALLS.incrementAndGet();
    out.write(("agi_network: yes\nagi_network_script: hotline\nagi_request: agi://127.0.0.1/hotline\n"
        + "agi_channel: PJSIP/trunk-0000" + n + "\nagi_language: zh\nagi_type: PJSIP\nagi_uniqueid: 1795336174."
        + n + ProcessHandle.current().pid() + "\nagi_version: 22.10.1\nagi_callerid: " + phone
        + "\nagi_calleridname: unknown\nagi_dnid: 96715\n\n").getBytes(StandardCharsets.UTF_8));
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    String command;
    while ((command = in.readLine()) != null) { // null: the IVR closed the connection, the AGI's end
      if (holdsAt(command)) {
        held.countDown();
        in.readLine(); // never answered: the instance is killed meanwhile, and the connection ends
        return;
      }
      out.write((reply(command) + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  private boolean holdsAt(String command) {
    return switch (hold) {
      case NONE -> false;
      case RECORDING -> command.startsWith("RECORD FILE");
      case AFTER_RECORDING -> recorded && command.startsWith("GET DATA");
    };
  }

  private String reply(String command) {
    Matcher set = SET.matcher(command);
    if (set.matches()) {
      variables.put(set.group(1), set.group(2));
      return "200 result=1";
    }
    if (command.startsWith("GET DATA")) {
      return "200 result=" + (keys.isEmpty() ? " (timeout)" : keys.poll());
    }
    if (command.startsWith("RECORD FILE")) {
      recorded = true;
      return "200 result=35 (dtmf) endpos=16000";
    }
    if (command.startsWith("STREAM FILE") || command.startsWith("CONTROL STREAM FILE")) {
      return "200 result=0 endpos=3404";
    }
    return "200 result=0"; // ANSWER, SAY DIGITS, GET VARIABLE (not set), WAIT FOR DIGIT (no key)
  }

  void hangUp() {
    try {
      if (socket != null) {
        socket.close();
      }
    } catch (IOException ignored) {
      // closed already
    }
  }
}
