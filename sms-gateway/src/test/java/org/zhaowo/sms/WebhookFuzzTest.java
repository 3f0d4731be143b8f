package org.zhaowo.sms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
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

/**
 * Hostile posts to Twilio's webhooks over real sockets, on a real database: random forms with and without a valid
 * signature, random Body texts (commands, Chinese, emoji, NUL, 2,000 characters), random From numbers, bad
 * MessageSids, repeated keys, bad percent-escapes, bytes that are not UTF-8. Whatever comes in: an answer within
 * {@link #ANSWER_WITHIN_MS}, never a 5xx; a bad signature is always 403 and writes nothing; a refused request writes
 * nothing; a signed reply is taken once (the same MessageSid twice: one sms_inbound row, one ticket at most); a
 * plain signed reply is still handled afterwards. The corpus (webhook-corpus/, its README says the format) is
 * replayed by a plain test; the seeds are fixed.
 */
class WebhookFuzzTest {
  private static final int ANSWER_WITHIN_MS = 5_000;
  private static final String FORM = "application/x-www-form-urlencoded";
  private static final String[] NASTY = {"\u0000", "\uD800", "\uDFFF", "😀", "号", "\u202E", "\r\n", "\t", " ", "",
      "%", "%zz", "&", "=", "+", "'", "\"", "<Response>", "]]>", "' OR 1=1 --", "$1", "\uFFFF", "\uFEFF"};
  private static final String[] COMMANDS = {"1", "2", "3", " 2 ", "4", "0", "STOP", "stop", "退订", "TD", "START", "yes",
      "HELP", "帮助", "?", "？", "CX", "cx 12345678", "进度", "进度12345678", "J 12345678", "j12345678", "S 12345678 已处理",
      "B 12345678 备注", "J", "S", "B 1234567", "J 123456789", "CX 1234567x", ""};
  private static Hotline hotline;
  private static int port;

  // --- one hotline for each engine: Jupiter runs the corpus test, jqwik the properties

  @BeforeAll
  @BeforeContainer
  static void start() throws Exception {
    hotline = new Hotline();
    java.lang.reflect.Field field = Webhooks.class.getDeclaredField("port"); // the test helper keeps it to itself
    field.setAccessible(true);
    port = field.getInt(hotline.webhooks);
  }

  @AfterAll
  @AfterContainer
  static void stop() {
    hotline.close();
  }

  @AfterProperty
  void stillServes() {
    stillHandlesAPlainReply();
  }

  private static void stillHandlesAPlainReply() {
    String sid = "SMplain" + Long.toHexString(count("SELECT count(*) FROM sms_inbound")) + "x" + System.nanoTime();
    assertEquals(200, hotline.webhooks.inbound(sid, "+8613800138000", "HELP"));
    assertEquals(1, count("SELECT count(*) FROM sms_inbound WHERE message_sid = $1", sid));
  }

  // --- the corpus, every run

  @Test
  void everyPostOfTheCorpusIsAnsweredAndRefusedOnesWriteNothing() {
    List<Post> corpus = Corpus.load("posts.txt");
    assertFalse(corpus.isEmpty());
    for (Post post : corpus) {
      check(post);
    }
    stillHandlesAPlainReply();
  }

  // --- properties

  /** A signed reply of any text from any sender: handled (200) or refused (400), and a retry changes nothing. */
  @Property(tries = 60, seed = "23")
  void aSignedReplyIsHandledOnceWhateverItSays(@ForAll("signedReplies") Post post) {
    Counts before = Counts.now();
    Answer first = check(post);
    net.jqwik.api.statistics.Statistics.collect(first.status()); // the report shows how many were handled
    Counts after = Counts.now();
    String sid = post.fields().get("MessageSid");
    if (first.status() == 200) {
      assertEquals(1, count("SELECT count(*) FROM sms_inbound WHERE message_sid = $1", sid), post.toString());
    }
    Answer again = check(post);
    assertEquals(first.status(), again.status(), "a retry is answered as the first: " + post);
    Counts retried = Counts.now();
    assertEquals(after.inbound(), retried.inbound(), "a retry takes no second row: " + post);
    assertEquals(after.tickets(), retried.tickets(), "a retry registers no second ticket: " + post);
    assertTrue(after.tickets() - before.tickets() <= 1, post.toString());
  }

  /** No signature, a wrong one, or one for another body, URL or token: 403, nothing written. */
  @Property(tries = 100, seed = "23")
  void aBadSignatureIsAlwaysRefusedAndWritesNothing(@ForAll("forgedPosts") Post post) {
    Counts before = Counts.now();
    Answer answer = send(post);
    assertEquals(403, answer.status(), post.toString());
    assertEquals(before, Counts.now(), "a forged post wrote something: " + post);
  }

  /** Raw form bytes (bad %-escapes, repeated keys, not UTF-8, wrong content types), signed as they decode or not. */
  @Property(tries = 100, seed = "23")
  void anyRawFormIsAnsweredWithoutA5xx(@ForAll("rawPosts") Post post) {
    net.jqwik.api.statistics.Statistics.collect(check(post).status());
  }

  // --- the invariants

  /** Sends {@code post}: an answer in time, no 5xx, and a request not answered 200 or 204 wrote nothing. */
  private static Answer check(Post post) {
    Counts before = Counts.now();
    Answer answer = send(post);
    assertTrue(answer.status() < 500, "a " + answer.status() + " for " + post + ":\n" + answer.body());
    Counts after = Counts.now();
    if (answer.status() != 200 && answer.status() != 204) {
      assertEquals(before, after, "a refused post (" + answer.status() + ") wrote something: " + post);
    } else {
      assertTrue(after.inbound() - before.inbound() <= 1, post.toString());
      assertTrue(after.tickets() - before.tickets() <= 1, post.toString());
    }
    if (answer.status() == 200 && post.path().equals(TwilioWebhooks.INBOUND_PATH)) {
      assertEquals("<Response/>", answer.body(), post.toString());
    }
    for (String leak : new String[] {"Exception", "org.", "java.", "PgException", "SQLSTATE", "invalid byte sequence"}) {
      assertFalse(answer.body().contains(leak), "leaks '" + leak + "': " + answer.body());
    }
    return answer;
  }

  /** What the webhooks may write: replies taken, delivery callbacks, tickets. */
  private record Counts(long inbound, long callbacks, long tickets) {
    static Counts now() {
      return new Counts(count("SELECT count(*) FROM sms_inbound"), count("SELECT count(*) FROM sms_status_callbacks"),
          count("SELECT count(*) FROM tickets"));
    }
  }

  private static long count(String sql, Object... params) {
    return hotline.rows(sql, params).get(0).getLong(0);
  }

  // --- posts over a raw socket

  /**
   * One post: its path, content type, body bytes, the signature header (null: none), and the fields as the server
   * decodes them (the first of a repeated key), for the tests' own checks.
   */
  record Post(String path, String contentType, byte[] body, String signature, Map<String, String> fields) {
    @Override
    public String toString() {
      return path + "\t" + (contentType == null ? "-" : contentType) + "\t"
          + (signature == null ? "-" : signature.equals(sign(path, fields)) ? "signed" : signature) + "\t"
          + Corpus.escape(body);
    }
  }

  record Answer(int status, String body) {}

  private static Answer send(Post post) {
    StringBuilder head = new StringBuilder("POST " + post.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
    if (post.contentType() != null) {
      head.append("Content-Type: ").append(post.contentType()).append("\r\n");
    }
    if (post.signature() != null) {
      head.append("X-Twilio-Signature: ").append(post.signature()).append("\r\n");
    }
    head.append("Content-Length: ").append(post.body().length).append("\r\n\r\n");
    long started = System.nanoTime();
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(ANSWER_WITHIN_MS);
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.write(post.body());
      out.flush();
      ByteArrayOutputStream raw = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          raw.write(buffer, 0, n);
          if (System.nanoTime() - started > ANSWER_WITHIN_MS * 1_000_000L) {
            throw new SocketTimeoutException();
          }
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("no answer within " + ANSWER_WITHIN_MS + " ms to " + post);
      }
      String text = raw.toString(StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      if (!text.startsWith("HTTP/1.") || end < 0) {
        throw new AssertionError("no HTTP answer to " + post + ": '" + text + "'");
      }
      return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(end + 4));
    } catch (IOException e) {
      throw new UncheckedIOException("could not send " + post, e);
    }
  }

  /** The signature Twilio would send for these fields at this path (twilio-java's own code, as Webhooks has it). */
  static String sign(String path, Map<String, String> fields) {
    return Webhooks.signature(FakeTwilio.TOKEN, Webhooks.PUBLIC_URL + path, fields);
  }

  private static Post signed(List<String[]> pairs, String path) {
    Map<String, String> fields = firstOfEach(pairs);
    return new Post(path, FORM, encode(pairs), sign(path, fields), fields);
  }

  private static Map<String, String> firstOfEach(List<String[]> pairs) {
    Map<String, String> fields = new LinkedHashMap<>();
    pairs.forEach(p -> fields.putIfAbsent(p[0], p[1]));
    return fields;
  }

  private static byte[] encode(List<String[]> pairs) {
    return pairs.stream().map(p -> URLEncoder.encode(p[0], StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(p[1], StandardCharsets.UTF_8)).collect(Collectors.joining("&"))
        .getBytes(StandardCharsets.US_ASCII);
  }

  // --- the generators

  @Provide
  Arbitrary<Post> signedReplies() {
    return Arbitraries.randomValue(random -> signed(reply(random), TwilioWebhooks.INBOUND_PATH));
  }

  @Provide
  Arbitrary<Post> forgedPosts() {
    return Arbitraries.randomValue(random -> {
      String path = random.nextInt(4) == 0 ? TwilioWebhooks.STATUS_PATH : TwilioWebhooks.INBOUND_PATH;
      List<String[]> pairs = path.equals(TwilioWebhooks.STATUS_PATH)
          ? new ArrayList<>(List.of(new String[] {"MessageSid", sid(random)}, new String[] {"MessageStatus",
              pick(random, "delivered", "failed", "sent", "x")}))
          : reply(random);
      Map<String, String> fields = firstOfEach(pairs);
      List<String[]> other = new ArrayList<>(pairs);
      other.add(new String[] {"Body", "3"}); // differs: a key sent twice keeps its first value, so prepend
      other.add(0, new String[] {"Body", fields.getOrDefault("Body", "") + "x"});
      String signature = switch (random.nextInt(7)) {
        case 0 -> null;
        case 1 -> "";
        case 2 -> pick(random, "x", "=", "AAAA", "not base64 !", "\u00e9", sign(path, fields).substring(1));
        case 3 -> Webhooks.signature("not-the-token", Webhooks.PUBLIC_URL + path, fields);
        case 4 -> sign(path, firstOfEach(other));
        case 5 -> Webhooks.signature(FakeTwilio.TOKEN, "https://evil.example.org" + path, fields);
        default -> sign(path.equals(TwilioWebhooks.STATUS_PATH) ? TwilioWebhooks.INBOUND_PATH
            : TwilioWebhooks.STATUS_PATH, fields);
      };
      return new Post(path, FORM, encode(pairs), signature, fields);
    });
  }

  @Provide
  Arbitrary<Post> rawPosts() {
    return Arbitraries.randomValue(random -> {
      String path = random.nextInt(5) == 0 ? TwilioWebhooks.STATUS_PATH : TwilioWebhooks.INBOUND_PATH;
      List<String[]> pairs = reply(random);
      StringBuilder body = new StringBuilder();
      for (String[] p : pairs) {
        body.append(body.isEmpty() ? "" : random.nextInt(10) == 0 ? "&&" : "&")
            .append(random.nextInt(6) == 0 ? badEscape(random) + p[0] : URLEncoder.encode(p[0], StandardCharsets.UTF_8))
            .append(random.nextInt(15) == 0 ? "" : "=")
            .append(random.nextInt(4) == 0 ? badEscape(random) : URLEncoder.encode(p[1], StandardCharsets.UTF_8));
      }
      byte[] bytes = body.toString().getBytes(StandardCharsets.US_ASCII);
      if (random.nextInt(3) == 0) {
        bytes = mutate(bytes, random);
      }
      String type = random.nextInt(5) > 0 ? FORM : pick(random, null, "text/plain", "application/json",
          FORM + "; charset=utf-8", "multipart/form-data; boundary=x", "", FORM + ", text/plain");
      // signed for the fields as the generator meant them: valid when the bytes still say the same, else forged
      Map<String, String> fields = firstOfEach(pairs);
      return new Post(path, type, bytes, random.nextInt(4) == 0 ? null : sign(path, fields), fields);
    });
  }

  /** A reply as Twilio posts it, its fields often odd, sometimes repeated or missing. */
  private static List<String[]> reply(Random random) {
    String sid = sid(random);
    List<String[]> pairs = new ArrayList<>();
    pairs.add(new String[] {"MessageSid", sid});
    if (random.nextBoolean()) {
      pairs.add(new String[] {"SmsSid", random.nextInt(5) == 0 ? sid(random) : sid});
    }
    pairs.add(new String[] {"AccountSid", FakeTwilio.ACCOUNT});
    pairs.add(new String[] {"From", from(random)});
    pairs.add(new String[] {"To", random.nextInt(8) == 0 ? text(random) : FakeTwilio.FROM});
    pairs.add(new String[] {"Body", body(random)});
    pairs.add(new String[] {"NumMedia", pick(random, "0", "1", "-1", "99999999999999999999", "x")});
    if (random.nextInt(5) == 0) {
      pairs.add(new String[] {pick(random, "MessageSid", "From", "Body"), text(random)}); // a key twice
    }
    if (random.nextInt(6) == 0) {
      pairs.remove(random.nextInt(pairs.size()));
    }
    if (random.nextInt(6) == 0) {
      pairs.add(new String[] {text(random), text(random)});
    }
    java.util.Collections.shuffle(pairs.subList(1, pairs.size()), random);
    return pairs;
  }

  /** Mostly a good sid, unique per try; sometimes bad (empty, too long, not alphanumeric, NUL). */
  private static String sid(Random random) {
    String good = "SM" + String.format("%016x%016x", random.nextLong(), random.nextLong());
    return switch (random.nextInt(10)) {
      case 0 -> pick(random, "", "S", "SM", "SM" + "a".repeat(63), "SM-1", "SM 1", "SM\u00001", "SM😀", "ＳＭ1234",
          "SM' OR 1=1 --", "SM%00", "SM\n1");
      case 1 -> good + "\u0000";
      default -> good;
    };
  }

  private static String from(Random random) {
    return switch (random.nextInt(8)) {
      case 0 -> pick(random, "", "+", "+86", "+861", "13800138000", "+8613800138000\u0000", "+86 138 0013 8000",
          "+1" + "5".repeat(40), "+441234567890", "client:anonymous", "0", "-13800138000", "+８６13800138000");
      case 1 -> text(random);
      default -> "+861" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
    };
  }

  private static String body(Random random) {
    return switch (random.nextInt(8)) {
      case 0, 1 -> pick(random, COMMANDS);
      case 2 -> "厨房水管漏水，3号楼2单元501" + pick(random, NASTY);
      case 3 -> "漏".repeat(random.nextBoolean() ? 2_000 : 4_001);
      case 4 -> "x" + "\u0000".repeat(1 + random.nextInt(3)) + "楼道灯坏了😀";
      case 5 -> pick(random, COMMANDS) + pick(random, NASTY);
      case 6 -> text(random);
      default -> "路灯不亮" + "😀".repeat(random.nextInt(50));
    };
  }

  private static String text(Random random) {
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(20); n > 0; n--) {
      s.append(random.nextInt(3) == 0 ? pick(random, NASTY) : String.valueOf((char) random.nextInt(0xD800)));
    }
    return s.toString();
  }

  private static String badEscape(Random random) {
    return pick(random, "%", "%z", "%zz", "%0", "%e4%b8", "%ff%fe", "%ED%A0%80", "%C0%80", "%00", "%%", "a%2");
  }

  private static byte[] mutate(byte[] in, Random random) {
    int at = in.length == 0 ? 0 : random.nextInt(in.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(in, 0, at);
    switch (random.nextInt(4)) {
      case 0 -> out.write(pick(random, 0xff, 0xfe, 0xc3, 0xe4, 0xed, 0x80, 0x00));
      case 1 -> out.write("号".getBytes(StandardCharsets.UTF_8), 0, 1 + random.nextInt(2));
      case 2 -> out.writeBytes(pick(random, NASTY).getBytes(StandardCharsets.UTF_8));
      default -> {
        return out.toByteArray(); // cut
      }
    }
    out.write(in, at, in.length - at);
    return out.toByteArray();
  }

  @SafeVarargs
  private static <T> T pick(Random random, T... choices) {
    return choices[random.nextInt(choices.length)];
  }

  /**
   * The posts in {@code webhook-corpus/} (its README says the format): one a line, four fields split by tabs (path,
   * content type or -, signature: "signed", "-" for none, or the header's text, body), {@code \xHH} a byte.
   */
  static final class Corpus {
    private Corpus() {}

    static List<Post> load(String file) {
      try (InputStream in = WebhookFuzzTest.class.getResourceAsStream("/webhook-corpus/" + file)) {
        if (in == null) {
          throw new IllegalStateException("no corpus file " + file);
        }
        List<Post> posts = new ArrayList<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
          if (line.isEmpty() || line.startsWith("#")) {
            continue;
          }
          String[] f = line.split("\t", -1);
          if (f.length != 4) {
            throw new IllegalStateException("not four fields: " + line);
          }
          byte[] body = unescape(f[3]);
          Map<String, String> fields = lenient(body);
          String signature = f[2].equals("-") ? null : f[2].equals("signed") ? sign(f[0], fields) : f[2];
          posts.add(new Post(f[0], f[1].equals("-") ? null : f[1], body, signature, fields));
        }
        return posts;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The form's fields as a lenient decoder reads them (a bad escape kept as it is), the first of each key. */
    private static Map<String, String> lenient(byte[] body) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          fields.putIfAbsent(java.net.URLDecoder.decode(key, StandardCharsets.UTF_8),
              java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException bad) {
          fields.putIfAbsent(key, value);
        }
      }
      return fields;
    }

    static byte[] unescape(String line) {
      return org.zhaowo.ticketing.CorpusText.unescape(line);
    }

    static String escape(byte[] bytes) {
      return org.zhaowo.ticketing.CorpusText.escape(bytes);
    }
  }
}
