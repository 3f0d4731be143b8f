package org.zhaowo.sms;

import com.twilio.security.RequestValidator;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Sends webhooks as Twilio does: form posts signed with twilio-java's own signature code. */
final class Webhooks {
  static final String PUBLIC_URL = "https://hotline.example.org";

  private final HttpClient http = HttpClient.newHttpClient();
  private final int port;

  Webhooks(int port) {
    this.port = port;
  }

  /** A reply from the resident at {@code e164}. */
  int inbound(String sid, String e164, String body) {
    return post(TwilioWebhooks.INBOUND_PATH, form("MessageSid", sid, "SmsSid", sid, "AccountSid", FakeTwilio.ACCOUNT,
        "From", e164, "To", FakeTwilio.FROM, "Body", body, "NumMedia", "0"), true);
  }

  int status(String sid, String status) {
    return post(TwilioWebhooks.STATUS_PATH, form("MessageSid", sid, "MessageStatus", status, "SmsStatus", status,
        "AccountSid", FakeTwilio.ACCOUNT), true);
  }

  int post(String path, Map<String, String> params, boolean sign) {
    return post(path, params, sign ? signature(FakeTwilio.TOKEN, PUBLIC_URL + path, params) : null);
  }

  int post(String path, Map<String, String> params, String signature) {
    String body = params.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new IllegalStateException("POST " + path + " failed", e);
    }
  }

  /** The signature twilio-java's RequestValidator computes (its own private method, not a re-implementation). */
  static String signature(String token, String url, Map<String, String> params) {
    try {
      Method sign = RequestValidator.class.getDeclaredMethod("getValidationSignature", String.class, Map.class);
      sign.setAccessible(true);
      return (String) sign.invoke(new RequestValidator(token), url, params);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> form(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
