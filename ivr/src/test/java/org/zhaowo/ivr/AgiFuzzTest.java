package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Hostile Asterisk peers over real TCP: the corpus's replies and header lines, 200 mutated conversations and
 * endless input. Each must end with the server closing the socket (within a generous 10 s, a "does not hang"
 * bound), malformed input is logged once at warn with the call's id, nothing goes unhandled, and a clean call
 * is still served afterwards.
 */
class AgiFuzzTest extends IvrTest {
  private static final int CLOSE_WITHIN_MS = 10_000;
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    logged.start();
    root.addAppender(logged);
  }

  @AfterEach
  void nothingUnhandled() throws Exception {
    root.detachAppender(logged);
    synchronized (logged) { // AppenderBase.doAppend holds the appender
      List<String> unhandled = logged.list.stream().filter(e -> e.getLevel() == Level.ERROR)
          .filter(e -> e.getLoggerName().startsWith("io.") || e.getLoggerName().endsWith("AgiConnection"))
          .map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()).toList();
      assertEquals(List.of(), unhandled, "exceptions escaped the FastAGI handlers");
    }
    FakeAsterisk.Transcript t = ivr.call(new FakeAsterisk("13800138000", "hotline").keys("0"));
    assertEquals("agent", t.variables.get("ZHAOWO_NEXT"), "a clean call after the hostile ones");
  }

  /** Issue 11: the reply was an unhandled NumberFormatException and the connection stayed open. */
  @Test
  void anEndposBeyondALongClosesTheCallAndKeepsItsRecord() throws Exception {
    FakeAsterisk asterisk = new FakeAsterisk("13800138000", "hotline")
        .reply("STREAM FILE", "200 result=0 endpos=99999999999999999999");
    ivr.call(asterisk); // returns once the server closed: FakeAsterisk fails after 30 s of silence
    assertEquals("abandoned", ivr.callRecord(asterisk).getString("outcome"));
    String id = asterisk.headers.get("agi_uniqueid");
    List<String> warnings = warningsAbout("of call " + id + " from ");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.getFirst().contains(": not an AGI 200 reply: '200 result=0 endpos="), warnings.getFirst());
  }

  @Test
  void everyMalformedReplyOfTheCorpusClosesItsCall() throws Exception {
    for (byte[] reply : AgiCorpus.load("replies-malformed.txt")) {
      Conversation c = converse(header(List.of()), (n, command) -> n == 0 ? line(reply) : clean(command));
      assertEquals(1, c.commands, "closed at the first reply: " + show(reply));
      assertEquals(1, warningsAbout(c.peer).size(), show(reply));
    }
  }

  @Test
  void everyMalformedHeaderLineOfTheCorpusClosesItsConnection() throws Exception {
    for (byte[] bad : AgiCorpus.load("header-lines-malformed.txt")) {
      Conversation c = converse(header(List.of(bad)), (n, command) -> clean(command));
      assertEquals(0, c.commands, "refused before any command: " + show(bad));
      assertEquals(1, warningsAbout(c.peer).size(), show(bad));
    }
  }

  @Test
  void twoHundredMutatedConversationsAllEnd() throws Exception {
    Random random = new Random(11);
    List<byte[]> corpus = AgiCorpus.all();
    for (int i = 0; i < 200; i++) {
      if (i % 2 == 0) {
        byte[] header = AgiCorpus.mutate(header(List.of()), random);
        converse(header, (n, command) -> clean(command));
      } else {
        int at = random.nextInt(6);
        byte[] reply = AgiCorpus.mutate(corpus.get(random.nextInt(corpus.size())), random);
        // the command's own answer and the end of a 520 after the mutated reply: a "100 Trying" or a "520-"
        // it made gets its end, so the server never waits on us
        converse(header(List.of()), (n, command) -> n == at
            ? concat(line(reply), clean(command), line("520 End of proper usage.".getBytes(StandardCharsets.UTF_8)))
            : clean(command));
      }
    }
  }

  @Test
  void anEndlessLineIsCutOffAtTheLineLimit() throws Exception {
    byte[] nines = new byte[64 * 1024];
    java.util.Arrays.fill(nines, (byte) '9');
    String peer = flood("agi_callerid: ".getBytes(StandardCharsets.UTF_8), i -> nines);
    assertEquals(List.of("line longer than 2048 bytes"), reasons(peer));
  }

  @Test
  void anEndlessHeaderBlockIsCutOffAtTheHeaderLimit() throws Exception {
    String peer = flood(new byte[0], i -> ("agi_arg_" + i + ": x\n").getBytes(StandardCharsets.UTF_8));
    assertEquals(List.of("more than 100 header lines"), reasons(peer));
  }

  // --- a raw Asterisk peer

  private record Conversation(String peer, int commands) {}

  /** Sends the header block, answers each command with {@code answer(n, command)}, until the server closes. */
  private static Conversation converse(byte[] header, BiFunction<Integer, String, byte[]> answer) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", ivr.server.port())) {
      socket.setSoTimeout(CLOSE_WITHIN_MS);
      String peer = ":" + socket.getLocalPort() + ": ";
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      int n = 0;
      try {
        out.write(header);
        for (String command; (command = readLine(in)) != null; n++) {
          if (n > 300) {
            fail("more than 300 commands: " + command);
          }
          out.write(answer.apply(n, command));
          out.flush();
        }
      } catch (SocketTimeoutException e) {
        fail("the server did not close the connection within " + CLOSE_WITHIN_MS + " ms: " + new String(header,
            StandardCharsets.UTF_8));
      } catch (IOException reset) {
        // the server closed while we wrote: closed all the same
      }
      return new Conversation(peer, n);
    }
  }

  /** Writes {@code start}, then 10 MB of {@code more(i)}; the server must close on its own. */
  private static String flood(byte[] start, java.util.function.IntFunction<byte[]> more) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", ivr.server.port())) {
      socket.setSoTimeout(CLOSE_WITHIN_MS);
      OutputStream out = socket.getOutputStream();
      try {
        out.write(start);
        for (long sent = 0, i = 0; sent < 10_000_000; i++) {
          byte[] chunk = more.apply((int) i);
          out.write(chunk);
          sent += chunk.length;
        }
        out.flush();
        while (socket.getInputStream().read() >= 0) {
          // whatever it says, it must end
        }
      } catch (SocketTimeoutException e) {
        fail("still open " + CLOSE_WITHIN_MS + " ms after 10 MB");
      } catch (IOException reset) {
        // cut off while we were still sending: the point
      }
      return ":" + socket.getLocalPort() + ": ";
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b; (b = in.read()) != '\n'; ) {
      if (b < 0) {
        return null;
      }
      line.write(b);
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  /** A good header block with these lines in place of the headers of their names, or added. */
  private static byte[] header(List<byte[]> lines) {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    List<String> names = lines.stream().map(l -> new String(l, StandardCharsets.UTF_8))
        .map(l -> l.indexOf(':') < 0 ? l : l.substring(0, l.indexOf(':'))).toList();
    String id = "1795336174." + System.nanoTime() % 1_000_000_000L;
    for (String h : AgiInputTest.goodHeaders()) {
      if (names.stream().noneMatch(n -> h.startsWith(n + ":"))) {
        block.writeBytes(line(h.replace("1795336174.2", id).getBytes(StandardCharsets.UTF_8)));
      }
    }
    lines.forEach(l -> block.writeBytes(line(l)));
    block.writeBytes(line(new byte[0]));
    return block.toByteArray();
  }

  /** What a plain Asterisk answers: key 0 to every menu, so each call soon goes to a person. */
  private static byte[] clean(String command) {
    String reply = command.startsWith("SET VARIABLE") ? "200 result=1"
        : command.startsWith("STREAM FILE") ? "200 result=0 endpos=3404"
        : command.startsWith("RECORD FILE") ? "200 result=0 (timeout) endpos=24000"
        : command.startsWith("WAIT FOR DIGIT") ? "200 result=48"
        : "200 result=0";
    return line(reply.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] line(byte[] text) {
    return concat(text, new byte[] {'\n'});
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** The server's warnings about closing connections, whose text holds {@code marker}. */
  private List<String> warningsAbout(String marker) {
    synchronized (logged) { // AppenderBase.doAppend holds the appender
      return logged.list.stream().filter(e -> e.getLevel() == Level.WARN)
          .filter(e -> e.getLoggerName().endsWith("AgiConnection")).map(ILoggingEvent::getFormattedMessage)
          .filter(m -> m.contains(marker)).toList();
    }
  }

  private List<String> reasons(String peer) {
    return warningsAbout(peer).stream().map(m -> m.substring(m.indexOf(peer) + peer.length())).toList();
  }

  private static String show(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
