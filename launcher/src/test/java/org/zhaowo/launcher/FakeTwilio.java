package org.zhaowo.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * Twilio's Messages API as several service processes share it: accepts every text (201), lists them by To and
 * From (the look-up before a resend), and keeps them all so a test can count. The sms-gateway's own fake is
 * package-private in its tests, which that module does not publish as a test-jar.
 */
final class FakeTwilio implements AutoCloseable {
  static final String ACCOUNT = "AC00000000000000000000000000000001";
  static final String TOKEN = "test-auth-token";
  private static final DateTimeFormatter RFC_2822 = DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);

  /** A text the fake accepted. */
  record Sent(String sid, String to, String from, String body, Instant at) {}

  private final HttpServer server;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final java.time.Clock clock;

  /** @param clock stamps the messages' {@code date_created} (the test's clock, never the machine's) */
  FakeTwilio(java.time.Clock clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(8));
    server.createContext("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json", this::messages);
    server.start();
  }

  /** The settings that send an instance's texts here, from {@code from}. */
  Map<String, String> settings(String from) {
    return Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_FROM_NUMBER", from,
        "TWILIO_API_URL", "http://127.0.0.1:" + server.getAddress().getPort());
  }

  List<Sent> sent() {
    return List.copyOf(sent);
  }

  private void messages(HttpExchange exchange) throws IOException {
    try (exchange) {
      Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
      if ("GET".equals(exchange.getRequestMethod())) {
        JsonArray found = new JsonArray();
        sent.stream().filter(m -> m.to().equals(query.get("To")) && (!query.containsKey("From") || m.from().equals(query.get("From"))))
            .forEach(m -> found.add(json(m)));
        String uri = exchange.getRequestURI().getPath();
        reply(exchange, 200, new JsonObject().put("messages", found).put("uri", uri).put("first_page_uri", uri)
            .putNull("next_page_uri").putNull("previous_page_uri").put("page", 0).put("page_size", 50)
            .put("start", 0).put("end", found.size()));
        return;
      }
      Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      Sent message = new Sent("SM" + String.format("%032x", System.nanoTime()), form.get("To"), form.get("From"),
          form.get("Body"), clock.instant());
      sent.add(message);
      reply(exchange, 201, json(message));
    }
  }

  private static JsonObject json(Sent m) {
    return new JsonObject().put("sid", m.sid()).put("account_sid", ACCOUNT).put("to", m.to()).put("from", m.from())
        .put("body", m.body()).put("status", "queued").put("num_segments", "1").put("direction", "outbound-api")
        .put("date_created", RFC_2822.format(m.at()));
  }

  private static Map<String, String> parse(String form) {
    Map<String, String> values = new HashMap<>();
    if (form != null && !form.isEmpty()) {
      for (String pair : form.split("&")) {
        int eq = pair.indexOf('=');
        values.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void reply(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
