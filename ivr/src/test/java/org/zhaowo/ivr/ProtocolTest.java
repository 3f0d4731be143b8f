package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Malformed, hostile and odd input on the socket closes that connection and nothing else. */
class ProtocolTest extends IvrTest {
  /**
   * Sends raw bytes, reads until the server closes the connection, and returns the reason the server
   * gave for closing it (its log line for this connection): why it closed, not how fast, so a busy
   * machine cannot make a prompt refusal look like a time-out or the reverse.
   */
  private static String closedBecause(String raw) throws Exception {
    Logger connections = (Logger) LoggerFactory.getLogger(AgiConnection.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    connections.addAppender(logged);
    try (Socket socket = new Socket("127.0.0.1", ivr.server.port())) {
      socket.setSoTimeout(30_000); // a server that never closes fails here
      OutputStream out = socket.getOutputStream();
      out.write(raw.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      while (in.read() >= 0) {
        // whatever it says, it must end
      }
      String peer = ":" + socket.getLocalPort() + ": ";
      synchronized (logged) { // the appender's own lock (AppenderBase.doAppend); logged before the close that ended the read above
        return logged.list.stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(peer))
            .map(m -> m.substring(m.indexOf(peer) + peer.length())).findFirst().orElse("(no reason logged)");
      }
    } finally {
      connections.detachAppender(logged);
    }
  }

  private static void stillServesCalls() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("0"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
  }

  @Test
  void garbageInsteadOfHeadersIsClosed() throws Exception {
    assertEquals("not an agi_ header line", closedBecause("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    stillServesCalls();
  }

  @Test
  void anOverLongLineIsClosed() throws Exception {
    assertEquals("line longer than 2048 bytes",
        closedBecause("agi_network: yes\nagi_callerid: " + "9".repeat(10_000) + "\n"));
    stillServesCalls();
  }

  @Test
  void aPeerThatNeverEndsTheHeaderBlockIsClosedAfterTheHeaderTimeout() throws Exception {
    assertEquals("no complete header block in time", closedBecause("agi_network: yes\nagi_network_script: hotline\n"));
    stillServesCalls();
  }

  @Test
  void tooManyHeaderLinesAreClosed() throws Exception {
    assertEquals("more than 100 header lines", closedBecause(java.util.stream.IntStream.range(0, 500)
        .mapToObj(i -> "agi_x" + i + ": 1\n").collect(java.util.stream.Collectors.joining())));
  }

  @Test
  void aGarbageReplyClosesTheCallAndKeepsItsRecord() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").reply("GET DATA", "hello there");
    ivr.call(asterisk);
    assertEquals("abandoned", ivr.callRecord(asterisk).getString("outcome"));
    stillServesCalls();
  }

  @Test
  void aPeerThatDisappearsMidCallIsAnAbandonedCall() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").keys("1").on("GET DATA \"zhaowo/category", c -> {
      throw new IllegalStateException("gone");
    });
    try {
      ivr.call(asterisk);
    } catch (IllegalStateException expected) {
      // the socket closes with the try-with-resources
    }
    var call = ivr.callRecord(asterisk);
    assertEquals("abandoned", call.getString("outcome"));
    assertEquals("report.category", call.getString("last_menu"));
  }

  @Test
  void aMissingPromptIsNotAHangUp() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").missing("zhaowo/welcome")
        .missing("zhaowo/main-menu"));
    assertTrue(t.commands.stream().anyMatch(c -> c.startsWith("GET DATA \"zhaowo/main-menu\"")));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"), "three silent menus still reach a person");
  }

  @Test
  void withoutItsPromptsTheMenuStillReadsKeysByWaitForDigit() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").missing("zhaowo/main-menu")
        .missing("zhaowo/category-groups").missing("zhaowo/callback-confirm").keys("1", "1", "#", "1"));
    assertTrue(t.commands.contains("WAIT FOR DIGIT 6000"));
    assertTrue(org.zhaowo.ticketing.TicketNumbers.isValid(t.variables.get("ZHAOWO_TICKET")), t.commands.toString());
  }

  @Test
  void aRefusedCommandIsOurBugAndTheCallerStillReachesAPerson() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline")
        .reply("GET DATA", "520-Invalid command syntax.  Proper usage follows:\n Usage: GET DATA <file>\n"
            + "520 End of proper usage.");
    FakeAsterisk.Transcript t = ivr.call(asterisk);
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"));
    assertEquals("failed", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void anInvalidCommandReplyIsMappedByCode() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline").reply("STREAM FILE \"zhaowo/welcome\"", "510 Invalid or unknown command");
    ivr.call(asterisk);
    assertEquals("failed", ivr.callRecord(asterisk).getString("outcome"));
  }

  @Test
  void aProvisionalTryingReplyWaitsForTheFinalOne() throws Exception {
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("0")
        .reply("SET VARIABLE \"ZHAOWO_NEXT\"", "100 result=0 Trying...\n200 result=1"));
    assertTrue(t.commands.stream().anyMatch(c -> c.startsWith("SET VARIABLE \"ZHAOWO_CALLER\"")), t.commands.toString());
  }

  @Test
  void repliesParseAsAsteriskWritesThem() {
    assertEquals("49", AgiReply.parse("200 result=49 endpos=8160").result());
    assertEquals(8160, AgiReply.parse("200 result=49 endpos=8160").endpos());
    assertTrue(AgiReply.parse("200 result= (timeout)").timedOut());
    assertEquals("", AgiReply.parse("200 result= (timeout)").result());
    assertEquals("agent", AgiReply.parse("200 result=1 (agent)").data());
    assertEquals("", AgiReply.parse("200 result=1 ()").data());
    assertEquals("hangup", AgiReply.parse("200 result=-1 (hangup) endpos=3200").data());
    assertEquals(-1, AgiReply.parse("200 result=-1 endpos=0").code());
    assertEquals(511, AgiReply.parse("511 Command Not Permitted on a dead channel or intercept routine").status());
    assertThrows(AgiMalformed.class, () -> AgiReply.parse("HANGUP"));
    assertThrows(AgiMalformed.class, () -> AgiReply.parse("200 nonsense"));
  }

  @Test
  void theScriptAndItsQueryComeFromTheHeader() {
    AgiRequest r = AgiRequest.of(java.util.Map.of("agi_network_script", "survey?ticket=10000012",
        "agi_callerid", "unknown"));
    assertEquals("survey", r.script());
    assertEquals("10000012", r.param("ticket"));
    assertEquals("", r.callerId());
  }
}
