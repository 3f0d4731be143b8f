package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.TestService;

/** Connections that hold the server without asking anything of it are closed; healthy ones are not. */
class TransportTest {
  private static final Instant MONDAY = Instant.parse("2026-11-23T02:00:00Z");
  private static final Map<String, String> SHORT = Map.of("ZHAOWO_HTTP_IDLE_SECONDS", "1", "ZHAOWO_HTTP_HEAD_SECONDS", "3");

  @Test
  void aHalfSentRequestIsClosedByTheIdleTimeout() throws Exception {
    try (TestService service = new TestService(MONDAY, SHORT); Socket socket = new Socket("127.0.0.1", service.httpPort())) {
      socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      assertTrue(closedWithin(socket, Duration.ofSeconds(10)), "the half-sent request's socket was closed");
      assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10);
    }
  }

  @Test
  void aHeadTrickledAByteAtATimeIsClosedAtTheHeadDeadline() throws Exception {
    try (TestService service = new TestService(MONDAY, SHORT); Socket socket = new Socket("127.0.0.1", service.httpPort())) {
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      boolean closed = false;
      try {
        while (!closed && Duration.ofNanos(System.nanoTime() - start).toSeconds() < 15) {
          out.write('X'); // a header name that never ends: never idle, never complete
          out.flush();
          closed = closedWithin(socket, Duration.ofMillis(300));
        }
      } catch (IOException reset) {
        closed = true;
      }
      long seconds = Duration.ofNanos(System.nanoTime() - start).toSeconds();
      assertTrue(closed, "the trickling client was closed");
      assertTrue(seconds < 10, "closed after " + seconds + " s; the idle timeout is 1 s, the head deadline 3 s");
    }
  }

  @Test
  void theAgentsEventStreamOutlivesTheIdleTimeout() throws Exception {
    try (TestService service = new TestService(MONDAY, SHORT)) {
      Browserless agent = new Browserless(service.httpPort()).signIn("agent");
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + service.httpPort() + AgentPages.EVENTS))
          .header("Cookie", agent.cookieHeader()).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
      assertEquals(200, stream.statusCode());
      BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
      long start = System.nanoTime();
      int keepAlives = 0;
      while (Duration.ofNanos(System.nanoTime() - start).toMillis() < 4_000) {
        String line = lines.readLine();
        assertTrue(line != null, "the stream was closed after " + keepAlives + " keep-alives");
        if (line.equals(": keepalive")) {
          keepAlives++;
        }
      }
      assertTrue(keepAlives >= 3, keepAlives + " keep-alives in 4 s, with an idle timeout of 1 s");
      stream.body().close();
    }
  }

  @Test
  void oneAddressMayHoldOnlySoManyConnections() throws Exception {
    try (TestService service = new TestService(MONDAY, Map.of("ZHAOWO_HTTP_MAX_CONNECTIONS_PER_ADDRESS", "3"))) {
      List<Socket> held = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          held.add(new Socket("127.0.0.1", service.httpPort()));
        }
        for (Socket socket : held) {
          assertTrue(!closedWithin(socket, Duration.ofMillis(300)), "within the cap, a connection stays open");
        }
        try (Socket fourth = new Socket("127.0.0.1", service.httpPort())) {
          assertTrue(closedWithin(fourth, Duration.ofSeconds(5)), "the fourth connection is closed at once");
        }
        held.remove(0).close();
        Thread.sleep(300); // the server hears the close
        try (Socket again = new Socket("127.0.0.1", service.httpPort())) {
          again.getOutputStream().write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          again.setSoTimeout(5_000);
          String status = new BufferedReader(new InputStreamReader(again.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
          assertEquals("HTTP/1.1 200 OK", status);
        }
      } finally {
        for (Socket socket : held) {
          socket.close();
        }
      }
    }
  }

  /** True when the server closes (or resets) the socket within {@code limit}; what it sends first is skipped. */
  private static boolean closedWithin(Socket socket, Duration limit) throws IOException {
    long deadline = System.nanoTime() + limit.toNanos();
    byte[] buffer = new byte[1024];
    while (System.nanoTime() < deadline) {
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
      try {
        if (socket.getInputStream().read(buffer) < 0) {
          return true;
        }
      } catch (SocketTimeoutException stillOpen) {
        return false;
      } catch (IOException reset) {
        return true;
      }
    }
    return false;
  }
}
