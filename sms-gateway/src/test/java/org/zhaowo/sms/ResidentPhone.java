package org.zhaowo.sms;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Asterisk's side of an answered survey call: opens the FastAGI connection the Originate named and
 * plays a resident who presses the given keys, one per input-reading command (GET DATA, WAIT FOR
 * DIGIT, RECORD FILE); other commands get Asterisk's plain success replies.
 */
final class ResidentPhone {
  private final String callerId;
  private final Deque<String> keys;
  final List<String> commands = new ArrayList<>();

  ResidentPhone(String callerId, String... keys) {
    this.callerId = callerId;
    this.keys = new ArrayDeque<>(List.of(keys));
  }

  /** Answers the call placed into {@code agiUrl} (agi://host:port/script?args) and talks until the IVR hangs up. */
  void answer(String agiUrl) throws IOException {
    URI uri = URI.create(agiUrl);
    String script = uri.getRawPath().substring(1) + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      send(out, "agi_network: yes\nagi_network_script: " + script + "\nagi_request: " + agiUrl
          + "\nagi_channel: PJSIP/trunk-00000001\nagi_language: en\nagi_type: PJSIP\nagi_uniqueid: 1795336174.1"
          + "\nagi_version: 22.10.1\nagi_callerid: " + callerId + "\nagi_calleridname: unknown\nagi_dnid: unknown"
          + "\nagi_context: zhaowo-survey\nagi_extension: s\nagi_priority: 1\nagi_enhanced: 0.0\n");
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        commands.add(line);
        send(out, reply(line));
        if (line.startsWith("HANGUP")) {
          send(out, "HANGUP");
        }
      }
    }
  }

  private String reply(String command) {
    if (command.startsWith("GET DATA")) {
      String key = keys.poll();
      return key == null ? "200 result= (timeout)" : "200 result=" + key;
    }
    if (command.startsWith("WAIT FOR DIGIT")) {
      String key = keys.poll();
      return key == null ? "200 result=0" : "200 result=" + (int) key.charAt(0);
    }
    if (command.startsWith("RECORD FILE")) {
      keys.poll();
      return "200 result=0 (timeout) endpos=8000";
    }
    if (command.startsWith("STREAM FILE")) {
      return "200 result=0 endpos=3404";
    }
    return command.startsWith("HANGUP") || command.startsWith("SET VARIABLE") ? "200 result=1" : "200 result=0";
  }

  private static void send(OutputStream out, String text) throws IOException {
    out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
