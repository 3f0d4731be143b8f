package org.zhaowo.ticketing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.zhaowo.ticketing.Api;
import org.zhaowo.ticketing.TestService;
import org.zhaowo.ticketing.TicketNumbers;

/**
 * Hostile clients of the HTTP API over real sockets, on a real database: random JSON-ish bodies (wrong types, huge
 * numbers, deep nesting, NUL, lone surrogates, bytes that are not UTF-8, long texts), random query strings for the
 * ticket list, random path segments, random Open311 forms, random console forms and wrong or missing content types.
 * Whatever comes in, the service answers within {@link #ANSWER_WITHIN_MS}, never with a 5xx, every 4xx is an
 * error document of its door (problem+json for the API, Open311's error document, the console's error page) in our
 * words (no Java class, no database text), and a plain request is still served afterwards.
 * The corpus (api-corpus/, its README says the format) is replayed by a plain test; the seeds are fixed so that a
 * run is the same on every machine: change them locally to explore.
 */
class ApiFuzzTest {
  private static final int ANSWER_WITHIN_MS = 5_000;
  /** What no answer of ours may say unless the request itself said it (a path or value echoed back). */
  private static final String[] LEAKS = {"Exception", "org.", "java.", "io.vertx", "io.netty", "PgException",
      "SQLSTATE", "invalid byte sequence", "UTF8", "column ", "relation ", "violates", "null value", "syntax error",
      "Caused by", "\tat "};
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String JSON = "application/json";
  private static final String[] NASTY = {"\u0000", "\\u0000", "\\ud800", "\\udfff", "\\ud83d", "😀", "号", "\u202e",
      "99999999999999999999", "1e400", "-1e400", "9223372036854775808", "-0", "0x10", "NaN", "Infinity", "null", "true",
      "\"", "\\", "{", "}", "[", "]", ",", ":", "'", "%", "%00", "%zz", "%e4%b8", "%ff", "&", "=", "+", ";", "../",
      "<script>", "]]>", "' OR 1=1 --", "$1", "\r\n", "\t", " ", ""};
  private static final String[] FIELDS = {"callerPhone", "category", "description", "address", "channel", "itemKind",
      "unit", "confidential", "incompleteIntake", "resolution", "recording", "note", "deadline", "into", "of",
      "username", "password", "solved", "satisfaction", "comment", "limit", "minutes", "working", "name", "lat", "lon"};
  private static final String[] QUERY_KEYS = {"page", "size", "from", "to", "state", "phone", "unit", "overdue",
      "q", "page", "size"};
  private static final String[] OPEN311_KEYS = {"api_key", "service_code", "lat", "long", "address_string",
      "description", "media_url", "phone", "email", "first_name", "last_name", "device_id", "account_id",
      "jurisdiction_id", "service_request_id", "start_date", "end_date", "status"};
  private static final String[] ACTIONS = {"accept", "resolve", "note", "dispatch", "return", "reopen", "close",
      "extend", "merge", "not-duplicate", "survey", "escalate", "x", "", "%00", "ACCEPT"};
  private static final String[] WHO = {"agent", "unit", "supervisor", "admin", "none", "forged"};

  private static TestService service;
  private static Api api;
  private static final java.util.Map<String, String> tokens = new java.util.HashMap<>();
  private static String ticket; // a real ticket's number, for paths that need one
  private static String consoleCookie;
  private static String consoleCsrf;

  // --- one service for each engine: Jupiter runs the corpus test, jqwik the properties

  @BeforeAll
  @BeforeContainer
  static void start() {
    service = new TestService(Instant.parse("2026-11-23T02:00:00Z"));
    api = service.api();
    for (String who : List.of("agent", "unit", "supervisor", "admin")) {
      tokens.put(who, api.login(who));
    }
    tokens.put("forged", "not-a-token");
    ticket = api.post("/api/tickets", tokens.get("agent"), new JsonObject().put("callerPhone", "13800138000")
        .put("category", "utilities").put("description", "厨房水管漏水").put("address", "3号楼2单元501")
        .put("channel", "agent")).json().getString("number");
    Browserless desk = new Browserless(service.httpPort()).signIn("agent");
    consoleCookie = desk.cookieHeader();
    consoleCsrf = desk.csrf("/agent");
  }

  @AfterAll
  @AfterContainer
  static void stop() {
    service.close();
  }

  /** After each property: a plain request is still served. */
  @AfterProperty
  void stillServes() {
    stillAnswersAPlainRequest();
  }

  private static void stillAnswersAPlainRequest() {
    Api.Reply reply = api.get("/api/tickets?size=1", tokens.get("agent"));
    assertEquals(200, reply.status(), reply.body());
    assertTrue(reply.json().getLong("total") >= 1, reply.body());
    Api.Reply one = api.get("/api/tickets/" + ticket, tokens.get("agent"));
    assertEquals(200, one.status(), one.body());
  }

  // --- the corpus, every run

  @Test
  void everyRequestOfTheCorpusIsAnsweredInOurWords() {
    List<Request> corpus = Corpus.load("requests.txt");
    assertFalse(corpus.isEmpty());
    for (Request request : corpus) {
      check(request);
    }
    stillAnswersAPlainRequest();
  }

  // --- properties

  @Property(tries = 250, seed = "17")
  void anyJsonishBodyToAnyJsonEndpoint(@ForAll("jsonRequests") Request request) {
    check(request);
  }

  @Property(tries = 200, seed = "17")
  void anyQueryOfTheTicketList(@ForAll("listQueries") Request request) {
    check(request);
  }

  @Property(tries = 150, seed = "17")
  void anyPathSegmentOfATicket(@ForAll("ticketPaths") Request request) {
    check(request);
  }

  @Property(tries = 200, seed = "17")
  void anyOpen311FormOrQuery(@ForAll("open311Requests") Request request) {
    check(request);
  }

  @Property(tries = 100, seed = "17")
  void anyConsoleForm(@ForAll("consoleForms") Request request) {
    check(request);
  }

  @Property(tries = 150, seed = "17")
  void anyContentTypeOrNoneOnAnyDoor(@ForAll("contentTypes") Request request) {
    check(request);
  }

  // --- the invariants

  /** Sends {@code request}: an answer in time, no 5xx, a 4xx its door's error document in our words. */
  static void check(Request request) {
    Answer answer = send(request);
    assertTrue(answer.status() >= 200 && answer.status() < 500, "a " + answer.status() + " for " + request + ":\n"
        + answer.body());
    String asked = new String(request.target(), StandardCharsets.UTF_8) + " " + decoded(request.target()) + " "
        + new String(request.body() == null ? new byte[0] : request.body(), StandardCharsets.UTF_8) + " "
        + decoded(request.body() == null ? new byte[0] : request.body()) + " " + request.contentType();
    for (String leak : LEAKS) {
      if (answer.body().contains(leak) && !asked.contains(leak)) {
        fail("the answer leaks '" + leak + "' for " + request + ":\n" + answer.body());
      }
    }
    if (answer.status() < 400 || request.method().equals("HEAD") || answer.body().isEmpty()
        && (answer.status() == 414 || answer.status() == 431)) { // the last: the HTTP codec's own, for a head too long
      return;
    }
    String path = new String(request.target(), StandardCharsets.ISO_8859_1);
    String type = answer.contentType().toLowerCase(Locale.ROOT);
    if (path.startsWith("/open311/v2/") && (type.startsWith("application/json") || type.startsWith("text/xml"))) {
      if (type.startsWith("application/json")) {
        JsonObject error = new JsonArray(answer.body()).getJsonObject(0);
        assertEquals(answer.status(), error.getInteger("code"), answer.body());
        assertFalse(error.getString("description").isBlank(), answer.body());
      } else {
        assertTrue(answer.body().contains("<code>" + answer.status() + "</code>"), answer.body());
      }
    } else if (type.startsWith("text/html")) {
      assertFalse(path.startsWith("/api/") || path.startsWith("/open311/"), "an HTML page from " + request);
      assertTrue(answer.body().contains("role=\"alert\""), answer.body()); // the console's error page, or its form again
    } else {
      assertTrue(type.startsWith("application/problem+json"), "a " + answer.status() + " of type '" + type + "' for "
          + request + ":\n" + answer.body());
      JsonObject problem = new JsonObject(answer.body());
      assertEquals(answer.status(), problem.getInteger("status"), answer.body());
      assertFalse(problem.getString("detail").isBlank(), answer.body());
    }
  }

  /** The text of percent-escapes, as leniently as a server might decode them (to tell an echo from a leak). */
  private static String decoded(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && Character.digit(bytes[i + 1], 16) >= 0
          && Character.digit(bytes[i + 2], 16) >= 0) {
        out.write(Character.digit(bytes[i + 1], 16) * 16 + Character.digit(bytes[i + 2], 16));
        i += 2;
      } else {
        out.write(bytes[i] == '+' ? ' ' : bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  // --- requests over a raw socket: any bytes a client could send

  /** One request: {@code who} is a user whose bearer token goes with it, "console" its session, or "none". */
  record Request(String method, byte[] target, String contentType, String who, byte[] body) {
    @Override
    public String toString() {
      return method + "\t" + (target.length > 600 ? Corpus.escape(Arrays.copyOf(target, 600)) + "…(" + target.length
          + " bytes)" : Corpus.escape(target)) + "\t" + (contentType == null ? "-" : contentType) + "\t" + who
          + "\t" + (body == null ? "-" : body.length > 600 ? Corpus.escape(Arrays.copyOf(body, 600)) + "…("
              + body.length + " bytes)" : Corpus.escape(body));
    }
  }

  record Answer(int status, String contentType, String body) {}

  static Answer send(Request r) {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    head.writeBytes((r.method() + " ").getBytes(StandardCharsets.US_ASCII));
    head.writeBytes(r.target());
    StringBuilder h = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (r.who().equals("console")) {
      h.append("Cookie: ").append(consoleCookie).append("\r\n");
    } else if (tokens.containsKey(r.who())) {
      h.append("Authorization: Bearer ").append(tokens.get(r.who())).append("\r\n");
    }
    if (r.contentType() != null) {
      h.append("Content-Type: ").append(r.contentType()).append("\r\n");
    }
    if (r.body() != null) {
      h.append("Content-Length: ").append(r.body().length).append("\r\n");
    }
    h.append("\r\n");
    head.writeBytes(h.toString().getBytes(StandardCharsets.UTF_8));
    long started = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", service.httpPort())) {
      socket.setSoTimeout(ANSWER_WITHIN_MS);
      OutputStream out = socket.getOutputStream();
      byte[] raw;
      try {
        out.write(head.toByteArray());
        if (r.body() != null) {
          out.write(r.body());
        }
        out.flush();
      } catch (IOException reset) {
        // the server answered early (a 413, say) and closed: its answer is still to be read
      }
      try {
        raw = readAll(socket.getInputStream(), started);
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer within " + ANSWER_WITHIN_MS + " ms to " + r);
      }
      return parse(raw, r);
    } catch (IOException e) {
      throw new UncheckedIOException("could not send " + r, e);
    }
  }

  private static byte[] readAll(InputStream in, long started) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        raw.write(buffer, 0, n);
        if (System.nanoTime() - started > ANSWER_WITHIN_MS * 1_000_000L) {
          throw new SocketTimeoutException("still sending");
        }
      }
    } catch (java.net.SocketException reset) {
      // a reset after the answer: what came is the answer
    }
    return raw.toByteArray();
  }

  private static Answer parse(byte[] raw, Request r) {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.") || end < 0) {
      throw new AssertionError("no HTTP answer to " + r + ": '" + text + "'");
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    String type = "";
    boolean chunked = false;
    for (String line : lines) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-type:")) {
        type = line.substring(13).strip();
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    String body = text.substring(end + 4);
    if (chunked) {
      StringBuilder joined = new StringBuilder();
      for (int at = 0; at < body.length(); ) {
        int eol = body.indexOf("\r\n", at);
        int size = eol < 0 ? 0 : Integer.parseInt(body.substring(at, eol).split(";")[0].strip(), 16);
        if (size == 0) {
          break;
        }
        joined.append(body, eol + 2, Math.min(body.length(), eol + 2 + size)); // bytes ≈ chars: a test bound
        at = eol + 2 + size + 2;
      }
      body = joined.toString();
    }
    return new Answer(status, type, body);
  }

  // --- the generators: jqwik draws a seed, each request is built from it (reported whole when a property fails)

  private static Arbitrary<Request> from(java.util.function.Function<Random, Request> build) {
    return Arbitraries.randomValue(build);
  }

  @Provide
  Arbitrary<Request> jsonRequests() {
    return from(random -> {
      String[][] doors = {{"POST", "/api/tickets"}, {"POST", "/api/login"}, {"POST", "/api/tickets/" + ticket + "/note"},
          {"POST", "/api/tickets/" + ticket + "/merge"}, {"POST", "/api/tickets/" + ticket + "/not-duplicate"},
          {"POST", "/api/tickets/" + ticket + "/survey"}, {"POST", "/api/tickets/" + ticket + "/accept"},
          {"POST", "/api/tickets/" + ticket + "/extend"}, {"PUT", "/api/handover-limits/1"},
          {"PUT", "/api/calendar/2026-12-01"}, {"POST", "/api/logout"}, {"POST", "/api/tickets/" + ticket + "/dispatch"}};
      String[] door = doors[random.nextInt(doors.length)];
      // never a real user's token to /api/logout: it would end the session the other requests use
      String who = door[1].equals("/api/login") ? "none" : door[1].equals("/api/logout") ? pick(random, "none", "forged")
          : WHO[random.nextInt(4)];
      return new Request(door[0], ascii(door[1]), pick(random, JSON, JSON, JSON, "application/json; charset=utf-8",
          "application/json; charset=latin1"), who, jsonBody(random));
    });
  }

  @Provide
  Arbitrary<Request> listQueries() {
    return from(random -> {
      StringBuilder q = new StringBuilder();
      for (int n = random.nextInt(6); n >= 0; n--) {
        q.append(q.isEmpty() ? "" : random.nextInt(10) == 0 ? "&&" : "&");
        q.append(random.nextInt(8) == 0 ? urlText(random) : QUERY_KEYS[random.nextInt(QUERY_KEYS.length)]);
        if (random.nextInt(10) > 0) {
          q.append('=').append(queryValue(random));
        }
      }
      String path = pick(random, "/api/tickets", "/api/tickets", "/api/tickets", "/api/kpis", "/api/duplicates",
          "/api/supervision", "/api/calendar", "/api/residents/" + urlText(random));
      return new Request(random.nextInt(20) == 0 ? "HEAD" : "GET", ascii(path + "?" + q), null, WHO[random.nextInt(WHO.length)],
          null);
    });
  }

  @Provide
  Arbitrary<Request> ticketPaths() {
    return from(random -> {
      String segment = switch (random.nextInt(6)) {
        case 0 -> ticket.substring(0, 7) + (char) ('0' + random.nextInt(10)); // a check digit maybe wrong
        case 1 -> TicketNumbers.fromSerial(random.nextInt(9_999_999) + 1);
        case 2 -> String.valueOf(random.nextLong());
        case 3 -> "9".repeat(1 + random.nextInt(400));
        default -> urlText(random);
      };
      boolean act = random.nextBoolean();
      String path = "/api/tickets/" + segment + (act ? "/" + pick(random, ACTIONS) : random.nextInt(8) == 0 ? "/" : "");
      return new Request(act ? "POST" : "GET", ascii(path), act ? JSON : null, WHO[random.nextInt(4)],
          act ? (random.nextBoolean() ? jsonBody(random) : "{}".getBytes(StandardCharsets.UTF_8)) : null);
    });
  }

  @Provide
  Arbitrary<Request> open311Requests() {
    return from(random -> {
      String format = random.nextInt(4) == 0 ? ".xml" : ".json";
      if (random.nextInt(4) == 0) {
        String path = random.nextBoolean() ? "/open311/v2/requests" + format + "?" + form(random, false)
            : "/open311/v2/requests/" + pick(random, ticket, urlText(random), TicketNumbers.fromSerial(42))
                + pick(random, ".json", ".xml", "", ".", ".json.xml", format);
        return new Request("GET", ascii(path), null, "none", null);
      }
      String query = random.nextInt(6) == 0 ? "?api_key=demo-open311-key&" + form(random, false) : "";
      return new Request("POST", ascii("/open311/v2/requests" + format + query),
          pick(random, FORM, FORM, FORM, FORM + "; charset=utf-8", FORM + "; charset=gbk"), "none",
          form(random, true).getBytes(StandardCharsets.ISO_8859_1));
    });
  }

  @Provide
  Arbitrary<Request> consoleForms() {
    return from(random -> {
      String path = pick(random, "/login", "/agent/tickets", "/agent/tickets", "/agent/tickets/" + ticket + "/repeat",
          "/tickets/" + ticket + "/note", "/tickets/" + ticket + "/merge", "/board/supervise", "/logout");
      StringBuilder form = new StringBuilder(random.nextInt(3) > 0 ? "csrf=" + consoleCsrf : "");
      String[] keys = {"phone", "category", "itemKind", "description", "address", "unit", "note", "into", "of",
          "username", "password", "confidential", "deadline", "csrf"};
      for (int n = random.nextInt(8); n >= 0; n--) {
        form.append(form.isEmpty() ? "" : "&").append(random.nextInt(8) == 0 ? urlText(random) : pick(random, keys))
            .append('=').append(random.nextInt(5) == 0 ? urlText(random) : formValue(random));
      }
      byte[] body = mutateMaybe(form.toString().getBytes(StandardCharsets.ISO_8859_1), random);
      return new Request("POST", ascii(path), pick(random, FORM, FORM, FORM, FORM + "; charset=utf-8"), "console", body);
    });
  }

  @Provide
  Arbitrary<Request> contentTypes() {
    return from(random -> {
      String[][] doors = {{"POST", "/api/tickets"}, {"POST", "/api/login"}, {"PUT", "/api/calendar/2026-12-01"},
          {"POST", "/api/tickets/" + ticket + "/note"}, {"POST", "/open311/v2/requests.json"},
          {"POST", "/login"}, {"POST", "/agent/tickets"}, {"POST", "/nothing"}, {"PATCH", "/api/tickets"},
          {"DELETE", "/api/tickets/" + ticket}, {"POST", "/twilio/sms/inbound"}};
      String[] door = doors[random.nextInt(doors.length)];
      String type = random.nextInt(6) == 0 ? null : pick(random, "text/plain", "application/xml", "application/json",
          "APPLICATION/JSON ; charset=UTF-8", "application/jsonx", "application/json;", ";", "", " ",
          "multipart/form-data; boundary=x", "multipart/form-data", FORM, FORM + "; charset=",
          "application/x-www-form-urlencoded, application/json", "application/*", "*/*", "json", "application/problem+json",
          "text/html; charset=\"utf-8\"", "application/json; charset=utf-8; boundary=\"", "ü/ö");
      byte[] body = switch (random.nextInt(4)) {
        case 0 -> null;
        case 1 -> jsonBody(random);
        case 2 -> form(random, true).getBytes(StandardCharsets.ISO_8859_1);
        default -> "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n".getBytes(StandardCharsets.UTF_8);
      };
      String who = door[1].startsWith("/api/") ? WHO[random.nextInt(4)] : door[1].startsWith("/agent") ? "console" : "none";
      return new Request(door[0], ascii(door[1]), type, who, body);
    });
  }

  // --- pieces of requests

  /** A JSON-ish body: a random document, a good ticket with one field gone wrong, deep nesting, or bytes mangled. */
  static byte[] jsonBody(Random random) {
    return switch (random.nextInt(7)) {
      case 0 -> utf8(value(random, 0));
      case 1, 2 -> {
        StringBuilder o = new StringBuilder("{\"callerPhone\":\"13800138000\",\"category\":\"utilities\","
            + "\"description\":\"漏水\",\"address\":\"3号楼\",\"channel\":\"agent\",\"note\":\"已联系\","
            + "\"into\":\"" + ticket + "\",\"of\":\"" + ticket + "\",\"satisfaction\":\"satisfied\","
            + "\"username\":\"agent\",\"password\":\"demo\",\"limit\":5,\"working\":true");
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
          o.append(",\"").append(pick(random, FIELDS)).append("\":").append(value(random, 2));
        }
        yield utf8(o.append('}').toString());
      }
      case 3 -> {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 60 : 3000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        yield utf8("{\"description\":" + open.repeat(depth) + "1" + (random.nextInt(4) == 0 ? "" : close.repeat(depth))
            + "}");
      }
      case 4 -> utf8("{\"description\":\"" + "漏".repeat(random.nextInt(30_000)) + "\",\"category\":\"utilities\"}");
      default -> mutate(utf8(value(random, 1)), random);
    };
  }

  /** A random JSON value (as text), nesting bounded, its strings and numbers often nasty. */
  private static String value(Random random, int depth) {
    int kind = random.nextInt(depth > 3 ? 5 : 8);
    return switch (kind) {
      case 0 -> "\"" + jsonText(random) + "\"";
      case 1 -> pick(random, "0", "-1", "1.5", "1e400", "-1e400", "99999999999999999999", "9223372036854775808",
          "-9223372036854775809", "1e-400", "0.000000000000000000001", "123456789012345678901234567890.5", "2147483648");
      case 2 -> pick(random, "true", "false", "null");
      case 3 -> pick(random, "NaN", "Infinity", "undefined", "'x'", "0x10", "01", "+1", ".5", "\"\\x00\"", "\"\\u12\"",
          "\"unterminated");
      case 4 -> "\"" + jsonText(random) + pick(random, NASTY) + "\"";
      case 5 -> {
        StringBuilder a = new StringBuilder("[");
        for (int n = random.nextInt(4); n > 0; n--) {
          a.append(a.length() > 1 ? "," : "").append(value(random, depth + 1));
        }
        yield a.append(']').toString();
      }
      default -> {
        StringBuilder o = new StringBuilder("{");
        for (int n = random.nextInt(5); n > 0; n--) {
          String name = random.nextInt(3) == 0 ? jsonText(random) : pick(random, FIELDS);
          o.append(o.length() > 1 ? "," : "").append('"').append(name).append("\":").append(value(random, depth + 1));
        }
        yield o.append('}').toString();
      }
    };
  }

  /** The inside of a JSON string: plain, Chinese, emoji, escapes (NUL, lone surrogates), or very long. */
  private static String jsonText(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> "";
      case 1 -> "13800138000";
      case 2 -> "厨房水管漏水😀";
      case 3 -> "a\\u0000b";
      case 4 -> pick(random, "\\ud800", "\\udfff", "x\\ud83d", "\\udc00\\ud800", "\\u202e", "\\uffff", "\\ufffe");
      case 5 -> "x".repeat(random.nextInt(9_000));
      case 6 -> pick(random, "utilities", "agent", "web", "sms", "complaint", "2026-12-01", "2026-02-30", "1999-12-31",
          "2026-12-01T10:00:00+08:00", "9999-12-31T23:59:59Z", "satisfied", "SD01", "SD01-C01", ticket, "demo");
      case 7 -> {
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(20); n > 0; n--) {
          int c = random.nextInt(3) == 0 ? random.nextInt(0x80) : random.nextInt(0x3000);
          if (c == '"' || c == '\\' || c < 0x20 || Character.isSurrogate((char) c)) {
            s.append(String.format("\\u%04x", c));
          } else {
            s.append((char) c);
          }
        }
        yield s.toString();
      }
      default -> pick(random, NASTY).replace("\"", "\\\"").replace("\r\n", "\\r\\n").replace("\t", "\\t")
          .replace("\u0000", "\\u0000");
    };
  }

  /** A form body (or query): random keys, repeated keys, values with bad percent-escapes, raw bytes. */
  private static String form(Random random, boolean report) {
    StringBuilder f = new StringBuilder();
    if (report && random.nextInt(4) > 0) {
      f.append("api_key=").append(random.nextInt(8) == 0 ? "wrong" : "demo-open311-key")
          .append("&service_code=").append(random.nextInt(6) == 0 ? urlText(random) : "environment")
          .append(random.nextBoolean() ? "&address_string=123+Fake+St" : "&lat=37.76524078&long=-122.4212043");
    }
    for (int n = random.nextInt(7); n >= 0; n--) {
      f.append(f.isEmpty() ? "" : random.nextInt(12) == 0 ? "&&" : "&");
      f.append(random.nextInt(8) == 0 ? urlText(random) : pick(random, OPEN311_KEYS));
      if (random.nextInt(12) > 0) {
        f.append('=').append(formValue(random));
      }
    }
    return new String(mutateMaybe(f.toString().getBytes(StandardCharsets.ISO_8859_1), random), StandardCharsets.ISO_8859_1);
  }

  private static String formValue(Random random) {
    return switch (random.nextInt(9)) {
      case 0 -> pick(random, "37.76524078", "-122.4212043", "999", "1e2", "NaN", "0x1p3", "-0", "+90.0", "180.000000000001",
          "90.1234567890123", "1" + "0".repeat(400));
      case 1 -> pick(random, "2026-11-01", "2026-11-01T00:00:00+08:00", "2026-13-01", "0000-01-01", "2026-11-01T25:00:00Z",
          "9999999999", "open", "closed", "open,closed", ",", "open,,x");
      case 2 -> pick(random, "http://x.example/a.jpg", "ftp://x", "javascript:alert(1)", "https://", "http:" + "/".repeat(50));
      case 3 -> pick(random, "%00", "%", "%z", "%zz", "%e4%b8", "%ff%fe", "%ED%A0%80", "%C0%80", "%F4%90%80%80",
          "a%2", "%%", "%25", "%E5%8F%B7");
      case 4 -> "x".repeat(random.nextInt(5_000));
      case 5 -> urlText(random);
      case 6 -> pick(random, "13800138000", "+8613800138000", "111111111", "0", "1" + "3".repeat(40), ticket, "demo-open311-key");
      case 7 -> pct("厨房水管漏水😀" + pick(random, NASTY));
      default -> "";
    };
  }

  /** Random text for a URL (a path segment or query piece): percent-escapes good and bad, raw allowed ASCII. */
  private static String urlText(Random random) {
    StringBuilder s = new StringBuilder();
    String allowed = "abcXYZ0189-._~!$'()*,;=:@/?+&";
    for (int n = random.nextInt(25); n > 0; n--) {
      switch (random.nextInt(5)) {
        case 0 -> s.append(String.format("%%%02X", random.nextInt(256)));
        case 1 -> s.append(pick(random, "%", "%z", "%0", "%00", "%e4%b8", "%ED%A0%80", "..", "%2e%2e", "%2F", "%5C"));
        default -> s.append(allowed.charAt(random.nextInt(allowed.length())));
      }
    }
    return s.toString();
  }

  private static String queryValue(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> pick(random, "0", "-1", "1", "200", "201", "100000", "100001", "2147483648", "-2147483649", "1e3", "1.0",
          " 1", "0x10", "99999999999999999999", "", "+5", "١");
      case 1 -> pick(random, "2026-11-23", "2026-02-30", "1999-12-31", "2101-01-01", "0001-01-01", "+999999999-12-31",
          "2026-11-23T10:00:00Z", "20261123", "-2026-01-01", "2026-1-1");
      case 2 -> pick(random, "dispatched", "resolved", "closed", "open", "registered", "DISPATCHED", "x", "");
      case 3 -> pick(random, "13800138000", "+8613800138000", "138 0013 8000", "0", "1" + "3".repeat(300), "%2B86");
      case 4 -> pick(random, "true", "false", "yes", "TRUE", "SD01", "SD01-C01", "%00", "%ff");
      default -> urlText(random);
    };
  }

  /** Sometimes one to three byte edits: a byte changed or inserted (not UTF-8), a piece cut, a NUL. */
  private static byte[] mutateMaybe(byte[] in, Random random) {
    return random.nextInt(4) == 0 ? mutate(in, random) : in;
  }

  static byte[] mutate(byte[] in, Random random) {
    byte[] out = in;
    for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
      int at = out.length == 0 ? 0 : random.nextInt(out.length + 1);
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.write(out, 0, at);
      switch (random.nextInt(5)) {
        case 0 -> { // change a byte
          b.write(random.nextInt(256));
          b.write(out, Math.min(at + 1, out.length), Math.max(0, out.length - at - 1));
        }
        case 1 -> { // insert a byte that is no UTF-8 on its own
          b.write(pickInt(random, 0xff, 0xfe, 0xc0, 0xc3, 0xe4, 0xed, 0x80, 0x00, 0xf4));
          b.write(out, at, out.length - at);
        }
        case 2 -> { // cut the rest
        }
        case 3 -> { // a nasty piece
          b.writeBytes(pick(random, NASTY).getBytes(StandardCharsets.UTF_8));
          b.write(out, at, out.length - at);
        }
        default -> { // half a character
          b.write("号".getBytes(StandardCharsets.UTF_8), 0, 1 + random.nextInt(2));
          b.write(out, at, out.length - at);
        }
      }
      out = b.toByteArray();
    }
    return out;
  }

  /** Percent-encodes the UTF-8 of {@code text} (a form value as a browser sends it). */
  private static String pct(String text) {
    return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A request-target's bytes: a client sends ASCII there, so anything else goes percent-encoded. */
  private static byte[] ascii(String target) {
    StringBuilder s = new StringBuilder();
    for (byte b : target.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      s.append(c > 0x20 && c < 0x7f && c != '#' ? String.valueOf((char) c) : String.format("%%%02X", c));
    }
    return s.toString().getBytes(StandardCharsets.US_ASCII);
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  private static int pickInt(Random random, int... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /**
   * The requests in {@code api-corpus/} (its README says the format): one a line, five fields split by tabs
   * (method, target, content type or -, who, body or -), {@code \xHH} a byte and {@code \\} a backslash.
   */
  static final class Corpus {
    private Corpus() {}

    static List<Request> load(String file) {
      try (InputStream in = ApiFuzzTest.class.getResourceAsStream("/api-corpus/" + file)) {
        if (in == null) {
          throw new IllegalStateException("no corpus file " + file);
        }
        List<Request> requests = new ArrayList<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.split("\t", -1);
          if (f.length != 5) {
            throw new IllegalStateException("not five fields: " + line);
          }
          String target = f[1].replace("{ticket}", ticket);
          requests.add(new Request(f[0], unescape(target), f[2].equals("-") ? null : f[2], f[3],
              f[4].equals("-") ? null : unescape(f[4].replace("{ticket}", ticket))));
        }
        return requests;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    static byte[] unescape(String line) {
      return org.zhaowo.ticketing.CorpusText.unescape(line);
    }

    static String escape(byte[] bytes) {
      return org.zhaowo.ticketing.CorpusText.escape(bytes);
    }
  }
}
