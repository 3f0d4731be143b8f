package org.zhaowo.ticketing;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for tests: real requests to the real server. */
public final class Api {
  /** A reply: status and body (parsed when it is a JSON object). */
  public record Reply(int status, String body, String contentType, java.net.http.HttpHeaders headers) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    /** A header of the answer, or "" when it has none. */
    public String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;

  public Api(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  public int port() {
    return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
  }

  public String login(String user) {
    Reply reply = send("POST", "/api/login", null, new JsonObject().put("username", user).put("password", "demo").encode());
    if (reply.status() != 200) {
      throw new IllegalStateException("login failed: " + reply);
    }
    return reply.json().getString("token");
  }

  public Reply get(String path, String token) {
    return send("GET", path, token, null);
  }

  public Reply post(String path, String token, JsonObject body) {
    return send("POST", path, token, body == null ? null : body.encode());
  }

  public Reply send(String method, String path, String token, String body) {
    return sendAs(method, path, token, "application/json", body);
  }

  public Reply sendAs(String method, String path, String token, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), response.body(), response.headers().firstValue("Content-Type").orElse(""),
          response.headers());
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }
}
