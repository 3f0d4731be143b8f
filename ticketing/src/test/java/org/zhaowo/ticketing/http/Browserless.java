package org.zhaowo.ticketing.http;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A console user without a browser: real HTTP to the real server, keeping the cookies the server sets
 * (session, login guard) and signing in through the login form like a person would.
 */
final class Browserless {
  /** A reply: status, body, and the headers a test looks at. */
  record Reply(int status, String body, String location, String contentType, String disposition,
      java.net.http.HttpHeaders headers) {
    /** A header of the answer, or "" when it has none. */
    String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final Pattern CSRF_BODY = Pattern.compile("data-csrf=\"([^\"]+)\"");
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
      .followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;
  private final Map<String, String> cookies = new LinkedHashMap<>();

  Browserless(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  /** Signs in through the form (GET /login for the guard cookie and field, then POST); fails unless it worked. */
  Browserless signIn(String user) {
    Reply login = get("/login");
    Reply signedIn = post("/login", Map.of("username", user, "password", "demo", "csrf", field(login.body())));
    if (signedIn.status() != 303 || !cookies.containsKey(Sessions.COOKIE)) {
      throw new IllegalStateException("sign-in of " + user + " failed: " + signedIn.status() + " " + signedIn.body());
    }
    return this;
  }

  /** The CSRF token of the signed-in session, as the page at {@code path} gives it to its scripts. */
  String csrf(String path) {
    Matcher m = CSRF_BODY.matcher(get(path).body());
    if (!m.find()) {
      throw new IllegalStateException("no CSRF token on " + path);
    }
    return m.group(1);
  }

  static String field(String html) {
    Matcher m = CSRF_FIELD.matcher(html);
    if (!m.find()) {
      throw new IllegalStateException("no csrf field in " + html);
    }
    return m.group(1);
  }

  /** The cookie header this browser sends ({@code name=value; …}), for a request made by other means (an event stream). */
  String cookieHeader() {
    return cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
  }

  Reply get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  Reply getJson(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "application/json").GET());
  }

  Reply post(String path, Map<String, String> form) {
    String body = form.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A POST of {@code body} as {@code contentType} (not a form), with this browser's cookies. */
  Reply postAs(String path, String contentType, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** A HEAD request: the headers of the GET, no body. */
  Reply head(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).method("HEAD", HttpRequest.BodyPublishers.noBody()));
  }

  private Reply send(HttpRequest.Builder request) {
    if (!cookies.isEmpty()) {
      request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      response.headers().allValues("Set-Cookie").forEach(this::keep);
      return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""),
          response.headers().firstValue("Content-Type").orElse(""),
          response.headers().firstValue("Content-Disposition").orElse(""), response.headers());
    } catch (Exception e) {
      throw new IllegalStateException("request failed", e);
    }
  }

  private void keep(String setCookie) {
    String pair = setCookie.split(";", 2)[0];
    int eq = pair.indexOf('=');
    String name = pair.substring(0, eq).trim();
    String value = pair.substring(eq + 1).trim();
    if (value.isEmpty() || setCookie.toLowerCase().contains("max-age=0")) {
      cookies.remove(name);
    } else {
      cookies.put(name, value);
    }
  }
}
