package org.zhaowo.ivr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code scripts/call} against the real IVR: it ends the call as Asterisk would, and finds the service as it is configured. */
class CallClientTest extends IvrTest {
  @Test
  void aReportEndsWithSuccessAndTheDialplansHangUp() {
    String printed = call("--keys", "1,1,#,1");
    assertTrue(printed.contains("AGISTATUS=SUCCESS. ZHAOWO_NEXT=hangup → Hangup(16)"), printed);
    assertTrue(printed.contains("Ticket: "), printed);
  }

  @Test
  void zeroEndsWithSuccessAndTheQueue() {
    String printed = call("--keys", "0");
    assertTrue(printed.contains("AGISTATUS=SUCCESS. ZHAOWO_NEXT=agent → the agents' queue."), printed);
  }

  @Test
  void aCallerWhoHangsUpEndsWithHangup() {
    String printed = call("--keys", "1,h");
    assertTrue(printed.contains("AGISTATUS=HANGUP"), printed);
  }

  @Test
  void hostAndPortDefaultToTheServicesSettings() {
    CallClient client = new CallClient(ivr.clock, new PrintStream(new ByteArrayOutputStream(), true));
    new CommandLine(client).parseArgs();
    String port = System.getenv("ZHAOWO_AGI_PORT");
    String host = System.getenv("ZHAOWO_AGI_HOST");
    assertEquals(port == null || port.isEmpty() ? 4573 : Integer.parseInt(port), client.port);
    assertEquals(host == null || host.isEmpty() ? "127.0.0.1" : host, client.host);
  }

  private static String call(String... args) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    String[] all = new String[args.length + 4];
    System.arraycopy(new String[] {"--host", "127.0.0.1", "--port", Integer.toString(ivr.server.port())}, 0, all, 0, 4);
    System.arraycopy(args, 0, all, 4, args.length);
    int exit = new CommandLine(new CallClient(ivr.clock, new PrintStream(printed, true, StandardCharsets.UTF_8)))
        .execute(all);
    String text = printed.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, text);
    return text;
  }
}
