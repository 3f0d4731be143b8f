package org.zhaowo.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Api;

/**
 * The service killed with {@code kill -9} while callers are still in their reports: some right after their
 * recording (at the callback-number question), some hearing their ticket number. Started again on the same
 * folder, every report whose recording finished is a ticket, exactly once, and every call that heard a
 * number has its call record.
 */
class ReportsSurviveAKillTest {
  private static final Pattern AGI_PORT = Pattern.compile("FastAGI: +agi://[0-9.]+:(\\d+)/hotline");
  private static final int AT_CALLBACK = 3;
  private static final int HEARING_NUMBER = 2;

  @Test
  void everyFinishedRecordingIsATicketExactlyOnceAfterTheServiceIsKilled() throws Exception {
    Path dataDir = Files.createTempDirectory("zhaowo-reports-killed");
    List<HeldCaller> callers = new ArrayList<>();
    try (DatabaseFaultsTest.Service first = DatabaseFaultsTest.Service.start(dataDir, "first")) {
      int agi = agiPort(first);
      for (int i = 0; i < AT_CALLBACK; i++) { // after the recording, before registration
        callers.add(HeldCaller.place(agi, "1390099000" + i, List.of("1", "1"), HeldCaller.Hold.AFTER_RECORDING));
      }
      for (int i = 0; i < HEARING_NUMBER; i++) { // registered, its number about to be read out
        callers.add(HeldCaller.place(agi, "1390099100" + i, List.of("1", "1", "1"), HeldCaller.Hold.AT_THE_NUMBER));
      }
      for (HeldCaller caller : callers) {
        assertTrue(caller.held.await(90, TimeUnit.SECONDS), "caller " + caller.phone + " reached its hold");
      }
      first.kill(); // kill -9: no shutdown hook, no call record at the end of the calls
    } finally {
      callers.forEach(HeldCaller::hangUp);
    }

    try (DatabaseFaultsTest.Service second = DatabaseFaultsTest.Service.start(dataDir, "second")) {
      Api api = second.api();
      String supervisor = api.login("supervisor");
      for (HeldCaller caller : callers) {
        DatabaseFaultsTest.waitFor(() -> tickets(api, supervisor, caller.phone).size() >= 1,
            "caller " + caller.phone + "'s report is a ticket");
      }
      Path spool = dataDir.resolve("ivr-spool");
      DatabaseFaultsTest.waitFor(() -> entries(spool.resolve("pending")).isEmpty(), "the spool is drained");
      for (HeldCaller caller : callers) {
        JsonArray tickets = tickets(api, supervisor, caller.phone);
        assertEquals(1, tickets.size(), "caller " + caller.phone + ": " + tickets.encode());
      }
      List<String> done = entries(spool.resolve("done"));
      for (HeldCaller caller : callers.subList(AT_CALLBACK, callers.size())) {
        assertTrue(done.stream().anyMatch(e -> e.startsWith("call-") && e.contains(caller.uniqueId)),
            "the call record of " + caller.uniqueId + ", spooled before its number, is written: " + done);
      }
    }
  }

  private static JsonArray tickets(Api api, String token, String phone) {
    return api.get("/api/tickets?phone=" + phone, token).json().getJsonArray("items");
  }

  /** Each entry's name and content, one string each. */
  private static List<String> entries(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".json")).map(p -> {
        try {
          return p.getFileName() + " " + Files.readString(p);
        } catch (IOException movedMeanwhile) {
          return p.getFileName().toString();
        }
      }).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int agiPort(DatabaseFaultsTest.Service service) throws InterruptedException {
    int[] port = {0};
    DatabaseFaultsTest.waitFor(() -> {
      Matcher m = AGI_PORT.matcher(service.log());
      port[0] = m.find() ? Integer.parseInt(m.group(1)) : 0;
      return port[0] > 0;
    }, "the FastAGI port in the log");
    return port[0];
  }

  /**
   * Asterisk's part of one report call, as the ivr module's scripted Asterisk plays it (every sound plays,
   * the keys go to GET DATA in turn, the recording ends with #), until the command its {@link Hold} names:
   * that one it never answers, as a caller who is still thinking.
   */
  private static final class HeldCaller {
    enum Hold {
      /** The first question after the recording: the callback number. */
      AFTER_RECORDING,
      /** The first sound of the ticket number read back. */
      AT_THE_NUMBER
    }

    private static final java.util.concurrent.atomic.AtomicInteger CALLS = new java.util.concurrent.atomic.AtomicInteger();
    final String phone;
    final String uniqueId = "1795336174.9" + CALLS.incrementAndGet() + ProcessHandle.current().pid();
    final CountDownLatch held = new CountDownLatch(1);
    private final Deque<String> keys;
    private final Hold hold;
    private final Socket socket;
    private boolean recorded;

    private HeldCaller(Socket socket, String phone, List<String> keys, Hold hold) {
      this.socket = socket;
      this.phone = phone;
      this.keys = new ArrayDeque<>(keys);
      this.hold = hold;
    }

    static HeldCaller place(int port, String phone, List<String> keys, Hold hold) throws IOException {
      HeldCaller caller = new HeldCaller(new Socket("127.0.0.1", port), phone, keys, hold);
      Thread.ofVirtual().start(caller::converse);
      return caller;
    }

    private void converse() {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(("agi_network: yes\nagi_network_script: hotline\nagi_request: agi://127.0.0.1/hotline\n"
            + "agi_channel: PJSIP/trunk-0000000" + CALLS.get() + "\nagi_language: zh\nagi_type: PJSIP\n"
            + "agi_uniqueid: " + uniqueId + "\nagi_version: 22.10.1\nagi_callerid: " + phone
            + "\nagi_calleridname: unknown\nagi_dnid: 96715\n\n").getBytes(StandardCharsets.UTF_8));
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String command;
        while ((command = in.readLine()) != null) {
          if (holdsAt(command)) {
            held.countDown();
            in.readLine(); // never answered: the service is killed meanwhile, and the socket ends
            return;
          }
          out.write((reply(command) + "\n").getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException gone) {
        // the service was killed
      }
    }

    private boolean holdsAt(String command) {
      return switch (hold) {
        case AFTER_RECORDING -> recorded && command.startsWith("GET DATA");
        case AT_THE_NUMBER -> command.contains("zhaowo/ticket-registered");
      };
    }

    private String reply(String command) {
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
      if (command.startsWith("SET VARIABLE")) {
        return "200 result=1";
      }
      return "200 result=0"; // ANSWER, SAY DIGITS, GET VARIABLE (not set), WAIT FOR DIGIT (no key)
    }

    void hangUp() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closed already
      }
    }
  }
}
