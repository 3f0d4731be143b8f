package org.zhaowo.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Twilio's Messages API over real HTTP: answers 201 with the message JSON
 * (sid, status), lists sent messages, and fails with 429 or 5xx when told to.
 */
public final class FakeTwilio implements AutoCloseable {
  static final String ACCOUNT = "AC00000000000000000000000000000001";
  static final String TOKEN = "test-auth-token";
  static final String FROM = "+15005550006";

  /** A message the fake accepted. */
  public record Sent(String sid, String to, String from, String body, String statusCallback, java.time.Instant at) {}

  private static final java.time.format.DateTimeFormatter RFC_2822 = java.time.format.DateTimeFormatter
      .ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.US).withZone(java.time.ZoneOffset.UTC);

  private final HttpServer server;
  private final List<Sent> sent = new CopyOnWriteArrayList<>();
  private final AtomicInteger requests = new AtomicInteger();
  private volatile long lastRequestNanos;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failWith = 503;
  private volatile int failCode = 20500;
  private final AtomicInteger acceptedButFailing = new AtomicInteger();
  private volatile String unsubscribedTo;
  private volatile long delayMs;
  private volatile String invalidTo;

  private final java.time.Clock clock;

  /** Dates its messages by {@code clock}: the one the outbox runs on, as Twilio's and ours agree. */
  public FakeTwilio(java.time.Clock clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(16));
    server.createContext("/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json", this::messages);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The settings that send a service's texts here, from {@code from} (for a service run as a process). */
  public Map<String, String> settings(String from) {
    return Map.of("TWILIO_ACCOUNT_SID", ACCOUNT, "TWILIO_AUTH_TOKEN", TOKEN, "TWILIO_FROM_NUMBER", from,
        "TWILIO_API_URL", url());
  }

  /** The next {@code count} sends fail with {@code status} (429, 500, 503…). */
  void fail(int count, int status) {
    fail(count, status, status == 429 ? 20429 : 20500);
  }

  /** The next {@code count} sends fail with {@code status} and Twilio error {@code code}. */
  void fail(int count, int status, int code) {
    failWith = status;
    failCode = code;
    failuresLeft.set(count);
  }

  /** The next {@code count} sends are accepted (and listed) but answered with 500, as when the answer is lost. */
  void acceptButFail(int count) {
    acceptedButFailing.set(count);
  }

  /** Sends to this E.164 number are refused: the recipient texted STOP to our number (Twilio error 21610). */
  void rejectAsUnsubscribed(String to) {
    unsubscribedTo = to;
  }

  /** Each send waits this long before it is answered (after it has been recorded). */
  void delay(long ms) {
    delayMs = ms;
  }

  /** Sends to this E.164 number are refused as invalid (Twilio error 21211). */
  void rejectAsInvalid(String to) {
    invalidTo = to;
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  int requests() {
    return requests.get();
  }

  /** When the newest send request arrived, by {@link System#nanoTime()} (real time, to measure a rate). */
  long lastRequestNanos() {
    return lastRequestNanos;
  }

  private void messages(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorised(exchange)) {
        reply(exchange, 401, error(20003, "Authenticate", 401));
      } else if ("GET".equals(exchange.getRequestMethod())) {
        list(exchange);
      } else {
        create(exchange);
      }
    }
  }

  private void create(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    lastRequestNanos = System.nanoTime();
    Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      reply(exchange, failWith, error(failCode, "try later", failWith));
      return;
    }
    if (form.get("To").equals(invalidTo)) { // Twilio's own text names the number
      reply(exchange, 400, error(21211, "The 'To' number " + form.get("To") + " is not a valid phone number.", 400));
      return;
    }
    if (form.get("To").equals(unsubscribedTo)) {
      reply(exchange, 400, error(21610, "Attempt to send to unsubscribed recipient " + form.get("To"), 400));
      return;
    }
    Sent message = new Sent("SM" + String.format("%032x", sent.size() + 1L + System.nanoTime()), form.get("To"),
        form.get("From"), form.get("Body"), form.get("StatusCallback"), clock.instant());
    sent.add(message);
    pause();
    if (acceptedButFailing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      reply(exchange, 500, error(20500, "Internal Server Error", 500));
      return;
    }
    reply(exchange, 201, json(message).encode());
  }

  private void list(HttpExchange exchange) throws IOException {
    Map<String, String> query = parse(exchange.getRequestURI().getRawQuery());
    JsonArray messages = new JsonArray();
    sent.stream().filter(m -> m.to().equals(query.get("To"))).forEach(m -> messages.add(json(m)));
    String uri = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";
    reply(exchange, 200, new JsonObject().put("messages", messages).put("uri", uri).put("first_page_uri", uri)
        .put("next_page_uri", null).put("previous_page_uri", null).put("page", 0).put("page_size", 50)
        .put("start", 0).put("end", messages.size()).encode());
  }

  private void pause() {
    if (delayMs > 0) {
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static JsonObject json(Sent m) {
    return new JsonObject().put("sid", m.sid()).put("account_sid", ACCOUNT).put("to", m.to()).put("from", m.from())
        .put("body", m.body()).put("status", "queued").put("num_segments", "1").put("direction", "outbound-api")
        .put("date_created", RFC_2822.format(m.at()));
  }

  private static String error(int code, String message, int status) {
    return new JsonObject().put("code", code).put("message", message).put("status", status)
        .put("more_info", "https://www.twilio.com/docs/errors/" + code).encode();
  }

  private static boolean authorised(HttpExchange exchange) {
    String expected = "Basic " + java.util.Base64.getEncoder()
        .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
    return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
  }

  static Map<String, String> parse(String form) {
    Map<String, String> values = new LinkedHashMap<>();
    if (form == null || form.isEmpty()) {
      return values;
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      values.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return values;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
