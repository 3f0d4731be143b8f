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
import java.util.Map;
import org.zhaowo.ticketing.FakeAmi;

/**
 * Asterisk's side of an answered survey call: runs the {@code [zhaowo-survey]} context as
 * asterisk-config/extensions.conf has it (the FastAGI script {@code survey?ticket=${ZHAOWO_SURVEY_TICKET}
 * &key=${ZHAOWO_SURVEY_KEY}} from the Originate's channel variables, then the agents' queue when the IVR
 * left {@code ZHAOWO_NEXT=agent}) and plays a resident who presses the given keys, one per input-reading
 * command (GET DATA, WAIT FOR DIGIT, RECORD FILE); other commands get Asterisk's plain success replies.
 */
final class ResidentPhone {
  private final String callerId;
  private final Deque<String> keys;
  final List<String> commands = new ArrayList<>();
  /** Where the dialplan went after the AGI: "hotline,agent,1" (the queue) or "hotline,hangup,1". */
  volatile String dialplanNext;

  ResidentPhone(String callerId, String... keys) {
    this.callerId = callerId;
    this.keys = new ArrayDeque<>(List.of(keys));
  }

  /**
   * Answers a call originated into the survey context, as the dialplan would run it with {@code ZHAOWO_AGI}
   * = {@code agiBase} (agi://host:port).
   */
  void answerSurvey(Map<String, String> originate, String agiBase) throws IOException {
    if (!"zhaowo-survey".equals(originate.get("context")) || !"s".equals(originate.get("exten"))
        || !"1".equals(originate.get("priority"))) {
      throw new IllegalStateException("not an Originate into zhaowo-survey,s,1: " + originate);
    }
    Map<String, String> variables = FakeAmi.variables(originate);
    answer(agiBase + "/survey?ticket=" + variables.getOrDefault("ZHAOWO_SURVEY_TICKET", "") + "&key="
        + variables.getOrDefault("ZHAOWO_SURVEY_KEY", ""));
    boolean agent = commands.stream().anyMatch(c -> c.matches("SET VARIABLE \"?ZHAOWO_NEXT\"? \"?agent\"?"));
    dialplanNext = agent ? "hotline,agent,1" : "hotline,hangup,1";
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
